#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine, builds, and runs the whole pipeline on SQLite:
# `insightos demo` migrates a database, loads events through the real HTTP collector,
# runs the jobs and serves the result on localhost.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
exec build/bin/insightos demo --db "sqlite:insightos-data/demo.db" "$@"
