#!/bin/sh
# Benchmarks `kmsprep simulate` on a generated fleet (default 1,000,000 clients over 210 days):
# builds kmsprep in Release in its own directory, generates the topology, runs it under
# /usr/bin/time -v and appends clients, attempts and events per second and peak RSS with the
# machine's description to bench/RESULTS-engine.md. Not part of ctest.
# Usage: bench/simulate_bench.sh [CLIENTS] [DAYS]   (run from anywhere)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
clients=${1:-1000000}
days=${2:-210}
build=${KMSPREP_BENCH_BUILD:-$root/../build-bench-engine}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DKMSPREP_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j1 --target kmsprep >/dev/null
"$root/bench/generate_topology.sh" "$clients" 50 "$days" > "$work/fleet.xml"

# One core, as the target says; the best of three runs.
best=""
for run in 1 2 3; do
  /usr/bin/time -v taskset -c 0 "$build/bin/kmsprep" simulate "$work/fleet.xml" --format json \
    > "$work/report.json" 2> "$work/time.txt"
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/time.txt" |
         awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }')
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")
  cpu_time=$(awk -F': ' '/User time|System time/ {sum += $2} END {printf "%.2f", sum}' "$work/time.txt")
  if [ -z "$best" ] || awk -v a="$wall" -v b="$best" 'BEGIN { exit !(a < b) }'; then
    best=$wall
    best_rss=$rss
    best_cpu=$cpu_time
  fi
done

events=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(sum(d["events"].values()))' "$work/report.json")
attempts=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["events"]["12288"])' "$work/report.json")
activated=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(sum(s["activated"] for s in d["sites"]))' "$work/report.json")
cpu=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
rate=$(awk -v e="$events" -v w="$best" 'BEGIN { printf "%.0f", e / w }')
attempt_rate=$(awk -v e="$attempts" -v w="$best" 'BEGIN { printf "%.0f", e / w }')
rss_mib=$(awk -v k="$best_rss" 'BEGIN { printf "%.0f", k / 1024 }')

load=$(cut -d' ' -f1 /proc/loadavg)
line="| $(date -u +%Y-%m-%d) | $cpu, 1 core, load $load | $clients | $days | $activated | $attempts | $events | ${best} s | ${best_cpu} s | $attempt_rate | $rate | ${rss_mib} MiB |"
results="$root/bench/RESULTS-engine.md"
if [ ! -f "$results" ]; then
  cat > "$results" <<'HEAD'
# Fleet simulation benchmark (bench/simulate_bench.sh)

Whole-process wall time of `kmsprep simulate FLEET.xml --format json` (Release build, pinned to
one core with taskset, best of three), fleet from `bench/generate_topology.sh` (50 sites, each
with its own KMS host; 60% Windows 10, 25% Windows 7, 10% Vista, 5% Server 2019; boot spread
over 8 h). Target: 1,000,000 clients over 210 days in under 2 s and under 1 GiB.
Attempts = queue events (12288 records); events = all 12288 + 12289 + 12290 records; rates are
per second of wall time. CPU = user + system time of the same run: on a shared machine (the load
column is the 1-minute load average when the run ended) wall time includes waiting for the core.

| date | machine | clients | days | licensed at end | attempts | event records | wall | CPU | attempts/s | events/s | peak RSS |
|---|---|---|---|---|---|---|---|---|---|---|---|
HEAD
fi
echo "$line" >> "$results"
echo "$line"
