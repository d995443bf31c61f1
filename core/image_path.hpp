// Paths inside an image, as Windows sees them: `\` and `/` both separate components, matching
// ignores letter case, a leading `./` is ignored for matching. Paths that could leave the
// image's root (`..`, absolute, drive-letter, UNC) are refused when parsed, so a parsed
// ImagePath is always safe to join below a root.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace kmsprep {

class ImagePath {
 public:
  ImagePath() = default;  // the image's root

  // Parses user or archive input. Refuses `..`, absolute, drive-letter and UNC paths, NUL
  // bytes and empty input ("" and "." alone are the root only when allow_root is true).
  static Result<ImagePath> parse(std::string_view text, bool allow_root = false);

  const std::vector<std::string>& components() const { return components_; }
  bool is_root() const { return components_.empty(); }
  std::string filename() const { return components_.empty() ? "" : components_.back(); }
  ImagePath parent() const;
  ImagePath child(const std::string& name) const;

  // Forward-slash form without a leading `./` ("Windows/Panther/unattend.xml").
  std::string to_string() const;

  // Windows-style comparison: same components, ignoring ASCII letter case.
  bool matches(const ImagePath& other) const;
  // True when this path lies strictly below `ancestor` (case-insensitive).
  bool is_below(const ImagePath& ancestor) const;

 private:
  std::vector<std::string> components_;
};

}  // namespace kmsprep
