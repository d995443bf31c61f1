// libudfread loaded at run time: dlopen("libudfread.so.0") the first time a UDF volume is
// opened, and a table of the libudfread functions kmsprep calls. Keeps libudfread out of the
// start-up of every other operation. On Windows libudfread is linked in and the table holds its
// functions (udfread_library_windows.cpp). Callers: image/udf_image.cpp only.
#pragma once

#include <udfread/udfread.h>

#include "core/result.hpp"

namespace kmsprep {

// Every libudfread function kmsprep calls, by its full name. The pointer types come from the
// libudfread header (decltype), so a prototype cannot drift from the library's.
// One list, laid out by hand: clang-format reflows X-macro lists unstably.
// clang-format off
#define KMSPREP_UDFREAD_FUNCTIONS(X)                                                          \
  X(udfread_close) X(udfread_closedir) X(udfread_file_close) X(udfread_file_open)             \
  X(udfread_file_openat) X(udfread_file_read) X(udfread_file_size) X(udfread_init)            \
  X(udfread_open) X(udfread_opendir) X(udfread_readdir)
// clang-format on

struct UdfreadLibrary {
#define KMSPREP_UDFREAD_POINTER(name) decltype(&::name) name = nullptr;
  KMSPREP_UDFREAD_FUNCTIONS(KMSPREP_UDFREAD_POINTER)
#undef KMSPREP_UDFREAD_POINTER
};

// Loads libudfread.so.0 and resolves every function on the first call; later calls return
// the same outcome. A missing library or function is ErrorCode::tool_missing (exit 4).
Result<const UdfreadLibrary*> load_udfread_library();

// The loaded table. Only for code that already holds a libudfread object (a udfread*, UDFDIR*
// or UDFFILE*), which exists only once load_udfread_library() succeeded; aborts otherwise.
const UdfreadLibrary& libudfread();

}  // namespace kmsprep
