#!/usr/bin/env bash
# Benchmark: `kmsprep image put` of a 4 KiB file into archives, side by side with peer tools.
#  - 1 GiB uncompressed tar (incompressible data): against `cp` of the tar followed by `sync`
#    (target: kmsprep within 1.2x; it copies unchanged ranges with copy_file_range).
#  - a compressed tar.gz: against `bsdtar` re-creating the same archive with the new file
#    (`bsdtar -czf new.tgz -C dir FILE @old.tgz`, then mv).
# Each figure is the median of RUNS runs (wall clock, warm page cache, `sync` before each run).
# Everything is made in a scratch directory that is removed at the end.
#
# Usage: bench/archive_put.sh [path/to/kmsprep]   (default: build/bin/kmsprep, a Release build)
# Environment: RUNS (default 5), TAR_MIB (default 1024), GZ_MIB (default 128),
#              BENCH_DIR (default: $TMPDIR or /tmp; must have ~4x TAR_MIB free).
set -euo pipefail

kmsprep=${1:-build/bin/kmsprep}
runs=${RUNS:-5}
tar_mib=${TAR_MIB:-1024}
gz_mib=${GZ_MIB:-128}

for tool in bsdtar "$kmsprep"; do
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

# A Windows-like tree: big incompressible files plus the answer file being replaced.
make_tree() {  # DIR MIB
  local dir=$1 mib=$2 chunk=128
  mkdir -p "$dir/Windows/Panther" "$dir/Windows/System32" "$dir/Users/Public"
  printf '<unattend/>\n' > "$dir/Windows/Panther/unattend.xml"
  local i=0
  while (( mib > 0 )); do
    local this=$(( mib < chunk ? mib : chunk ))
    head -c "${this}M" /dev/urandom > "$dir/Windows/System32/blob$i.bin"
    mib=$(( mib - this )); i=$(( i + 1 ))
  done
  for n in $(seq 1 200); do printf 'file %d\n' "$n" > "$dir/Users/Public/f$n.txt"; done
}

# A 4 KiB replacement that differs every run, so every put writes.
new_payload() { head -c 4096 /dev/urandom > "$scratch/payload.bin"; }
put() {  # ARCHIVE
  "$kmsprep" image put "$1" Windows/Panther/unattend.xml --from "$scratch/payload.bin" > /dev/null
}

echo "Preparing ${tar_mib} MiB tar and ${gz_mib} MiB tar.gz in $scratch ..." >&2
make_tree "$scratch/big" "$tar_mib"
bsdtar -cf "$scratch/big.tar" -C "$scratch/big" .
rm -rf "$scratch/big"
make_tree "$scratch/small" "$gz_mib"
bsdtar -czf "$scratch/small.tgz" -C "$scratch/small" .
rm -rf "$scratch/small"
mkdir -p "$scratch/put/Windows/Panther"
sync

cp_times=(); tar_times=(); gz_times=(); bsdtar_times=()
for run in $(seq 1 "$runs"); do
  echo "run $run of $runs" >&2
  sync; start=$(now)
  cp "$scratch/big.tar" "$scratch/copy.tar"; sync
  cp_times+=("$(elapsed "$start" "$(now)")")
  rm -f "$scratch/copy.tar"

  new_payload; sync; start=$(now)
  put "$scratch/big.tar"
  tar_times+=("$(elapsed "$start" "$(now)")")

  new_payload; sync; start=$(now)
  put "$scratch/small.tgz"
  gz_times+=("$(elapsed "$start" "$(now)")")

  # bsdtar's way to put a file: re-create the archive from the old one plus the new file (it
  # keeps both copies of the name; extraction takes the later one).
  new_payload; cp "$scratch/payload.bin" "$scratch/put/Windows/Panther/unattend.xml"; sync
  start=$(now)
  bsdtar -czf "$scratch/recreated.tgz" -C "$scratch/put" ./Windows/Panther/unattend.xml \
    "@$scratch/small.tgz"
  mv "$scratch/recreated.tgz" "$scratch/bsdtar.tgz"; sync
  bsdtar_times+=("$(elapsed "$start" "$(now)")")
done

# The edited archives must still be whole.
bsdtar -tf "$scratch/big.tar" > /dev/null
bsdtar -tf "$scratch/small.tgz" > /dev/null

cp_median=$(printf '%s\n' "${cp_times[@]}" | median)
tar_median=$(printf '%s\n' "${tar_times[@]}" | median)
gz_median=$(printf '%s\n' "${gz_times[@]}" | median)
bsdtar_median=$(printf '%s\n' "${bsdtar_times[@]}" | median)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

cat <<EOF
| case | kmsprep image put | peer | peer time | ratio (kmsprep / peer) |
|---|---|---|---|---|
| ${tar_mib} MiB uncompressed tar | ${tar_median} s | cp + sync | ${cp_median} s \
| $(ratio "$tar_median" "$cp_median") |
| ${gz_mib} MiB tar.gz | ${gz_median} s | bsdtar -czf new @old + mv + sync | ${bsdtar_median} s \
| $(ratio "$gz_median" "$bsdtar_median") |

Runs: ${runs} (median). Individual times (s): tar ${tar_times[*]}; cp ${cp_times[*]};
tar.gz ${gz_times[*]}; bsdtar ${bsdtar_times[*]}.
EOF
