#!/usr/bin/env bash
# Runs ingest_bench several times and prints each run's figures and their medians.
#   bench/ingest_rounds.sh [RUNS] [ingest_bench options...]
#   e.g. bench/ingest_rounds.sh 5 --database sqlite
# One run's ratio is noisy on a small shared machine: the raw baseline alone varied 86-114k
# events/s between runs here (docs/collector.md "Speed"). Each run still pairs the collector
# with its baseline, so the median of the paired ratios is the figure to quote.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=5
if [[ "${1:-}" =~ ^[0-9]+$ ]]; then runs=$1; shift; fi
bench=${INGEST_BENCH:-build/bin/ingest_bench}
# Each run's full output stays there, for the slow-request bins and server-side times.
log_dir=$(mktemp -d "${TMPDIR:-/tmp}/insightos-ingest-rounds.XXXXXX")

# One line per run: raw rate, HTTP rate, ratio, p99 at half peak, peak RSS, stored == acknowledged.
summarize() {
  awk 'function rate(  i) { for (i = 2; i <= NF; i++) if ($i == "events/s") return $(i - 1) }
       /^raw /{raw=rate()} /^HTTP collector,/{http=rate()} /^ratio HTTP/{ratio=$5}
       /^latency at half peak/{p99=$9} /^server peak RSS/{rss=$4}
       /^stored /{ok=($0 ~ /equal, no duplicates/) ? "yes" : "NO"}
       END{printf "%s %s %s %s %s %s\n", raw, http, ratio, p99, rss, ok}' "$1"
}

printf "%-4s %10s %10s %6s %12s %8s %s\n" run raw/s http/s ratio p99_half_ms rss_mb stored_ok
for i in $(seq 1 "$runs"); do
  if ! "$bench" "$@" >"$log_dir/$i.log" 2>&1; then
    echo "run $i failed; its output:" >&2
    tail -20 "$log_dir/$i.log" >&2
    exit 1
  fi
  summarize "$log_dir/$i.log" >>"$log_dir/summary"
  printf "%-4s %10s %10s %6s %12s %8s %s\n" "$i" $(tail -1 "$log_dir/summary")
done

median() { sort -g | awk '{v[NR]=$1} END{print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
printf "%-4s %10s %10s %6s %12s %8s\n" median \
  "$(cut -d' ' -f1 "$log_dir/summary" | median)" "$(cut -d' ' -f2 "$log_dir/summary" | median)" \
  "$(cut -d' ' -f3 "$log_dir/summary" | median)" "$(cut -d' ' -f4 "$log_dir/summary" | median)" \
  "$(cut -d' ' -f5 "$log_dir/summary" | median)"
echo "full output of each run: $log_dir"
