// ImageSession: one opened OS image (a directory, one WIM index, an archive) with what the
// servicing steps ask of it: its Windows metadata (family, edition, architecture) and staged,
// atomic edits. Steps (install-key, configure, generalize, validate) work through it.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/log.hpp"
#include "core/os_family.hpp"
#include "core/result.hpp"
#include "image/image.hpp"

namespace kmsprep {

class ImageSession {
 public:
  static Result<ImageSession> open(const std::string& path, int index, bool writable,
                                   Logger* logger);

  Image& image() { return *image_; }
  const std::string& path() const { return path_; }
  int index() const { return index_; }
  bool has_metadata() const { return has_metadata_; }  // a WIM with image properties

  // From WINDOWS/VERSION/MAJOR and MINOR, else from WINDOWS/VERSION/BUILD.
  std::optional<OsFamily> family_from_metadata() const;
  // WINDOWS/EDITIONID, else FLAGS (images captured by tools that set only FLAGS).
  std::optional<std::string> edition_id() const;
  // WINDOWS/VERSION/BUILD ("17763"); nullopt when absent or not a number.
  std::optional<int> build() const;
  // WINDOWS/ARCH as the answer-file name: x86, ia64, amd64, arm64.
  std::optional<std::string> architecture() const;
  std::optional<std::string> property(const std::string& name) const;

  // "install.wim index 2" or the directory/archive path, for messages.
  std::string describe() const;

 private:
  ImageSession(std::string path, int index, std::unique_ptr<Image> image,
               ImageProperties properties, bool has_metadata);

  std::string path_;
  int index_;
  std::unique_ptr<Image> image_;
  ImageProperties properties_;
  bool has_metadata_;
};

// The WIM indexes an --index option names: {N}, or every index for "all" (index 0). Formats
// with one image give {1}.
Result<std::vector<int>> resolve_image_indexes(const std::string& path, int index_or_all,
                                               Logger* logger);

}  // namespace kmsprep
