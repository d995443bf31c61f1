#!/usr/bin/env bash
# Benchmark: `kmsprep image cat` of one large file from a WIM against
# `wimlib-imagex extract --to-stdout` of the same file (issue 15, target 3): wall time and peak
# memory (maximum resident set size, /usr/bin/time), both written to /dev/null, interleaved.
# Targets: time within 1.1x, peak memory within 8 MiB of wimlib-imagex's.
# Prints a table, then `RESULT|...` summary rows (bench/README.md).
#
# Usage: bench/image_cat.sh [path/to/kmsprep] [repetitions]   (default build/release/bin/kmsprep, 9)
# Environment: FILE_MIB (default 64), COMPRESS (default LZX: what Windows install.wim uses),
#              BENCH_DIR (default: $TMPDIR or /tmp).
set -euo pipefail

kmsprep=${1:-build/release/bin/kmsprep}
runs=${2:-9}
file_mib=${FILE_MIB:-64}
compress=${COMPRESS:-LZX}
for tool in wimlib-imagex /usr/bin/time "$kmsprep"; do
  command -v "$tool" > /dev/null || { echo "image_cat.sh: $tool not found" >&2; exit 4; }
done
scratch=$(mktemp -d "${BENCH_DIR:-${TMPDIR:-/tmp}}/kmsprep-cat-bench-XXXXXX")
trap 'rm -rf "$scratch"' EXIT

median() {
  sort -g | awk '{ v[NR] = $1 }
    END { printf "%.3f", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
load() { cut -d' ' -f1-3 /proc/loadavg; }

# Half random, half text: a hive-like file that LZX shrinks somewhat.
mkdir -p "$scratch/tree/Windows/System32/config"
{ head -c $(( file_mib * 512 * 1024 )) /dev/urandom
  head -c $(( file_mib * 384 * 1024 )) /dev/urandom | base64 -w 76; } \
  > "$scratch/tree/Windows/System32/config/SOFTWARE"
wimlib-imagex capture "$scratch/tree" "$scratch/install.wim" Base --compress="$compress" > /dev/null
expected=$(sha1sum < "$scratch/tree/Windows/System32/config/SOFTWARE")
rm -rf "$scratch/tree"
inner=Windows/System32/config/SOFTWARE

# Runs a command under /usr/bin/time; appends "seconds kib" to the file named first.
measure() {  # RESULT_FILE COMMAND...
  local out=$1; shift
  /usr/bin/time -f '%e %M' -o "$scratch/time" "$@" > /dev/null
  cat "$scratch/time" >> "$out"
}

load_start=$(load)
for run in $(seq 1 "$runs"); do
  measure "$scratch/kmsprep" "$kmsprep" image cat "$scratch/install.wim" "$inner"
  measure "$scratch/wimlib" wimlib-imagex extract "$scratch/install.wim" 1 "/$inner" --to-stdout
done
load_end=$(load)
[[ $("$kmsprep" image cat "$scratch/install.wim" "$inner" | sha1sum) == "$expected" ]] || {
  echo "image_cat.sh: kmsprep wrote other bytes" >&2; exit 1; }

kt=$(cut -d' ' -f1 "$scratch/kmsprep" | median); wt=$(cut -d' ' -f1 "$scratch/wimlib" | median)
km=$(cut -d' ' -f2 "$scratch/kmsprep" | sort -g | tail -1)
wm=$(cut -d' ' -f2 "$scratch/wimlib" | sort -g | tail -1)
r=$(awk -v a="$kt" -v b="$wt" 'BEGIN { printf "%.2f", a / b }')
dm=$(awk -v a="$km" -v b="$wm" 'BEGIN { printf "%.1f", (a - b) / 1024 }')
cat <<EOF2
machine: $(nproc) CPUs ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)), $(free -h | awk '/Mem:/ { print $2 }') RAM; load average $load_start at the start, $load_end at the end
$(wimlib-imagex --version | head -1); WIM $(stat -c %s "$scratch/install.wim") B ($compress), file ${file_mib} MiB

| tool | median wall (s) | peak RSS (KiB, max of $runs) |
|---|---|---|
| kmsprep image cat | $kt | $km |
| wimlib-imagex extract --to-stdout | $wt | $wm |

Individual runs (s KiB): kmsprep $(tr '\n' ';' < "$scratch/kmsprep"); wimlib $(tr '\n' ';' < "$scratch/wimlib")
EOF2
echo "RESULT|\`image cat\` of a ${file_mib} MiB file from a WIM ($compress) vs \`wimlib-imagex extract --to-stdout\`|within 1.1x, peak memory within 8 MiB|${r}x (${kt} s vs ${wt} s, median of $runs); peak ${km} KiB vs ${wm} KiB (${dm} MiB more)|$(awk -v r="$r" -v d="$dm" 'BEGIN { print (r <= 1.1 && d <= 8) ? "met" : "not met" }')|RESULTS-wim.md"
