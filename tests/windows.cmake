# The suites of the Windows cross-build (issue 19): one GoogleTest executable per module built
# for Windows (KMSPREP_MODULES), run under Wine by scripts/test-windows through ctest
# (CMAKE_CROSSCOMPILING_EMULATOR). Test files that still need POSIX or a module not yet on
# Windows are listed in KMSPREP_TESTS_NOT_ON_WINDOWS with the reason.
add_library(kmsprep_test_support STATIC support/test_support.cpp support/platform_windows.cpp)
target_link_libraries(kmsprep_test_support PUBLIC kmsprep_settings kmsprep_core GTest::gtest)
target_include_directories(kmsprep_test_support PUBLIC ${PROJECT_SOURCE_DIR})
target_compile_definitions(kmsprep_test_support PUBLIC
  KMSPREP_BINARY="${PROJECT_BINARY_DIR}/bin/kmsprep.exe"
  KMSPREP_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
  KMSPREP_BUILD_DIR="${PROJECT_BINARY_DIR}")

include(${CMAKE_CURRENT_LIST_DIR}/windows-exclusions.cmake)

foreach(module ${KMSPREP_MODULES})
  file(GLOB test_sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/${module}/*_test.cpp)
  # NAME_posix_test.cpp and NAME_windows_test.cpp test one platform; each build leaves out the
  # other's (tests/CMakeLists.txt the _windows ones).
  list(FILTER test_sources EXCLUDE REGEX "_posix_test\\.cpp$")
  foreach(excluded ${KMSPREP_TESTS_NOT_ON_WINDOWS})
    list(REMOVE_ITEM test_sources ${CMAKE_CURRENT_SOURCE_DIR}/${excluded})
  endforeach()
  if(NOT test_sources)
    continue()
  endif()
  add_executable(kmsprep_${module}_tests ${test_sources})
  target_link_libraries(kmsprep_${module}_tests PRIVATE kmsprep_test_support GTest::gtest_main
                        kmsprep_${module})
  # No kmsprep binary and no bsdtar or wimlib-imagex here: tests that need one skip
  # (tests/image/image_test_tools.hpp) instead of failing as they do on Linux.
  target_compile_definitions(kmsprep_${module}_tests PRIVATE KMSPREP_TEST_PROGRAMS_OPTIONAL)
  if(module STREQUAL "registry")
    # digital_product_id_test encodes its fixtures; the other hive helpers need hivex.
    target_sources(kmsprep_registry_tests PRIVATE support/digital_product_id_encoder.cpp)
  endif()
  # Discovery runs the executable at build time, so it needs Wine then too.
  gtest_discover_tests(kmsprep_${module}_tests DISCOVERY_TIMEOUT 120 PROPERTIES TIMEOUT 600)
endforeach()

# The test-only step plugins, as .dll files, once plugin/ is one of the Windows modules.
if(TARGET kmsprep_plugin)
  add_subdirectory(plugin)
endif()
