#!/bin/bash
# What the two checks around a hive edit cost (registry/hive_bin_layout.cpp before the first
# write, registry/commit_check.cpp after hivex's commit), on a 64 MiB hive of 4 KiB bins full
# of 64-byte cells, the shape that costs both the most (a real SOFTWARE hive has cells of this
# size; bench/registry_bench.sh's hive has 1026 bins of 64 KiB values, which cost less):
#   walk   reading every hbin header: one pread a header, and through a 64 KiB window (what
#          hive_bin_layout.cpp does)
#   reopen hivex_open read-only + hivex_close (what commit_check.cpp adds), beside the
#          writable open every edit already does
# Compare with configure --target registry on a 64 MiB hive (bench/RESULTS-registry.md).
#
# Usage: bench/hive_edit_checks.sh [repetitions]   (needs cc, libhivex-dev, python3)
set -euo pipefail

repetitions="${1:-7}"
work="$(mktemp -d "${TMPDIR:-/tmp}/kmsprep-hive-checks.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# The hive: the smallest REGF hive hivex accepts (root nk in the first bin), grown with 16,383
# bins of 63 used 64-byte cells each; the base block declares them all.
python3 - "$work/cells.hive" <<'PY'
import struct, sys
def bin_at(offset, cells):
    page = bytearray(4096)
    page[0:12] = b"hbin" + struct.pack("<II", offset - 4096, 4096)
    position = 32
    if cells == "root":
        nk = bytearray(80)
        nk[0:2] = b"nk"; nk[2:4] = struct.pack("<H", 0x2c)  # root key, ASCII name
        for field in (16, 28, 36, 40): nk[field:field + 4] = b"\xff\xff\xff\xff"  # no lists
        nk[72:74] = struct.pack("<H", 4); nk[76:80] = b"ROOT"
        page[position:position + 4] = struct.pack("<i", -88); page[position + 4:position + 84] = nk
        position += 88
    else:
        while position + 64 <= 4096:
            page[position:position + 6] = struct.pack("<i", -64) + b"zz"; position += 64
    page[position:position + 4] = struct.pack("<i", 4096 - position)  # the rest: a free cell
    return page
bins = 16384
hive = bytearray(4096)
hive[0:4] = b"regf"; hive[4:12] = struct.pack("<II", 1, 1)
hive[20:40] = struct.pack("<IIIII", 1, 3, 0, 1, 32)      # version 1.3, primary, root at 0x20
hive[40:48] = struct.pack("<II", bins * 4096, 1)
for index in range(bins):
    hive += bin_at(4096 + index * 4096, "root" if index == 0 else "cells")
checksum = 0
for offset in range(0, 508, 4): checksum ^= struct.unpack("<I", hive[offset:offset + 4])[0]
hive[508:512] = struct.pack("<I", checksum)
open(sys.argv[1], "wb").write(hive)
PY

cat >"$work/timer.c" <<'C'
#include <fcntl.h>
#include <hivex.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}
static uint64_t walk(int fd, uint64_t size, size_t window) {
  static unsigned char buffer[1 << 16];
  uint32_t declared = 0;
  pread(fd, &declared, 4, 40);
  uint64_t end = 4096, start = 0, length = 0, bins = 0;
  while (end < size && end < 4096 + (uint64_t)declared) {
    if (end < start || end + 12 > start + length) {
      length = pread(fd, buffer, window, end);
      start = end;
    }
    uint32_t bin;
    memcpy(&bin, buffer + (end - start) + 8, 4);
    if (bin == 0) break;
    end += bin;
    ++bins;
  }
  return bins;
}
int main(int argc, char** argv) {
  int fd = open(argv[1], O_RDONLY);
  uint64_t size = (uint64_t)lseek(fd, 0, SEEK_END);
  for (int r = 0; r < atoi(argv[2]); ++r) {
    double t0 = now();
    uint64_t bins = walk(fd, size, 12);
    double t1 = now();
    walk(fd, size, sizeof(unsigned char[1 << 16]));
    double t2 = now();
    hive_h* h = hivex_open(argv[1], 0);
    if (!h) { perror("hivex_open"); return 1; }
    hivex_close(h);
    double t3 = now();
    h = hivex_open(argv[1], HIVEX_OPEN_WRITE);
    if (!h) { perror("hivex_open write"); return 1; }
    hivex_close(h);
    double t4 = now();
    printf("%8llu %12.1f %12.1f %12.1f %14.1f\n", (unsigned long long)bins, t1 - t0, t2 - t1,
           t3 - t2, t4 - t3);
  }
  return 0;
}
C
cc -O2 -o "$work/timer" "$work/timer.c" $(pkg-config --cflags --libs hivex)

echo "hivex $(pkg-config --modversion hivex); $(nproc) CPUs; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "hive: $(stat -c %s "$work/cells.hive") bytes; wall time in ms"
echo "    bins   walk/pread  walk/window  reopen (ro)  open writable"
"$work/timer" "$work/cells.hive" "$repetitions"
