# One interface target that carries the project's warning and sanitizer flags; every kmsprep
# target links it privately. It adds no include directory: each module sees only its own
# include tree and those of the modules it links (kmsprep_module_include_tree below).
add_library(kmsprep_settings INTERFACE)
target_compile_options(kmsprep_settings INTERFACE -Wall -Wextra -Wpedantic)
target_compile_definitions(kmsprep_settings INTERFACE
  KMSPREP_VERSION="${PROJECT_VERSION}")

if(KMSPREP_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

if(KMSPREP_COVERAGE)
  add_compile_options(--coverage -O0)
  add_link_options(--coverage)
endif()

# kmsprep_module_include_tree(TARGET SCOPE): headers are included as "<module>/<file>.hpp", so a
# module's include directory must hold a folder named after it. Each module gets its own
# directory <build>/module-include/<module>/ holding one symbolic link <module> -> the source
# folder, published to whatever links the module. A module that includes a module it does not
# link (docs/architecture.md, "Folders and who may include whom") then fails to compile
# instead of depending on it by accident; tests/core/layering_test.cpp checks the rest.
function(kmsprep_module_include_tree target scope)
  get_filename_component(module ${CMAKE_CURRENT_SOURCE_DIR} NAME)
  set(tree ${PROJECT_BINARY_DIR}/module-include/${module})
  file(MAKE_DIRECTORY ${tree})
  if(NOT EXISTS ${tree}/${module})
    file(CREATE_LINK ${CMAKE_CURRENT_SOURCE_DIR} ${tree}/${module} SYMBOLIC)
  endif()
  target_include_directories(${target} ${scope} ${tree})
endfunction()

# Fuzzing (tests/fuzz, scripts/fuzz): every module is built with libFuzzer's coverage
# instrumentation and the sanitizers, so a fuzz target sees the branches of the code it drives;
# only the fuzz targets link libFuzzer's main. -O1 as libFuzzer's documentation advises: fast
# enough to run many inputs a second, still readable stack traces.
if(KMSPREP_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "KMSPREP_FUZZ needs clang (libFuzzer): configure with "
                        "-DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ (scripts/fuzz does)")
  endif()
  if(KMSPREP_SANITIZE)
    message(FATAL_ERROR "KMSPREP_FUZZ already sanitizes; leave KMSPREP_SANITIZE off")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
                      -fno-omit-frame-pointer -g -O1)
  add_link_options(-fsanitize=address,undefined)
endif()

# kmsprep_module(NAME PUBLIC_DEPS ... PRIVATE_DEPS ...): a static library of every .cpp in the
# calling folder. Sources are globbed so several people can add files to different modules
# without touching a shared list; a module with no sources yet is an INTERFACE target.
function(kmsprep_module name)
  cmake_parse_arguments(ARG "" "" "PUBLIC_DEPS;PRIVATE_DEPS" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp)
  # Where the platforms differ, a unit has one file per platform (docs/windows-build.md):
  # NAME_posix.cpp for Linux, NAME_windows.cpp for Windows; each build takes only its own.
  if(WIN32)
    list(FILTER sources EXCLUDE REGEX "_posix\\.cpp$")
  else()
    list(FILTER sources EXCLUDE REGEX "_windows\\.cpp$")
  endif()
  if(sources)
    add_library(${name} STATIC ${sources})
    target_link_libraries(${name} PUBLIC kmsprep_settings ${ARG_PUBLIC_DEPS}
                                  PRIVATE ${ARG_PRIVATE_DEPS})
    kmsprep_module_include_tree(${name} PUBLIC)
  else()
    add_library(${name} INTERFACE)
    target_link_libraries(${name} INTERFACE kmsprep_settings ${ARG_PUBLIC_DEPS})
    kmsprep_module_include_tree(${name} INTERFACE)
  endif()
endfunction()
