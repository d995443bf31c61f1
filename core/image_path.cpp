#include "core/image_path.hpp"

#include <cctype>

#include "core/text.hpp"

namespace kmsprep {
namespace {

bool is_separator(char c) { return c == '/' || c == '\\'; }

Error unsafe(std::string_view text, const std::string& why) {
  return Error(ErrorCode::path_unsafe, "\"" + std::string(text) + "\" " + why, {},
               "use a relative path inside the image, such as Windows/Panther/unattend.xml");
}

}  // namespace

Result<ImagePath> ImagePath::parse(std::string_view text, bool allow_root) {
  if (text.find('\0') != std::string_view::npos) return unsafe(text, "contains a NUL byte");
  if (text.size() >= 2 && std::isalpha(static_cast<unsigned char>(text[0])) && text[1] == ':') {
    return unsafe(text, "has a drive letter");
  }
  if (!text.empty() && is_separator(text[0])) return unsafe(text, "is absolute");

  ImagePath path;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = start;
    while (end < text.size() && !is_separator(text[end])) ++end;
    const std::string_view component = text.substr(start, end - start);
    if (component == "..") return unsafe(text, "contains \"..\"");
    if (!component.empty() && component != ".") path.components_.emplace_back(component);
    start = end + 1;
  }
  if (path.components_.empty() && !allow_root) {
    return Error(ErrorCode::usage_invalid_argument, "empty path inside the image", {},
                 "name a file, such as Windows/Panther/unattend.xml");
  }
  return path;
}

ImagePath ImagePath::parent() const {
  ImagePath result = *this;
  if (!result.components_.empty()) result.components_.pop_back();
  return result;
}

ImagePath ImagePath::child(const std::string& name) const {
  ImagePath result = *this;
  result.components_.push_back(name);
  return result;
}

std::string ImagePath::to_string() const {
  std::string text;
  for (const auto& component : components_) {
    if (!text.empty()) text += '/';
    text += component;
  }
  return text;
}

bool ImagePath::matches(const ImagePath& other) const {
  if (components_.size() != other.components_.size()) return false;
  for (size_t i = 0; i < components_.size(); ++i) {
    if (!equals_ignoring_case(components_[i], other.components_[i])) return false;
  }
  return true;
}

bool ImagePath::is_below(const ImagePath& ancestor) const {
  if (components_.size() <= ancestor.components_.size()) return false;
  for (size_t i = 0; i < ancestor.components_.size(); ++i) {
    if (!equals_ignoring_case(components_[i], ancestor.components_[i])) return false;
  }
  return true;
}

}  // namespace kmsprep
