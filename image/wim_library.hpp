// The one door to wimlib for the WIM backend and WIM capture: library initialisation (once per
// process, case-insensitive paths like Windows) and the mapping of wimlib error codes onto
// kmsprep Errors. Only image/wim_*.cpp include this header.
#pragma once

#include <wimlib.h>

#include <memory>
#include <string>

#include "core/result.hpp"

namespace kmsprep {

// Calls wimlib_global_init(WIMLIB_INIT_FLAG_DEFAULT_CASE_INSENSITIVE) the first time, before
// any other wimlib call can happen; later calls return the first result. Every function that
// calls wimlib must call this first.
Status ensure_wimlib_initialized();

// A wimlib failure as a kmsprep Error: corrupt or truncated files are bad input (exit 3), a
// missing file is file_not_found, I/O and locking trouble is an environment failure (exit 4).
// `what` says what was being done ("cannot open the WIM"), `location` names the file and, when
// it matters, the path inside the image.
Error wimlib_error(int code, const std::string& what, const std::string& location);

struct WimDeleter {
  void operator()(WIMStruct* wim) const { wimlib_free(wim); }
};
using WimHandle = std::unique_ptr<WIMStruct, WimDeleter>;

// Opens `path` (never for writing: write access is checked by wimlib_overwrite itself).
Result<WimHandle> open_wim_file(const std::string& path);

// Why this WIM cannot take an append or a new image, or "" when it can: split WIMs and solid
// (ESD-style) WIMs are refused. The text says what to do instead.
std::string wim_write_refusal(WIMStruct* wim, const std::string& path);

}  // namespace kmsprep
