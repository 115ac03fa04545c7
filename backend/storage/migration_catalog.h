// The schema migrations compiled into the binary (generated from sql/ at build time).
#ifndef INSIGHTOS_BACKEND_STORAGE_MIGRATION_CATALOG_H_
#define INSIGHTOS_BACKEND_STORAGE_MIGRATION_CATALOG_H_

#include <string_view>
#include <vector>

namespace insightos::storage {

struct Migration {
  int version;            // from the file name's NNN prefix
  std::string_view name;  // the rest of the file name
  std::string_view sql;
};

// In ascending version order.
const std::vector<Migration>& SqliteMigrations();
const std::vector<Migration>& PostgresMigrations();

}  // namespace insightos::storage

#endif  // INSIGHTOS_BACKEND_STORAGE_MIGRATION_CATALOG_H_
