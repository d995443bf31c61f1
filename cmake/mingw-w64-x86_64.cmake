# CMake toolchain file: cross-build for 64-bit Windows with Debian 12's MinGW-w64
# (g++-mingw-w64-x86-64-posix), against the static prefix scripts/build-windows-deps builds.
#   cmake -S . -B build/windows/kmsprep -DCMAKE_TOOLCHAIN_FILE=cmake/mingw-w64-x86_64.cmake
# Used both by scripts/build-windows-deps (for the CMake-built dependencies) and by the
# kmsprep.exe cross-build, so both see the same compiler, flags and search paths.
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(KMSPREP_MINGW_HOST x86_64-w64-mingw32)

# The posix-thread variant, named explicitly: the win32-thread variant lacks std::thread and
# std::mutex, and the unsuffixed names depend on update-alternatives.
set(CMAKE_C_COMPILER ${KMSPREP_MINGW_HOST}-gcc-posix)
set(CMAKE_CXX_COMPILER ${KMSPREP_MINGW_HOST}-g++-posix)
set(CMAKE_RC_COMPILER ${KMSPREP_MINGW_HOST}-windres)

# The dependency prefix. try_compile projects re-read this file without the caller's -D
# values unless they are listed here, so the variable is forwarded; the environment and the
# default (the path scripts/build-windows-deps uses) cover callers that set nothing.
if(NOT DEFINED KMSPREP_WINDOWS_PREFIX)
  if(DEFINED ENV{KMSPREP_WINDOWS_PREFIX})
    set(KMSPREP_WINDOWS_PREFIX $ENV{KMSPREP_WINDOWS_PREFIX})
  else()
    get_filename_component(KMSPREP_WINDOWS_PREFIX
      "${CMAKE_CURRENT_LIST_DIR}/../build/windows/prefix" ABSOLUTE)
  endif()
endif()
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES KMSPREP_WINDOWS_PREFIX)

# Headers and libraries come only from MinGW's sysroot and the prefix, never from the Linux
# host; programs (cmake, pkg-config, wine) only from the host.
set(CMAKE_FIND_ROOT_PATH /usr/${KMSPREP_MINGW_HOST} ${KMSPREP_WINDOWS_PREFIX})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
set(ENV{PKG_CONFIG_LIBDIR} ${KMSPREP_WINDOWS_PREFIX}/lib/pkgconfig)
set(ENV{PKG_CONFIG_PATH} "")
set(PKG_CONFIG_EXECUTABLE ${KMSPREP_MINGW_HOST}-pkg-config CACHE FILEPATH "pkg-config for MinGW")

# One self-contained .exe: libgcc, libstdc++ and winpthread linked in, so nothing but
# Windows' own DLLs is needed inside Windows PE or Wine.
set(CMAKE_EXE_LINKER_FLAGS_INIT "-static")
# Static consumers of libarchive and libxml2 must not expect __declspec(dllimport); pkg-config
# --static says so too, but FindLibArchive (cmake/Dependencies.cmake) reads no .pc file.
set(CMAKE_C_FLAGS_INIT "-DLIBARCHIVE_STATIC -DLIBXML_STATIC")
set(CMAKE_CXX_FLAGS_INIT "-DLIBARCHIVE_STATIC -DLIBXML_STATIC")

# Lets ctest run the cross-built tests through Wine when it is installed.
# Debian 12 puts the 64-bit loader in /usr/lib/wine; /usr/bin/wine comes with package wine.
find_program(KMSPREP_WINE NAMES wine64 wine PATHS /usr/lib/wine)
if(KMSPREP_WINE)
  set(CMAKE_CROSSCOMPILING_EMULATOR ${KMSPREP_WINE})
endif()
