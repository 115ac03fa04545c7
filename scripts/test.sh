#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine, builds, and runs every test against a real SQLite file
# and a throwaway PostgreSQL 15 cluster that this script starts and always stops.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh

# The portable core must build without exceptions or RTTI, as the browser build needs.
cmake -S . -B build-core -DINSIGHTOS_CORE_ONLY=ON -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build-core -j"$(nproc)"

pg_dir=$(mktemp -d /tmp/insightos-pg.XXXXXX)
cleanup() { scripts/pg-cluster.sh stop "$pg_dir"; rm -rf "$pg_dir"; }
trap cleanup EXIT
INSIGHTOS_TEST_POSTGRES_URL=$(scripts/pg-cluster.sh start "$pg_dir")
export INSIGHTOS_TEST_POSTGRES_URL

ctest --test-dir build-core --output-on-failure
ctest --test-dir build --output-on-failure -j"$(nproc)" --timeout 900
