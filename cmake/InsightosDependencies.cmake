# Third-party packages for everything but the portable core, all from Debian (scripts/setup.sh).
# Found once at the top so backend/, tests/ and bench/ share the same imported targets.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(CLI11 CONFIG REQUIRED)
find_package(spdlog CONFIG REQUIRED)
find_package(nlohmann_json CONFIG REQUIRED)
find_package(Eigen3 CONFIG REQUIRED)
find_package(SQLiteCpp CONFIG REQUIRED)
find_package(SQLite3 REQUIRED)
find_package(OpenSSL REQUIRED)
find_package(ZLIB REQUIRED)
# cpp-httplib is Debian's shared library; its compile definitions come from pkg-config so the
# header matches the compiled library.
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET GLOBAL cpp-httplib)
pkg_check_modules(LIBPQXX REQUIRED IMPORTED_TARGET GLOBAL libpqxx)

# jemalloc in place of glibc's malloc for the programs on the collector's hot path. The
# collector's request threads and its writer allocate concurrently; with glibc they meet on
# arena locks (docs/collector.md "Speed": SQLite ingest ratio +7% in interleaved runs, RSS
# 134 -> ~172 MB).
# Sanitizer builds keep the sanitizer's own allocator.
if(NOT INSIGHTOS_SANITIZE)
  pkg_check_modules(JEMALLOC REQUIRED IMPORTED_TARGET GLOBAL jemalloc)
endif()
function(insightos_use_jemalloc target)
  if(TARGET PkgConfig::JEMALLOC)
    target_link_libraries(${target} PRIVATE PkgConfig::JEMALLOC)
  endif()
endfunction()
