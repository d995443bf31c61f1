# The dependencies of the Windows cross-build, from the static MinGW prefix that
# scripts/build-windows-deps compiles from Debian source packages (cmake/mingw-w64-x86_64.cmake
# points every search there). Only what the modules built for Windows so far use (see
# KMSPREP_MODULES in CMakeLists.txt); ldns never joins: on Windows DNS goes through DnsQuery_W
# (issue 19).
find_package(pugixml REQUIRED)
find_package(nlohmann_json 3 REQUIRED)
find_package(Threads REQUIRED)
# cli/ will need it; CMake 3.25's FindBoost predates the prefix's 1.81 and would warn.
set(Boost_USE_STATIC_LIBS ON)
set(Boost_NO_WARN_NEW_VERSIONS ON)
find_package(Boost 1.74 REQUIRED COMPONENTS program_options)

# kmsprep_static_package(TARGET MODULE): an imported target of a static library from its .pc
# file with `pkg-config --static`, so that the libraries it needs come along (libarchive:
# -llzma -lbz2 -lz; wimlib: libxml2 -lws2_32 -lntdll). The targets carry the names
# cmake/Dependencies.cmake gives them on Linux, so the modules' CMakeLists.txt name them once.
function(kmsprep_static_package target module)
  string(MAKE_C_IDENTIFIER ${module} prefix)
  pkg_check_modules(${prefix} REQUIRED ${module})
  add_library(${target} INTERFACE IMPORTED GLOBAL)
  set_target_properties(${target} PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${${prefix}_STATIC_INCLUDE_DIRS}"
    INTERFACE_COMPILE_OPTIONS "${${prefix}_STATIC_CFLAGS_OTHER}"
    INTERFACE_LINK_LIBRARIES "${${prefix}_STATIC_LDFLAGS}")
endfunction()

# image/: libarchive and libudfread are linked in on Windows rather than loaded at run time
# (image/archive_library_windows.cpp, image/udfread_library_windows.cpp).
kmsprep_static_package(LibArchive::LibArchive libarchive)
kmsprep_static_package(PkgConfig::UDFREAD libudfread)
kmsprep_static_package(wimlib::wimlib wimlib)
