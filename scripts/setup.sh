#!/usr/bin/env bash
# Installs everything InsightOS needs to build, run and test on a fresh Debian 12 machine.
# Idempotent: packages already present are skipped by apt and npm.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

# --build-only: just what building insightos and its web files needs (the Dockerfile's build
# stage), without the test and benchmark packages.
BUILD_ONLY=0
if [ "${1:-}" = "--build-only" ]; then BUILD_ONLY=1; fi

APT_PACKAGES=(
  build-essential cmake pkg-config git ca-certificates
  # collector, storage, CLI
  libcpp-httplib-dev libpqxx-dev libpq-dev libsqlitecpp-dev libsqlite3-dev sqlite3
  nlohmann-json3-dev libcli11-dev libspdlog-dev libssl-dev zlib1g-dev libjemalloc-dev
  # models
  libeigen3-dev liblbfgspp-dev libxgboost-dev xgboost
  # browser side (chromium only runs the browser tests)
  emscripten nodejs
)
TEST_PACKAGES=(
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev clang libclang-rt-14-dev
  postgresql-15 postgresql-client-15
  python3-numpy python3-scipy python3-sklearn
  chromium
  # systemd-analyze checks the systemd units in deploy/
  systemd
)
if [ "$BUILD_ONLY" -eq 0 ]; then APT_PACKAGES+=("${TEST_PACKAGES[@]}"); fi

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if ! command -v npm >/dev/null 2>&1; then
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends npm
fi

# npm packages for the browser build, the dashboard and the browser tests (versions pinned in package-lock.json).
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
echo "setup: ok"
