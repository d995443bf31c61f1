#!/usr/bin/env bash
# kmsprep report over 1,000,000 12290 events in Event Viewer's CSV shape, against the anchor:
# awk counting the distinct CMIDs of the same file (the least a report must do: read every
# record once). Usage: bench/report_bench.sh [BUILD_DIR] (default build/release).
# Prints the seconds of each and the load average; record them in bench/RESULTS-report.md.
set -euo pipefail
build=${1:-build/release}
kmsprep="$build/bin/kmsprep"
events=${EVENTS:-1000000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
csv="$work/kms01.csv"

# 5,000 clients (1 in 10 are clones of one of 50 non-generalized images), one request each
# every few hours over 30 days: the shape of a large KMS host's log.
awk -v n="$events" 'BEGIN {
  srand(7)
  printf "Level,Date and Time,Source,Event ID,Task Category\r\n"
  for (i = 0; i < n; i++) {
    client = i % 5000
    cmid = (client % 10 == 0) ? sprintf("aaaaaaaa-0000-4000-8000-%012d", client % 500) \
                              : sprintf("bbbbbbbb-0000-4000-8000-%012d", client)
    minute = int(i * 43200 / n)
    day = 1 + int(minute / 1440); hour = int(minute % 1440 / 60); min = minute % 60
    h12 = hour % 12; if (h12 == 0) h12 = 12
    printf "Information,11/%d/2026 %d:%02d:00 %s,Security-SPP,12290,None,\"An activation request has been processed.\r\nInfo:\r\n0x0, 25, pc-%05d.corp.example, %s, 2026/11/%d %d:%02d, 0, 1, 259200, 73111121-5638-40f6-bc11-f1d7b0d64300\"\r\n", \
      day, h12, min, (hour < 12 ? "AM" : "PM"), client, cmid, day, hour, min
  }
}' > "$csv"
echo "input: $events events, $(du -m "$csv" | cut -f1) MB"

# Wall and CPU (user + system) seconds: on a shared machine wall time includes waiting for a core.
measure() { /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" > "$work/out"; read -r wall user sys rss < "$work/time";
            echo "wall ${wall} s, cpu $(echo "$user + $sys" | bc) s, max RSS ${rss} KiB"; }

echo "anchor (awk, distinct CMIDs): $(measure awk -F', ' '/^0x/ { seen[$4] = 1 } END { n = 0; for (c in seen) n++; print n }' "$csv"); result $(cat "$work/out")"
echo "kmsprep report --json: $(measure "$kmsprep" report "$csv" --json)"
/usr/bin/python3 -c "import json; d=json.load(open('$work/out')); print('hosts', len(d['hosts']), 'count', d['hosts'][0]['count'], 'duplicates', len(d['duplicate_cmids']), '12290', d['events']['12290'])"
[[ -n "${KEEP:-}" ]] && cp "$csv" "$KEEP"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
