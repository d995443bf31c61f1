# Every dependency comes from a Debian 12 package; nothing is downloaded at build time.
find_package(PkgConfig REQUIRED)
if(WIN32)
  include(${CMAKE_CURRENT_LIST_DIR}/WindowsDependencies.cmake)
  return()
endif()
find_package(pugixml REQUIRED)
find_package(LibArchive REQUIRED)
find_package(Boost 1.74 REQUIRED COMPONENTS program_options)
find_package(nlohmann_json 3 REQUIRED)
find_package(Threads REQUIRED)
pkg_check_modules(UDFREAD REQUIRED IMPORTED_TARGET libudfread)
pkg_check_modules(LDNS REQUIRED IMPORTED_TARGET ldns)
pkg_check_modules(HIVEX REQUIRED IMPORTED_TARGET hivex)
pkg_check_modules(EVTX REQUIRED IMPORTED_TARGET libevtx)  # events/: Windows .evtx exports

# Debian's wimlib.pc names private requirements (ntfs-3g, fuse) whose -dev packages we do not
# need, so pkg-config would fail: find the header and library directly.
find_path(WIMLIB_INCLUDE_DIR wimlib.h REQUIRED)
find_library(WIMLIB_LIBRARY wim REQUIRED)
add_library(wimlib::wimlib UNKNOWN IMPORTED)
set_target_properties(wimlib::wimlib PROPERTIES
  IMPORTED_LOCATION ${WIMLIB_LIBRARY}
  INTERFACE_INCLUDE_DIRECTORIES ${WIMLIB_INCLUDE_DIR})
