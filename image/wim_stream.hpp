// Streaming one file out of a WIM. wimlib extracts a file only into a directory or to standard
// output, so for one wimlib_extract_paths call standard output is pointed at the sink's
// descriptor, or at a pipe that a second thread drains into the sink: no scratch copy, and the
// memory stays that of wimlib's own buffers whatever the file's size. WIM backend only.
#pragma once

#include <wimlib.h>

#include <string>

#include "image/byte_sink.hpp"

namespace kmsprep {

struct WimStreamOutcome {
  int wimlib_code = 0;        // wimlib_extract_paths' result
  Status sink = ok_status();  // the sink's first failure, if any
};

// Extracts the regular file `wim_path` ("/Windows/...") of image `index` into `sink`.
WimStreamOutcome extract_wim_file_to(WIMStruct* wim, int index, const std::string& wim_path,
                                     ByteSink& sink);

}  // namespace kmsprep
