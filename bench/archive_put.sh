#!/usr/bin/env bash
# Benchmark: `kmsprep image put` of a 4 KiB file into archives, each case interleaved with its
# anchor in the same run (issue 15, targets 1, 2 and 4):
#  - zip (ZIP_MIB of deflated data, default 250 MiB): against Info-ZIP `zip` updating the same
#    entry, then `sync` after both (target: within 1.5x);
#  - tar.gz (GZ_MIB, default 256) and tar.xz (XZ_MIB, default 32): against bsdtar re-creating
#    the archive with the new file (`bsdtar -czf new @old` + mv + sync) (target: within 1.0x);
#  - uncompressed tar (TAR_MIB, default 1024): against `cp --reflink=never` + `sync` (target:
#    within 1.1x), and the put's throughput as a fraction of the disk's sequential write
#    bandwidth measured with `dd ... conv=fsync`.
# Each figure is the median of RUNS runs (wall clock, warm page cache, `sync` before each run).
# Prints a table, then one `RESULT|...` summary row per target (bench/README.md).
#
# Usage: bench/archive_put.sh [path/to/kmsprep]   (default: build/release/bin/kmsprep)
# Environment: RUNS (default 5), ZIP_MIB, GZ_MIB, XZ_MIB, TAR_MIB,
#              BENCH_DIR (default: $TMPDIR or /tmp; needs ~3x TAR_MIB + 2x ZIP_MIB free).
set -euo pipefail

kmsprep=${1:-build/release/bin/kmsprep}
runs=${RUNS:-5}
zip_mib=${ZIP_MIB:-250}
gz_mib=${GZ_MIB:-256}
xz_mib=${XZ_MIB:-32}
tar_mib=${TAR_MIB:-1024}

for tool in bsdtar zip unzip dd "$kmsprep"; do
  command -v "$tool" > /dev/null || { echo "archive_put.sh: $tool not found" >&2; exit 4; }
done

scratch=$(mktemp -d "${BENCH_DIR:-${TMPDIR:-/tmp}}/kmsprep-archive-bench-XXXXXX")
trap 'rm -rf "$scratch"' EXIT

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
median() {
  sort -g | awk '{ v[NR] = $1 }
    END { printf "%.3f", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

# A Windows-like tree: big files (random, or base64 of random for a zip whose entries deflate
# to about 76 %, as text and binaries do), 200 small files, and the answer file being replaced.
make_tree() {  # DIR MIB random|text
  local dir=$1 mib=$2 kind=$3 chunk=64 i=0
  mkdir -p "$dir/Windows/Panther" "$dir/Windows/System32" "$dir/Users/Public"
  printf '<unattend/>\n' > "$dir/Windows/Panther/unattend.xml"
  while (( mib > 0 )); do
    local this=$(( mib < chunk ? mib : chunk ))
    if [[ $kind == text ]]; then
      head -c $(( this * 786432 )) /dev/urandom | base64 -w 76 > "$dir/Windows/System32/blob$i.txt"
    else
      head -c "${this}M" /dev/urandom > "$dir/Windows/System32/blob$i.bin"
    fi
    mib=$(( mib - this )); i=$(( i + 1 ))
  done
  for n in $(seq 1 200); do printf 'file %d\n' "$n" > "$dir/Users/Public/f$n.txt"; done
}

new_payload() { head -c 4096 /dev/urandom > "$scratch/put/Windows/Panther/unattend.xml"; }
put() {  # ARCHIVE [STORED_NAME]
  "$kmsprep" image put "$1" Windows/Panther/unattend.xml \
    --from "$scratch/put/Windows/Panther/unattend.xml" > /dev/null
}
bsdtar_recreate() {  # FLAG ARCHIVE: bsdtar's way to put a file (keeps both copies of the name)
  bsdtar "$1" -f "$scratch/recreated" -C "$scratch/put" ./Windows/Panther/unattend.xml "@$2"
  mv "$scratch/recreated" "$scratch/bsdtar-out"; sync
}

echo "Preparing ${zip_mib} MiB zip, ${gz_mib} MiB tar.gz, ${xz_mib} MiB tar.xz, ${tar_mib} MiB tar in $scratch ..." >&2
mkdir -p "$scratch/put/Windows/Panther"
# base64 deflates to ~76 %: ZIP_MIB of zip from ZIP_MIB / 0.76 of text.
make_tree "$scratch/t" $(( zip_mib * 100 / 76 )) text
(cd "$scratch/t" && zip -qr "$scratch/image.zip" .)
rm -rf "$scratch/t"
make_tree "$scratch/t" "$gz_mib" random
bsdtar -czf "$scratch/image.tgz" -C "$scratch/t" .
rm -rf "$scratch/t"
make_tree "$scratch/t" "$xz_mib" random
bsdtar -cJf "$scratch/image.txz" -C "$scratch/t" .
rm -rf "$scratch/t"
make_tree "$scratch/t" "$tar_mib" random
bsdtar -cf "$scratch/image.tar" -C "$scratch/t" .
rm -rf "$scratch/t"
cp "$scratch/image.zip" "$scratch/infozip.zip"
sync

load_start=$(load)
declare -A times
add() { times[$1]+="$2 "; }
for run in $(seq 1 "$runs"); do
  echo "run $run of $runs" >&2
  new_payload; sync; start=$(now)
  put "$scratch/image.zip"; sync
  add zip "$(elapsed "$start" "$(now)")"
  new_payload; sync; start=$(now)
  (cd "$scratch/put" && zip -q "$scratch/infozip.zip" Windows/Panther/unattend.xml); sync
  add infozip "$(elapsed "$start" "$(now)")"

  new_payload; sync; start=$(now)
  put "$scratch/image.tgz"
  add tgz "$(elapsed "$start" "$(now)")"
  new_payload; sync; start=$(now)
  bsdtar_recreate -cz "$scratch/image.tgz"
  add bsdtar_gz "$(elapsed "$start" "$(now)")"

  new_payload; sync; start=$(now)
  put "$scratch/image.txz"
  add txz "$(elapsed "$start" "$(now)")"
  new_payload; sync; start=$(now)
  bsdtar_recreate -cJ "$scratch/image.txz"
  add bsdtar_xz "$(elapsed "$start" "$(now)")"

  new_payload; sync; start=$(now)
  put "$scratch/image.tar"
  add tar "$(elapsed "$start" "$(now)")"
  sync; start=$(now)
  cp --reflink=never "$scratch/image.tar" "$scratch/copy.tar"; sync
  add cp "$(elapsed "$start" "$(now)")"
  rm -f "$scratch/copy.tar"

  sync; start=$(now)
  dd if=/dev/zero of="$scratch/dd.bin" bs=8M count=$(( tar_mib / 8 )) conv=fsync status=none
  add dd "$(elapsed "$start" "$(now)")"
  rm -f "$scratch/dd.bin"
done
load_end=$(load)

# The edited archives must still be whole and hold the last payload.
unzip -tq "$scratch/image.zip" > /dev/null
for archive in image.tgz image.txz image.tar; do bsdtar -tf "$scratch/$archive" > /dev/null; done
"$kmsprep" image cat "$scratch/image.tar" Windows/Panther/unattend.xml > /dev/null

declare -A m
for key in "${!times[@]}"; do m[$key]=$(printf '%s\n' ${times[$key]} | median); done
tar_bytes=$(stat -c %s "$scratch/image.tar")
mib_s() { awk -v b="$1" -v s="$2" 'BEGIN { printf "%.0f", b / 1048576 / s }'; }
put_bw=$(mib_s "$tar_bytes" "${m[tar]}")
dd_bw=$(mib_s $(( tar_mib / 8 * 8 * 1048576 )) "${m[dd]}")
fraction=$(awk -v a="$put_bw" -v b="$dd_bw" 'BEGIN { printf "%.2f", a / b }')
verdict() { awk -v r="$1" -v t="$2" 'BEGIN { print (r <= t) ? "met" : "not met" }'; }

cat <<EOF2
machine: $(nproc) CPUs ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)), $(free -h | awk '/Mem:/ { print $2 }') RAM; load average $load_start at the start, $load_end at the end
$(zip -v | sed -n 2p | sed 's/^ *//'); $(bsdtar --version)

