#include "servicing/image_session.hpp"

#include "unattend/processor_architecture.hpp"

namespace kmsprep {

ImageSession::ImageSession(std::string path, int index, std::unique_ptr<Image> image,
                           ImageProperties properties, bool has_metadata)
    : path_(std::move(path)), index_(index), image_(std::move(image)),
      properties_(std::move(properties)), has_metadata_(has_metadata) {}

Result<ImageSession> ImageSession::open(const std::string& path, int index, bool writable,
                                        Logger* logger) {
  auto image = open_image(path, OpenOptions{index, writable, false, logger});
  if (!image) return std::move(image).error();
  if (writable && !(*image)->capabilities().write) {
    return Error(ErrorCode::image_write_unsupported,
                 (*image)->format_name() + " images are read-only", path,
                 (*image)->capabilities().write_refusal);
  }
  auto properties = (*image)->properties();
  if (!properties) return std::move(properties).error();
  const bool has_metadata = (*image)->capabilities().properties;
  return ImageSession(path, index, std::move(*image), std::move(*properties), has_metadata);
}

std::optional<std::string> ImageSession::property(const std::string& name) const {
  auto found = properties_.values.find(name);
  if (found == properties_.values.end() || found->second.empty()) return std::nullopt;
  return found->second;
}

namespace {

// A whole non-negative decimal number, or nullopt: metadata that is not a number names nothing.
std::optional<int> parse_number(const std::optional<std::string>& text) {
  if (!text || text->empty() || text->size() > 9) return std::nullopt;
  int value = 0;
  for (char c : *text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

}  // namespace

std::optional<OsFamily> ImageSession::family_from_metadata() const {
  const auto major = parse_number(property("WINDOWS/VERSION/MAJOR"));
  const auto minor = parse_number(property("WINDOWS/VERSION/MINOR"));
  if (major && minor) return os_family_from_version(*major, *minor);
  if (auto number = build()) return os_family_from_build(*number);
  return std::nullopt;
}

std::optional<int> ImageSession::build() const {
  return parse_number(property("WINDOWS/VERSION/BUILD"));
}

std::optional<std::string> ImageSession::edition_id() const {
  if (auto edition = property("WINDOWS/EDITIONID")) return edition;
  return property("FLAGS");
}

std::optional<std::string> ImageSession::architecture() const {
  const auto arch = property("WINDOWS/ARCH");
  return arch ? architecture_from_wim_arch(*arch) : std::nullopt;
}

std::string ImageSession::describe() const {
  if (!has_metadata_) return path_;
  return path_ + " index " + std::to_string(index_);
}

Result<std::vector<int>> resolve_image_indexes(const std::string& path, int index_or_all,
                                               Logger* logger) {
  if (index_or_all != 0) return std::vector<int>{index_or_all};
  auto image = open_image(path, OpenOptions{1, false, false, logger});
  if (!image) return std::move(image).error();
  auto properties = (*image)->properties();
  if (!properties) return std::move(properties).error();
  std::vector<int> indexes;
  for (int index = 1; index <= properties->image_count; ++index) indexes.push_back(index);
  return indexes;
}

}  // namespace kmsprep
