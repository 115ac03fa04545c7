// The check behind "every acknowledged event stored exactly once" (SPEC §12 R1/R2): after a
// scenario, every message id the clients saw acknowledged is in events once, nothing is
// stored twice, and nothing is stored that was never sent.
#ifndef INSIGHTOS_TESTS_BACKEND_EXACTLY_ONCE_CHECK_H_
#define INSIGHTOS_TESTS_BACKEND_EXACTLY_ONCE_CHECK_H_

#include <string>

#include "tests/support/retrying_clients.h"

namespace insightos::testing {

// Records gtest failures; `database` is a --db URL.
void ExpectExactlyOnce(const std::string& database, const RetryingClients& clients);

}  // namespace insightos::testing

#endif  // INSIGHTOS_TESTS_BACKEND_EXACTLY_ONCE_CHECK_H_
