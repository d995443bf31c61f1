#!/bin/bash
# Registry benchmark (issue 11): `kmsprep inspect` and `kmsprep configure --target registry` on a
# WIM whose SOFTWARE hive is 64 MiB, against the anchor tools doing the same by hand:
#   inspect   vs  wimlib-imagex extract of the hive + hivexget of EditionID and DigitalProductId
#   configure vs  wimlib-imagex extract + hivexsh -w setval of the KMS values + wimlib-imagex
#                 update putting the hive back (the WIM commit kmsprep does by appending)
# Target: kmsprep within 1.5x of the anchor (medians). Runs alternate between the tools so both
# see the same cache state; every configure run writes a new host so no run is a no-op.
# kmsprep's WIM commit fsyncs the WIM (a committed change survives a power cut, issue 13);
# wimlib-imagex update does not, so a third, informational row times the anchor followed by
# `sync FILE` (coreutils: fsync of the WIM), the same durability.
#
# Usage: bench/registry_bench.sh [path/to/kmsprep] [path/to/kmsprep_make_hive] [repetitions]
#   Without binaries, builds them (Release kmsprep; kmsprep_make_hive needs the test build) in
#   $TMPDIR first. Needs wimtools and libhivex-bin, ~400 MiB free in $TMPDIR (default /tmp);
#   everything it makes there is removed at the end. HIVE_MIB=64 sets the hive size.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
kmsprep="${1:-}"
make_hive="${2:-}"
repetitions="${3:-9}"
hive_mib="${HIVE_MIB:-64}"
work="$(mktemp -d "${TMPDIR:-/tmp}/kmsprep-registry-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT

for tool in wimlib-imagex hivexget hivexsh; do
  command -v "$tool" >/dev/null || { echo "$tool is missing (apt-get install wimtools libhivex-bin)" >&2; exit 4; }
done

if [[ -z "$kmsprep" ]]; then
  echo "building a Release kmsprep in $work/build ..." >&2
  cmake -S "$repo" -B "$work/build" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$work/build" --target kmsprep -j"$(nproc)" >/dev/null
  kmsprep="$work/build/bin/kmsprep"
fi
if [[ -z "$make_hive" ]]; then
  echo "building kmsprep_make_hive in $work/build-tests ..." >&2
  cmake -S "$repo" -B "$work/build-tests" -DCMAKE_BUILD_TYPE=Release -DKMSPREP_BUILD_TESTS=ON >/dev/null
  cmake --build "$work/build-tests" --target kmsprep_make_hive -j"$(nproc)" >/dev/null
  make_hive="$work/build-tests/bin/kmsprep_make_hive"
fi
[[ -x "$kmsprep" && -x "$make_hive" ]] || { echo "not executables: $kmsprep $make_hive" >&2; exit 2; }

cv='Microsoft\Windows NT\CurrentVersion'
spp="$cv\\SoftwareProtectionPlatform"

# A Windows 10 Enterprise SOFTWARE hive grown to HIVE_MIB with incompressible values under
# Classes (64 KiB each, one per key), as applications fill a real one.
make_software_spec() {
  cat <<SPEC
$cv|ProductName|sz|Windows 10 Enterprise
$cv|EditionID|sz|Enterprise
$cv|InstallationType|sz|Client
$cv|CurrentVersion|sz|6.3
$cv|CurrentBuild|sz|19045
$cv|CurrentBuildNumber|sz|19045
$cv|CurrentMajorVersionNumber|dword|10
$cv|CurrentMinorVersionNumber|dword|0
$cv|DisplayVersion|sz|22H2
$cv|UBR|dword|3803
$cv|DigitalProductId|product-key|NPPR9-FWDCX-D2C8J-H872K-2YT43
$spp|BackupProductKeyDefault|sz|NPPR9-FWDCX-D2C8J-H872K-2YT43
Microsoft\Windows\CurrentVersion\Setup\State|ImageState|sz|IMAGE_STATE_GENERALIZE_RESEAL_TO_OOBE
SPEC
  local values=$((hive_mib * 16))  # 64 KiB each
  for ((i = 0; i < values; i++)); do
    printf 'Classes\\Bench\\Group%03d\\Key%05d|Data|binary-hex|' $((i / 64)) "$i"
    head -c 65536 /dev/urandom | od -An -v -tx1 | tr -d ' \n'
    printf '\n'
  done
}

echo "making a ${hive_mib} MiB SOFTWARE hive and a WIM holding it ..." >&2
tree="$work/tree"
mkdir -p "$tree/Windows/System32/config" "$tree/Windows/Setup/State"
make_software_spec | "$make_hive" - "$tree/Windows/System32/config/SOFTWARE"
printf '[State]\r\nImageState=IMAGE_STATE_GENERALIZE_RESEAL_TO_OOBE\r\n' >"$tree/Windows/Setup/State/State.ini"
wim="$work/install.wim"
wimlib-imagex capture "$tree" "$wim" "Windows 10 Enterprise" --compress=none >/dev/null
hive_bytes=$(stat -c %s "$tree/Windows/System32/config/SOFTWARE")
rm -rf "$tree"

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
minimum() { sort -n | head -1; }
now_us() { local t=$EPOCHREALTIME; echo "${t/./}"; }
timed() {  # file command...: runs it once, appends its wall time in microseconds
  local file="$1" start end
  shift
  start=$(now_us)
  "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }
  end=$(now_us)
  echo $((end - start)) >>"$file"
}

