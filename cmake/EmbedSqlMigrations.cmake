# Build-time script: turns sql/<dialect>/NNN_name.sql into a C++ table of migrations so the
# insightos binary carries its schema (deploy one file, migrate anywhere).
# Inputs: SQL_DIR, OUTPUT.
file(GLOB sqlite_files ${SQL_DIR}/sqlite/[0-9][0-9][0-9]_*.sql)
file(GLOB postgres_files ${SQL_DIR}/postgres/[0-9][0-9][0-9]_*.sql)
list(SORT sqlite_files)
list(SORT postgres_files)

function(emit_table var files out)
  set(body "")
  foreach(f ${files})
    get_filename_component(name ${f} NAME_WE)
    string(SUBSTRING ${name} 0 3 version)
    string(SUBSTRING ${name} 4 -1 title)
    math(EXPR version "${version}")
    file(READ ${f} sql)
    string(APPEND body "  {${version}, \"${title}\", R\"insightos_sql(${sql})insightos_sql\"},\n")
  endforeach()
  set(${out} "${body}" PARENT_SCOPE)
endfunction()

emit_table(sqlite "${sqlite_files}" sqlite_body)
emit_table(postgres "${postgres_files}" postgres_body)
file(WRITE ${OUTPUT}.tmp "// Generated from sql/ at build time; do not edit.
#include \"backend/storage/migration_catalog.h\"

namespace insightos::storage {

const std::vector<Migration>& SqliteMigrations() {
  static const std::vector<Migration> kMigrations = {
${sqlite_body}  };
  return kMigrations;
}

const std::vector<Migration>& PostgresMigrations() {
  static const std::vector<Migration> kMigrations = {
${postgres_body}  };
  return kMigrations;
}

}  // namespace insightos::storage
")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different ${OUTPUT}.tmp ${OUTPUT})
