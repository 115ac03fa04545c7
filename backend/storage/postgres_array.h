// PostgreSQL array literals for set-based statements: `unnest($1::text[], ...)` sends a
// whole batch of rows as a handful of parameters instead of one round trip per row.
#ifndef INSIGHTOS_BACKEND_STORAGE_POSTGRES_ARRAY_H_
#define INSIGHTOS_BACKEND_STORAGE_POSTGRES_ARRAY_H_

#include <string>
#include <vector>

namespace insightos::storage {

// {"a","b \"quoted\""}: every element quoted, backslashes and quotes escaped.
std::string PostgresTextArray(const std::vector<std::string>& values);
// {1,2,3}. REQUIRES: each value is a decimal integer or NULL.
std::string PostgresIntArray(const std::vector<std::string>& values);
// {0.5,1e-07}: each value printed with 17 significant digits, so it reads back exactly.
// REQUIRES: finite values.
std::string PostgresDoubleArray(const std::vector<double>& values);

}  // namespace insightos::storage

#endif  // INSIGHTOS_BACKEND_STORAGE_POSTGRES_ARRAY_H_
