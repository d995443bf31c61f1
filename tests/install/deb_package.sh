#!/bin/sh
# Builds the .deb with cpack from the build tree, checks that its Depends line was computed
# (dpkg-shlibdeps names the libraries the binary links, beside the dlopen()ed ones named by
# hand), unpacks it with `dpkg -x` into a scratch root (no container, no root needed) and runs
# what landed there: kmsprep --version, its man page under groff, and the SDK's pkg-config file.
# Usage: deb_package.sh BUILD_DIR SOURCE_DIR
set -eu
build=$(cd "$1" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/kmsprep-deb.XXXXXX")
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

(cd "$work" && cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work/out" >cpack.log 2>&1) ||
  { cat "$work/cpack.log" >&2; fail "cpack -G DEB failed"; }
set -- "$work"/out/kmsprep_*.deb
[ -f "$1" ] || fail "no kmsprep_*.deb in $work/out"
deb=$1

[ "$(dpkg-deb -f "$deb" Package)" = kmsprep ] || fail "Package field"
depends=$(dpkg-deb -f "$deb" Depends)
for library in libc6 libstdc++6 libwim15 libpugixml1v5 libldns3 libarchive13 libudfread0 \
    libhivex0 libevtx1; do
  echo "$depends" | grep -q "$library" || fail "Depends lacks $library: $depends"
done
# Computed, not typed: dpkg-shlibdeps writes version constraints such as "libc6 (>= 2.34)".
echo "$depends" | grep -q 'libc6 (>= ' || fail "Depends was not computed: $depends"

root=$work/root
dpkg -x "$deb" "$root"
"$root/usr/bin/kmsprep" --version | grep -q '^kmsprep [0-9]' || fail "kmsprep --version"
page=$root/usr/share/man/man1/kmsprep-validate.1
[ -f "$page" ] || fail "no $page in the package"
warnings=$(groff -ww -z -man "$page" 2>&1) || fail "groff on $page"
[ -z "$warnings" ] || fail "groff warnings: $warnings"
cflags=$(echo $(PKG_CONFIG_LIBDIR=$root/usr/share/pkgconfig PKG_CONFIG_SYSROOT_DIR=$root \
         pkg-config --cflags kmsprep-plugin))
[ "$cflags" = "-I$root/usr/include/kmsprep" ] || fail "pkg-config --cflags: $cflags"
[ -f "$root/usr/include/kmsprep/kmsprep_plugin.h" ] || fail "no SDK header"
dpkg-deb -c "$deb" | grep -Eq './usr/lib/([^/]+/)?kmsprep/plugins/libkmsprep-sample-step.so' ||
  fail "the sample plugin is not in the package"
echo "$deb: ok; Depends: $depends"