anchor_inspect() {
  rm -rf "$work/out" && mkdir "$work/out"
  wimlib-imagex extract "$wim" 1 /Windows/System32/config/SOFTWARE --dest-dir="$work/out" --no-acls
  hivexget "$work/out/SOFTWARE" "$cv" EditionID
  hivexget "$work/out/SOFTWARE" "$cv" DigitalProductId
}

# slmgr /skms HOST:PORT as hivexsh commands: REG_SZ values are UTF-16LE with a NUL.
anchor_configure() {  # host
  rm -rf "$work/out" && mkdir "$work/out"
  wimlib-imagex extract "$wim" 1 /Windows/System32/config/SOFTWARE --dest-dir="$work/out" --no-acls
  hivexsh -w "$work/out/SOFTWARE" <<HIVEXSH
cd \\Microsoft\\Windows NT\\CurrentVersion\\SoftwareProtectionPlatform
setval 3
KeyManagementServiceName
string:$1
KeyManagementServicePort
string:1688
BackupProductKeyDefault
string:NPPR9-FWDCX-D2C8J-H872K-2YT43
commit
HIVEXSH
  echo "add '$work/out/SOFTWARE' /Windows/System32/config/SOFTWARE" | wimlib-imagex update "$wim" 1
}

anchor_configure_durable() {  # host
  anchor_configure "$1"
  sync "$wim"
}

: >"$work/inspect.kmsprep"; : >"$work/inspect.anchor"
: >"$work/configure.kmsprep"; : >"$work/configure.anchor"; : >"$work/configure-fsync.anchor"
for ((r = 0; r < repetitions; r++)); do
  timed "$work/inspect.kmsprep" "$kmsprep" inspect "$wim" --json
  timed "$work/inspect.anchor" anchor_inspect
  timed "$work/configure.kmsprep" "$kmsprep" configure "$wim" --target registry --kms-host "kms$r.corp.example"
  timed "$work/configure.anchor" anchor_configure "anchor$r.corp.example"
  timed "$work/configure-fsync.anchor" anchor_configure_durable "durable$r.corp.example"
done
cp "$work/configure.kmsprep" "$work/configure-fsync.kmsprep"
# The last write must be readable by the independent reader, and the hive must be whole.
"$kmsprep" configure "$wim" --target registry --kms-host check.corp.example >/dev/null
rm -rf "$work/out" && mkdir "$work/out"
wimlib-imagex extract "$wim" 1 /Windows/System32/config/SOFTWARE --dest-dir="$work/out" --no-acls >/dev/null
[[ "$(hivexget "$work/out/SOFTWARE" "$spp" KeyManagementServiceName)" == check.corp.example ]] || {
  echo "read-back check failed" >&2; exit 1; }
wimlib-imagex verify "$wim" >/dev/null 2>&1 || { echo "wimlib-imagex verify failed" >&2; exit 1; }

ms() { awk -v us="$1" 'BEGIN { printf "%.1f", us / 1000 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }'; }

echo
echo "kmsprep: $kmsprep"
echo "$(wimlib-imagex --version | head -1); hivex $(dpkg-query -W -f='${Version}' libhivex0 2>/dev/null || echo '?')"
echo "machine: $(nproc) CPUs ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)), $(free -h | awk '/Mem:/ { print $2 }') RAM, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "SOFTWARE hive: $hive_bytes bytes; WIM: $(stat -c %s "$wim") bytes after the runs (appends)"
echo "repetitions: $repetitions per tool, interleaved; wall time in ms, process start included"
echo
printf '%-16s %9s %9s %7s %9s %9s %7s\n' "" "kmsprep" "anchor" "" "kmsprep" "anchor" ""
printf '%-16s %9s %9s %7s %9s %9s %7s\n' "task" "median" "median" "ratio" "min" "min" "ratio"
for task in inspect configure configure-fsync; do
  km=$(median <"$work/$task.kmsprep"); am=$(median <"$work/$task.anchor")
  kn=$(minimum <"$work/$task.kmsprep"); an=$(minimum <"$work/$task.anchor")
  printf '%-16s %9s %9s %7s %9s %9s %7s\n' "$task" "$(ms "$km")" "$(ms "$am")" \
    "$(ratio "$km" "$am")" "$(ms "$kn")" "$(ms "$an")" "$(ratio "$kn" "$an")"
done
echo "target: kmsprep median within 1.5x of the anchor's (configure-fsync: the same kmsprep runs"
echo "against the anchor followed by sync of the WIM; informational)"
