#!/bin/bash
# WIM put benchmark: `kmsprep image put` of a 4 KiB file against `wimlib-imagex update` doing
# the same, on a WIM of >= 1 GiB of incompressible data and on one of 10 MiB, side by side in
# one run. Targets: kmsprep within 1.1x of wimlib-imagex on a quiet machine (issue 15; 1.2x in
# issue 2), and the 1 GiB time within 1.5x of the 10 MiB time (an append costs what the change
# costs, not what the WIM weighs). Then the cost against the image's file count (FILE_COUNTS,
# uncompressed and LZX): a put rewrites the image's whole metadata resource, for both tools.
# kmsprep's WIM commit fsyncs the WIM (a committed change survives a power cut, issue 13) and
# `wimlib-imagex update` does not, so the size pair also times an informational anchor,
# `wimlib-imagex update` followed by `sync WIM` (coreutils: fsync of that file), the same
# durability; the target stays against the plain update. And, where libeatmydata is installed
# (Debian `eatmydata`: a library that turns fsync into a no-op), kmsprep with it preloaded
# (LD_PRELOAD set directly: the `eatmydata` wrapper is a shell script, whose start-up would
# count) against the plain update: the put without its fsync, to show what the rest of the gap is.
# Prints tables, then `RESULT|...` summary rows (bench/README.md).
#
# Usage: bench/wim_put.sh [path/to/kmsprep] [repetitions]
#   Without a binary, builds a Release kmsprep in $TMPDIR first. Needs wimtools and ~2.2 GiB
#   free in $TMPDIR (default /tmp); everything it makes there is removed at the end.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
kmsprep="${1:-}"
repetitions="${2:-15}"
big_mib="${BIG_MIB:-1024}"
work="$(mktemp -d "${TMPDIR:-/tmp}/kmsprep-wim-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT

command -v wimlib-imagex >/dev/null || { echo "wimlib-imagex is missing (apt-get install wimtools)" >&2; exit 4; }

if [[ -z "$kmsprep" ]]; then
  echo "building a Release kmsprep in $work/build ..." >&2
  cmake -S "$repo" -B "$work/build" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$work/build" --target kmsprep -j"$(nproc)" >/dev/null
  kmsprep="$work/build/bin/kmsprep"
fi
[[ -x "$kmsprep" ]] || { echo "not an executable: $kmsprep" >&2; exit 2; }

# A WIM of incompressible files captured without compression, so its size is its data.
make_wim() {  # name total_mib file_count
  local name="$1" total="$2" count="$3" source="$work/source-$1"
  mkdir -p "$source/Windows/Panther" "$source/data"
  printf '<unattend/>\n' >"$source/Windows/Panther/unattend.xml"
  for ((i = 0; i < count; i++)); do
    head -c "$((total * 1024 * 1024 / count))" /dev/urandom >"$source/data/blob$i.bin"
  done
  wimlib-imagex capture "$source" "$work/$name.wim" "$name" --compress=none >/dev/null
  rm -rf "$source"
}

# Median of the numbers on stdin.
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

now_us() { local t=$EPOCHREALTIME; echo "${t/./}"; }

# Runs "$@" once and appends its wall time in microseconds to $times_file.
timed() {
  local start end
  start=$(now_us)
  "$@" >/dev/null 2>&1
  end=$(now_us)
  echo $((end - start)) >>"$times_file"
}

wimlib_update() {  # wim payload
  echo "add '$2' /Windows/Panther/payload.bin" | wimlib-imagex update "$1" 1
}

wimlib_update_durable() {  # wim payload
  wimlib_update "$1" "$2" && sync "$1"
}

