// The argument of the commands that work on one image: a positional IMAGE (or FILE|IMAGE) with
// --index N and --json, declared and read the same way by inspect, unattend locate/show/check
// and the commands that edit images. Internal to cli/.
#pragma once

#include <string>

#include "cli/command_line.hpp"
#include "core/result.hpp"

namespace kmsprep {

// Declares --index N (N|all when `takes_all`), the positional `positional` and --json, in that
// order (the order --help and the man page list them).
void add_image_arguments(CommandLine& command, bool takes_all = false,
                         const std::string& positional = "image");

struct ImageArgument {
  std::string path;  // as given on the command line
  int index;         // 1-based, 0 for "all", kNoImageIndex when --index was not given
};

// After parse: the positional's first value and the --index value. Without the positional, a
// usage error saying `missing` ("IMAGE is missing"); a malformed --index, its usage error.
Result<ImageArgument> image_argument(const CommandLine& command,
                                     const std::string& positional = "image",
                                     const std::string& missing = "IMAGE is missing");

}  // namespace kmsprep
