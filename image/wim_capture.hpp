// Capture: a directory tree becomes a new image of a new or existing WIM, the way DISM
// /Capture-Image and /Append-Image do it. Callers: sysprep/ (capture step), cli/, tests.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/log.hpp"
#include "core/result.hpp"

namespace kmsprep {

enum class WimCompression { none, xpress, lzx };

// Parses "none", "xpress" or "lzx" (any letter case); anything else is a usage error.
Result<WimCompression> parse_wim_compression(const std::string& text);

// DISM's default exclusion list (its WimScript.ini), as paths relative to the captured
// directory: $ntfs.log, hiberfil.sys, pagefile.sys, swapfile.sys, System Volume Information,
// RECYCLER, $Recycle.Bin, Windows/CSC.
std::vector<std::string> default_capture_exclusions();

struct CaptureOptions {
  std::string name;         // the image's NAME; required, and unique within the WIM
  std::string description;  // DESCRIPTION; left out when empty
  // Further WIM XML properties to set on the new image, e.g. {"FLAGS", "Enterprise"},
  // {"WINDOWS/EDITIONID", "Enterprise"}, {"WINDOWS/VERSION/MAJOR", "10"}.
  std::map<std::string, std::string> properties;
  // Compression of a new WIM; an existing WIM keeps the compression it has.
  WimCompression compression = WimCompression::lzx;
  // Paths relative to the captured directory, `/` or `\` separated, matched against every
  // file and directory without regard to letter case; `*` and `?` are wildcards within one
  // component. A match excludes the entry and, for a directory, everything below it.
  std::vector<std::string> exclusions = default_capture_exclusions();
  // Called while file data is written: bytes written so far and in total (both 0 at the start
  // of a capture that holds no data). Return false to cancel (the WIM stays as it was).
  std::function<bool(uint64_t done, uint64_t total)> progress;
  Logger* logger = nullptr;
};

// That `directory` can be captured: it exists (else E200) and is a directory, or a symbolic link
// to one (else E310, saying what it is instead: a WIM, an archive or another file is applied or
// extracted into a directory first). Callers check before opening the source as an image.
Status check_capture_source(const std::string& directory);

// Adds `directory` as a new image of `wim_path` and returns the new image's 1-based index.
// A missing WIM is created through a sibling temporary file that is renamed into place; an
// existing one gets the image appended (wimlib_overwrite without rebuild), and stays as it was
// on any failure. Refused up front: a name the WIM already holds (exit 3), a split or solid
// WIM, a source that is not a directory.
Result<int> capture_directory_to_wim(const std::string& directory, const std::string& wim_path,
                                     const CaptureOptions& options);

}  // namespace kmsprep
