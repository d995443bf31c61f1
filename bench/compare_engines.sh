#!/bin/sh
# Compares `kmsprep simulate` of two builds byte for byte (JSON, text, and --events CSV for
# topologies of at most 300 clients) on COUNT random topologies from bench/random_topology.py
# (seeds FIRST .. FIRST + COUNT - 1) and on every topology file given after them. An engine change that must
# not change behaviour (bench/RESULTS-engine.md) is checked so against a build of the commit
# before it. Prints each difference and a summary; exit 1 when any output differs.
# Usage: bench/compare_engines.sh OLD_KMSPREP NEW_KMSPREP [COUNT] [FIRST] [TOPOLOGY.xml...]
set -eu
old=$1
new=$2
count=${3:-100}
first=${4:-1}
shift 2
[ $# -gt 0 ] && shift
[ $# -gt 0 ] && shift
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
same=0
differ=0

# compare NAME FILE: the outputs of both builds for one topology.
compare() {
  for format in json text; do
    "$old" simulate "$2" --format $format > "$work/old.out" 2> "$work/old.err" || true
    "$new" simulate "$2" --format $format > "$work/new.out" 2> "$work/new.err" || true
    if cmp -s "$work/old.out" "$work/new.out" && cmp -s "$work/old.err" "$work/new.err"; then
      same=$((same + 1))
    else
      differ=$((differ + 1))
      echo "DIFFERS: $1 ($format)"
      diff "$work/old.out" "$work/new.out" | head -20
    fi
  done
  if [ "$(grep -o 'count="[0-9]*"' "$2" | tr -dc '0-9\n' | awk '{s += $1} END {print s + 0}')" -le 300 ]; then
    "$old" simulate "$2" --format json --events "$work/old.csv" > /dev/null 2>&1 || true
    "$new" simulate "$2" --format json --events "$work/new.csv" > /dev/null 2>&1 || true
    if cmp -s "$work/old.csv" "$work/new.csv"; then
      same=$((same + 1))
    else
      differ=$((differ + 1))
      echo "DIFFERS: $1 (--events)"
    fi
    rm -f "$work/old.csv" "$work/new.csv"
  fi
}

seed=$first
while [ "$seed" -lt $((first + count)) ]; do
  python3 "$root/bench/random_topology.py" "$seed" > "$work/random.xml"
  compare "random topology $seed" "$work/random.xml"
  seed=$((seed + 1))
done
for file in "$@"; do compare "$file" "$file"; done
echo "compare_engines: $same outputs identical, $differ different"
[ "$differ" -eq 0 ]
