// An in-place append to an existing WIM (wimlib_overwrite without rebuild) that leaves the WIM
// as it was when the append fails. wimlib's own undo is not enough: it truncates the file to its
// old end but puts back only the header's flags, so a failure after the new header was written
// (the final fsync, or the close) leaves a header that points past the end of the file, and
// wimlib cannot open the WIM any more (wimlib 1.14 src/write.c, overwrite_wim_inplace and
// finish_write). Callers: the WIM backend's commit and capture into an existing WIM.
#pragma once

#include <wimlib.h>

#include <functional>
#include <string>

#include "core/result.hpp"

namespace kmsprep {

// wimlib_overwrite(wim, WIMLIB_WRITE_FLAG_FSYNC, 0) of `wim`, opened from `path`. Before it,
// the bytes an append can overwrite are read (the header, and everything from the end of the
// blob table on: the XML data and the integrity table) with the file's length. When wimlib
// fails, `describe` turns its code into the error (called at once, while errno is wimlib's),
// and if the file is no longer what it was, the saved bytes are written back, the file is cut to
// its old length and fsynced; the error then says that the WIM was restored to its old content
// or, if that failed too, what state the file is in and what to do.
Status append_to_wim_in_place(WIMStruct* wim, const std::string& path,
                              const std::function<Error(int wimlib_code)>& describe);

}  // namespace kmsprep
