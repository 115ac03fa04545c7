// Invariant checks for fuzz targets: abort with a message (libFuzzer records the input).
#ifndef INSIGHTOS_TESTS_FUZZ_FUZZ_CHECK_H_
#define INSIGHTOS_TESTS_FUZZ_FUZZ_CHECK_H_

#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(condition)                                                          \
  do {                                                                                 \
    if (!(condition)) {                                                                \
      std::fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #condition); \
      std::abort();                                                                    \
    }                                                                                  \
  } while (false)

#endif  // INSIGHTOS_TESTS_FUZZ_FUZZ_CHECK_H_
