# The dependencies of the Windows cross-build, from the static MinGW prefix that
# scripts/build-windows-deps compiles from Debian source packages (cmake/mingw-w64-x86_64.cmake
# points every search there). Only what the modules built for Windows so far use (see
# KMSPREP_MODULES in CMakeLists.txt); libarchive, wimlib and libudfread join with image/, and
# ldns never does: on Windows DNS goes through DnsQuery_W (issue 19).
find_package(pugixml REQUIRED)
find_package(nlohmann_json 3 REQUIRED)
find_package(Threads REQUIRED)