eatmydata_library=$(ls /usr/lib/*/libeatmydata.so 2>/dev/null | head -1 || true)
have_eatmydata=${eatmydata_library:+1}
kmsprep_without_fsync() { LD_PRELOAD=$eatmydata_library "$kmsprep" "$@"; }

# Times each tool `repetitions` times on the same WIM, alternating so that both see the same
# cache state; each put carries new bytes so that no run is a no-op.
# With `durable` as second argument, also the update followed by `sync WIM`.
run_pair() {  # name [durable]
  local wim="$work/$1.wim" times_file durable="${2:-}"
  : >"$work/$1.kmsprep"; : >"$work/$1.wimlib"; : >"$work/$1.wimlib-sync"; : >"$work/$1.nofsync"
  for ((r = 0; r < repetitions; r++)); do
    head -c 4096 /dev/urandom >"$work/payload"
    times_file="$work/$1.kmsprep" timed "$kmsprep" image put "$wim" Windows/Panther/payload.bin --from "$work/payload"
    head -c 4096 /dev/urandom >"$work/payload"
    times_file="$work/$1.wimlib" timed wimlib_update "$wim" "$work/payload"
    if [[ -n "$durable" ]]; then
      head -c 4096 /dev/urandom >"$work/payload"
      times_file="$work/$1.wimlib-sync" timed wimlib_update_durable "$wim" "$work/payload"
    fi
    if [[ -n "$durable" && -n "$have_eatmydata" ]]; then
      head -c 4096 /dev/urandom >"$work/payload"
      times_file="$work/$1.nofsync" timed kmsprep_without_fsync image put "$wim" \
        Windows/Panther/payload.bin --from "$work/payload"
    fi
  done
  "$kmsprep" image cat "$wim" Windows/Panther/payload.bin | cmp -s - "$work/payload" || {
    echo "read-back check failed on $1" >&2; exit 1; }
  wimlib-imagex verify "$wim" >/dev/null 2>&1 || { echo "verify failed on $1" >&2; exit 1; }
}

echo "making the WIMs (${big_mib} MiB and 10 MiB of random data) ..." >&2
make_wim big "$big_mib" 4
make_wim small 10 2

run_pair small durable
run_pair big durable

minimum() { sort -n | head -1; }
ms() { awk -v us="$1" 'BEGIN { printf "%.1f", us / 1000 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }'; }

echo
echo "kmsprep: $kmsprep"
echo "$(wimlib-imagex --version | head -1)"
echo "machine: $(nproc) CPUs ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)), $(free -h | awk '/Mem:/ { print $2 }') RAM, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "repetitions: $repetitions per tool per WIM; wall time in ms, process start included;"
echo "the minimum is the run least disturbed by other load on the machine"
echo
printf '%-26s %9s %9s %7s %9s %9s %7s\n' "" "kmsprep" "wimlib" "" "kmsprep" "wimlib" ""
printf '%-26s %9s %9s %7s %9s %9s %7s\n' "WIM" "median" "median" "ratio" "min" "min" "ratio"
for name in small big; do
  size=$(stat -c %s "$work/$name.wim")
  km=$(median <"$work/$name.kmsprep"); wm=$(median <"$work/$name.wimlib")
  kn=$(minimum <"$work/$name.kmsprep"); wn=$(minimum <"$work/$name.wimlib")
  printf '%-26s %9s %9s %7s %9s %9s %7s\n' "$name ($size B)" "$(ms "$km")" "$(ms "$wm")" \
    "$(ratio "$km" "$wm")" "$(ms "$kn")" "$(ms "$wn")" "$(ratio "$kn" "$wn")"
  eval "${name}_km=$km ${name}_wm=$wm ${name}_kn=$kn ${name}_wn=$wn"
done
echo
echo
echo "informational: wimlib-imagex update + sync WIM (the durability kmsprep's fsync gives)"
for name in small big; do
  ws=$(median <"$work/$name.wimlib-sync"); wsn=$(minimum <"$work/$name.wimlib-sync")
  printf '%-26s %9s %9s %7s %9s %9s %7s\n' "$name" "$(ms "$(eval echo \$${name}_km)")" "$(ms "$ws")" \
    "$(ratio "$(eval echo \$${name}_km)" "$ws")" "$(ms "$(eval echo \$${name}_kn)")" "$(ms "$wsn")" \
    "$(ratio "$(eval echo \$${name}_kn)" "$wsn")"
  eval "${name}_ws=$ws"
done
if [[ -n "$have_eatmydata" ]]; then
  echo "informational: kmsprep under eatmydata (its fsync a no-op) vs wimlib-imagex update"
  for name in small big; do
    nf=$(median <"$work/$name.nofsync"); nfn=$(minimum <"$work/$name.nofsync")
    printf '%-26s %9s %9s %7s %9s %9s %7s\n' "$name" "$(ms "$nf")" "$(ms "$(eval echo \$${name}_wm)")" \
      "$(ratio "$nf" "$(eval echo \$${name}_wm)")" "$(ms "$nfn")" "$(ms "$(eval echo \$${name}_wn)")" \
      "$(ratio "$nfn" "$(eval echo \$${name}_wn)")"
    eval "${name}_nf=$nf"
  done
fi
echo
echo "kmsprep big/small: median $(ratio "$big_km" "$small_km"), min $(ratio "$big_kn" "$small_kn") (target <= 1.5x)"
echo "wimlib-imagex big/small: median $(ratio "$big_wm" "$small_wm"), min $(ratio "$big_wn" "$small_wn")"
load_sizes=$(cut -d' ' -f1-3 /proc/loadavg)

# The cost against the file count: WIMs of N 1 KiB files (one directory tree per 1000).
make_many() {  # name count compression
  local source="$work/source-$1"
  mkdir -p "$source/Windows/Panther"
  printf '<unattend/>\n' >"$source/Windows/Panther/unattend.xml"
  local left=$2 dir=0
  while ((left > 0)); do
    local this=$((left < 1000 ? left : 1000))
    mkdir -p "$source/Windows/System32/d$dir"
    head -c $((this * 1024)) /dev/urandom | (cd "$source/Windows/System32/d$dir" && split -b 1024 -a 4 - f)
    left=$((left - this)); dir=$((dir + 1))
  done
  wimlib-imagex capture "$source" "$work/$1.wim" "$1" --compress="$3" >/dev/null
  rm -rf "$source"
}
counts="${FILE_COUNTS:-100 1000 4000 16000}"
curve_reps="${CURVE_REPETITIONS:-7}"
echo
echo "put cost against the image's file count (median of $curve_reps, ms; ratio to the first count)"
printf '%-8s %7s %9s %9s %9s %9s %8s\n' "compress" "files" "kmsprep" "wimlib" "ratio" "kmsprep/" "wimlib/"
for compression in none LZX; do
  first_k=""; first_w=""
  for count in $counts; do
    name="files-$compression-$count"
    make_many "$name" "$count" "$compression"
    saved=$repetitions; repetitions=$curve_reps; run_pair "$name"; repetitions=$saved
    km=$(median <"$work/$name.kmsprep"); wm=$(median <"$work/$name.wimlib")
    [[ -z "$first_k" ]] && { first_k=$km; first_w=$wm; first_count=$count; }
    printf '%-8s %7s %9s %9s %9s %9s %8s\n' "$compression" "$count" "$(ms "$km")" "$(ms "$wm")" \
      "$(ratio "$km" "$wm")" "$(ratio "$km" "$first_k")" "$(ratio "$wm" "$first_w")"
    eval "curve_${compression}_k=$km curve_${compression}_w=$wm"
    rm -f "$work/$name.wim"
  done
  eval "growth_${compression}_k=\$(ratio \"\$curve_${compression}_k\" $first_k) growth_${compression}_w=\$(ratio \"\$curve_${compression}_w\" $first_w)"
done
last_count=${counts##* }
load_end=$(cut -d' ' -f1-3 /proc/loadavg)
echo "load average: $load_sizes after the size pair, $load_end at the end"

put_ratio=$(awk -v a="$small_km" -v b="$small_wm" 'BEGIN { printf "%.2f", a / b }')
big_ratio=$(awk -v a="$big_km" -v b="$big_wm" 'BEGIN { printf "%.2f", a / b }')
echo "RESULT|\`image put\` 4 KiB into a WIM vs \`wimlib-imagex update\`|within 1.1x (quiet machine)|${put_ratio}x on 10 MiB, ${big_ratio}x on ${big_mib} MiB ($(ms "$small_km") ms vs $(ms "$small_wm") ms, median of $repetitions); informational, against update + \`sync WIM\` (kmsprep fsyncs, issue 13): $(ratio "$small_km" "$small_ws") on 10 MiB, $(ratio "$big_km" "$big_ws") on ${big_mib} MiB${have_eatmydata:+; kmsprep without its fsync (eatmydata) against the plain update: $(ratio "$small_nf" "$small_wm") on 10 MiB, $(ratio "$big_nf" "$big_wm") on ${big_mib} MiB}|$(awk -v r="$put_ratio" 'BEGIN { print (r <= 1.1) ? "met" : "not met" }')|RESULTS-wim.md"
echo "RESULT|\`image put\` 4 KiB: 1 GiB WIM vs 10 MiB WIM (few files)|within 1.5x|$(ratio "$big_km" "$small_km") (wimlib-imagex $(ratio "$big_wm" "$small_wm"))|$(awk -v r="$(ratio "$big_km" "$small_km" | tr -d x)" 'BEGIN { print (r <= 1.5) ? "met: the size of the WIM does not count" : "not met" }')|RESULTS-wim.md"
last_none=$(ratio "$curve_none_k" "$curve_none_w"); last_lzx=$(ratio "$curve_LZX_k" "$curve_LZX_w")
echo "RESULT|\`image put\` 4 KiB: cost against the image's file count, $first_count to $last_count files (both curves in the details)|as wimlib-imagex's own|at $last_count files kmsprep/wimlib-imagex ${last_none} uncompressed ($(ms "$curve_none_k") vs $(ms "$curve_none_w") ms), ${last_lzx} LZX ($(ms "$curve_LZX_k") vs $(ms "$curve_LZX_w") ms); growth from $first_count files: kmsprep ${growth_none_k} / ${growth_LZX_k}, wimlib-imagex ${growth_none_w} / ${growth_LZX_w}|$(awk -v a="${last_none%x}" -v b="${last_lzx%x}" 'BEGIN { print (a <= 1.1 && b <= 1.1) ? "met: the cost follows the file count, as for wimlib-imagex" : "not met" }')|RESULTS-wim.md"