| case | kmsprep image put | anchor | anchor time | ratio |
|---|---|---|---|---|
| $(stat -c %s "$scratch/image.zip") B zip | ${m[zip]} s | Info-ZIP zip (update one entry) + sync | ${m[infozip]} s | $(ratio "${m[zip]}" "${m[infozip]}") |
| $(stat -c %s "$scratch/image.tgz") B tar.gz | ${m[tgz]} s | bsdtar -czf new @old + mv + sync | ${m[bsdtar_gz]} s | $(ratio "${m[tgz]}" "${m[bsdtar_gz]}") |
| $(stat -c %s "$scratch/image.txz") B tar.xz | ${m[txz]} s | bsdtar -cJf new @old + mv + sync | ${m[bsdtar_xz]} s | $(ratio "${m[txz]}" "${m[bsdtar_xz]}") |
| $tar_bytes B tar | ${m[tar]} s | cp --reflink=never + sync | ${m[cp]} s | $(ratio "${m[tar]}" "${m[cp]}") |

Sequential write bandwidth (dd bs=8M conv=fsync, ${tar_mib} MiB): ${dd_bw} MiB/s; tar put ${put_bw} MiB/s = ${fraction} of it.
Runs: ${runs} (median). Individual times (s):
$(for key in zip infozip tgz bsdtar_gz txz bsdtar_xz tar cp dd; do echo "  $key: ${times[$key]}"; done)
EOF2
r=$(ratio "${m[zip]}" "${m[infozip]}")
echo "RESULT|\`image put\` into a ${zip_mib} MiB zip vs Info-ZIP \`zip\` updating the entry (+ sync both)|within 1.5x|${r}x (${m[zip]} s vs ${m[infozip]} s, median of $runs)|$(verdict "$r" 1.5)|RESULTS-archive.md"
r=$(ratio "${m[tgz]}" "${m[bsdtar_gz]}")
echo "RESULT|\`image put\` into a ${gz_mib} MiB tar.gz vs bsdtar re-creating it|within 1.0x|${r}x (${m[tgz]} s vs ${m[bsdtar_gz]} s, median of $runs)|$(verdict "$r" 1.0)|RESULTS-archive.md"
r=$(ratio "${m[txz]}" "${m[bsdtar_xz]}")
echo "RESULT|\`image put\` into a ${xz_mib} MiB tar.xz vs bsdtar re-creating it|within 1.0x|${r}x (${m[txz]} s vs ${m[bsdtar_xz]} s, median of $runs)|$(verdict "$r" 1.0)|RESULTS-archive.md"
r=$(ratio "${m[tar]}" "${m[cp]}")
echo "RESULT|\`image put\` 4 KiB into a ${tar_mib} MiB uncompressed tar vs \`cp --reflink=never\` + \`sync\`|within 1.1x|${r}x (${m[tar]} s vs ${m[cp]} s, median of $runs); ${put_bw} MiB/s = ${fraction} of the disk's ${dd_bw} MiB/s (dd conv=fsync)|$(verdict "$r" 1.1)|RESULTS-archive.md"
