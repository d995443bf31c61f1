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

// The index to open when the user named none. A directory, an archive or a one-image WIM opens
// as index 1; a WIM with several images is refused (E103 usage_index_required) with a list of
// its images, as DISM refuses: silently taking index 1 would service or pass the wrong image.
constexpr int kNoImageIndex = -1;
// The largest --index or ImageIndex read: far above any real WIM's image count, so a longer
// number is refused as not a number before anything is opened.
constexpr int kMaxImageIndex = 1000000;

// open_image where `options.index` may be kNoImageIndex (see above). Used by ImageSession and
// by the commands that open an Image directly (image cat, image put).
Result<std::unique_ptr<Image>> open_named_image(const std::string& path, OpenOptions options);

class ImageSession {
 public:
  // `index` is 1-based, or kNoImageIndex.
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
// with one image give {1}. kNoImageIndex gives {kNoImageIndex}: ImageSession::open decides.
Result<std::vector<int>> resolve_image_indexes(const std::string& path, int index_or_all,
                                               Logger* logger);

// The properties of every image of `path` in index order (one entry for a directory or an
// archive), for listings such as `kmsprep image info` of a WIM and the E103 refusal.
Result<std::vector<ImageProperties>> every_image_properties(const std::string& path,
                                                            Logger* logger);

// The E103 refusal for `path`, a WIM with several images opened without an index: names each
// image's index, NAME and EditionID. The hint is generic; callers word it for their option.
Error several_images_refusal(const std::string& path, Logger* logger);

}  // namespace kmsprep
