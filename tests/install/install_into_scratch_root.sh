#!/bin/sh
# Installs the build tree into a scratch root as a package would (DESTDIR, prefix /usr), then
# uses only what landed there: runs the installed kmsprep, checks its man pages with groff,
# and builds the sample step plugin against the installed SDK alone (pkg-config pointed into
# the scratch root, and CMake's find_package), and loads it with the installed kmsprep.
# Usage: install_into_scratch_root.sh BUILD_DIR SOURCE_DIR
set -eu
build=$1
source=$2
root=$(mktemp -d "${TMPDIR:-/tmp}/kmsprep-install.XXXXXX")
trap 'rm -rf "$root"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

DESTDIR=$root cmake --install "$build" --prefix /usr >/dev/null

kmsprep=$root/usr/bin/kmsprep
[ -x "$kmsprep" ] || fail "no $kmsprep"
version=$("$kmsprep" --version)
case $version in "kmsprep "[0-9]*.[0-9]*.[0-9]*) ;; *) fail "--version printed: $version" ;; esac

# The SDK, found through pkg-config only: PKG_CONFIG_LIBDIR replaces the system search path,
# PKG_CONFIG_SYSROOT_DIR prefixes every path the .pc file names with the scratch root.
export PKG_CONFIG_LIBDIR=$root/usr/share/pkgconfig
export PKG_CONFIG_SYSROOT_DIR=$root
cflags=$(echo $(pkg-config --cflags kmsprep-plugin))  # without its trailing space
[ "$cflags" = "-I$root/usr/include/kmsprep" ] || fail "pkg-config --cflags: $cflags"
plugindir=$(pkg-config --variable=plugindir kmsprep-plugin)
plugindir=${plugindir#"$root"}  # pkgconf puts the sysroot in front of variables too
[ -d "$root$plugindir" ] || fail "plugindir $plugindir is not installed"
[ "$(pkg-config --variable=abi_version kmsprep-plugin)" = 1 ] || fail "abi_version"
mkdir "$root/built"
# Copied out of the source tree so that no header beside it can be found by accident.
cp "$source/samples/plugins/stamp_build_label.c" "$root/built/"
cc -std=c99 -Wall -Wextra -Werror -fPIC -shared $cflags \
   -o "$root/built/libstamp-by-pkg-config.so" "$root/built/stamp_build_label.c"

# The same through the installed CMake package config.
mkdir "$root/cmake-project"
cat > "$root/cmake-project/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.18)
project(stamp C)
find_package(kmsprep-plugin 0.1 REQUIRED CONFIG)
add_library(stamp-by-cmake MODULE stamp_build_label.c)
target_link_libraries(stamp-by-cmake PRIVATE kmsprep::plugin_sdk)
CMAKE
cp "$source/samples/plugins/stamp_build_label.c" "$root/cmake-project/"
cmake -S "$root/cmake-project" -B "$root/cmake-project/build" \
      -DCMAKE_FIND_ROOT_PATH="$root" -DCMAKE_PREFIX_PATH=/usr \
      -DCMAKE_FIND_ROOT_PATH_MODE_PACKAGE=ONLY -DCMAKE_C_COMPILER_LAUNCHER= >/dev/null
cmake --build "$root/cmake-project/build" >/dev/null
cp "$root/cmake-project/build/libstamp-by-cmake.so" "$root/built/"

# The installed kmsprep loads both, and the sample plugin installed in plugindir.
for dir in "$root/built" "$root$plugindir"; do
  steps=$("$kmsprep" steps --plugin-dir "$dir" 2>&1) || fail "steps --plugin-dir $dir: $steps"
  echo "$steps" | grep -q stamp-build-label || fail "stamp-build-label not loaded from $dir: $steps"
done

# Man pages: kmsprep(1) and one per command, all clean under groff's warnings.
man1=$root/usr/share/man/man1
[ -f "$man1/kmsprep.1" ] || fail "no kmsprep.1"
[ -f "$man1/kmsprep-validate.1" ] || fail "no kmsprep-validate.1"
for page in "$man1"/*.1; do
  warnings=$(groff -ww -z -man "$page" 2>&1) || fail "groff failed on $page"
  [ -z "$warnings" ] || fail "groff warnings in $page: $warnings"
done
[ -f "$root/usr/share/bash-completion/completions/kmsprep" ] || fail "no bash completion"
[ -f "$root/usr/share/zsh/vendor-completions/_kmsprep" ] || fail "no zsh completion"
[ -f "$root/usr/share/doc/kmsprep/docs/schema/junit-10.xsd" ] || fail "no schema in docs"
echo "installed into $root and used: ok"
