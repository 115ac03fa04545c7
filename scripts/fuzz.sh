#!/usr/bin/env bash
# Builds the libFuzzer targets with clang and runs each for a while, growing its corpus.
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
# New interesting inputs land in build-fuzz/corpus/<target>; crashes are written as
# build-fuzz/crash-*: minimize them (<target>_fuzz -minimize_crash=1 FILE), fix the bug and
# add the minimized input to tests/fuzz/corpus/<target>/ so it replays in every test run.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(json event_batch csv config_text dashboard_session)
CC=clang CXX=clang++ cmake -S . -B build-fuzz -DINSIGHTOS_BUILD_FUZZ=ON -DINSIGHTOS_BUILD_WASM=OFF \
  -DINSIGHTOS_BUILD_BENCH=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-fuzz -j"$(nproc)" --target $(printf '%s_fuzz ' "${targets[@]}")
for t in "${targets[@]}"; do
  mkdir -p "build-fuzz/corpus/$t"
  echo "== fuzzing $t for ${seconds}s"
  (cd build-fuzz && "./bin/${t}_fuzz" -max_total_time="$seconds" -max_len=65536 -timeout=10 \
     "corpus/$t" "../tests/fuzz/corpus/$t")
done
