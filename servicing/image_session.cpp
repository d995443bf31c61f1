#include "servicing/image_session.hpp"

#include "core/text.hpp"
#include "unattend/processor_architecture.hpp"

namespace kmsprep {

ImageSession::ImageSession(std::string path, int index, std::unique_ptr<Image> image,
                           ImageProperties properties, bool has_metadata)
    : path_(std::move(path)),
      index_(index),
      image_(std::move(image)),
      properties_(std::move(properties)),
      has_metadata_(has_metadata) {}

Result<std::unique_ptr<Image>> open_named_image(const std::string& path, OpenOptions options) {
  const bool index_named = options.index != kNoImageIndex;
  if (!index_named) options.index = 1;
  auto image = open_image(path, options);
  if (!image || index_named || !(*image)->capabilities().properties) return image;
  auto properties = (*image)->properties();
  if (!properties) return std::move(properties).error();
  if (properties->image_count > 1) return several_images_refusal(path, options.logger);
  return image;
}

Result<ImageSession> ImageSession::open(const std::string& path, int index, bool writable,
                                        Logger* logger) {
  auto image = open_named_image(path, OpenOptions{index, writable, false, logger});
  if (!image) return std::move(image).error();
  if (writable && !(*image)->capabilities().write) {
    return Error(ErrorCode::image_write_unsupported,
                 (*image)->format_name() + " images are read-only", path,
                 (*image)->capabilities().write_refusal);
  }
  auto properties = (*image)->properties();
  if (!properties) return std::move(properties).error();
  const bool has_metadata = (*image)->capabilities().properties;
  return ImageSession(path, properties->index, std::move(*image), std::move(*properties),
                      has_metadata);
}

std::optional<std::string> ImageSession::property(const std::string& name) const {
  auto found = properties_.values.find(name);
  if (found == properties_.values.end() || found->second.empty()) return std::nullopt;
  return found->second;
}

namespace {

// A whole non-negative decimal number, or nullopt: metadata that is not a number names nothing.
std::optional<int> parse_number(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  return parse_integer<int>(*text, 0, 999999999);
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
  if (index_or_all != 0) return std::vector<int>{index_or_all};  // N, or kNoImageIndex
  auto image = open_image(path, OpenOptions{1, false, false, logger});
  if (!image) return std::move(image).error();
  auto properties = (*image)->properties();
  if (!properties) return std::move(properties).error();
  std::vector<int> indexes;
  for (int index = 1; index <= properties->image_count; ++index) indexes.push_back(index);
  return indexes;
}

Result<std::vector<ImageProperties>> every_image_properties(const std::string& path,
                                                            Logger* logger) {
  std::vector<ImageProperties> images;
  int count = 1;
  for (int index = 1; index <= count; ++index) {
    auto image = open_image(path, OpenOptions{index, false, false, logger});
    if (!image) return std::move(image).error();
    auto properties = (*image)->properties();
    if (!properties) return std::move(properties).error();
    count = properties->image_count;
    images.push_back(std::move(*properties));
  }
  return images;
}

Error several_images_refusal(const std::string& path, Logger* logger) {
  auto images = every_image_properties(path, logger);
  if (!images) return std::move(images).error();
  const auto value = [](const ImageProperties& image, const char* name) -> std::string {
    auto found = image.values.find(name);
    return found == image.values.end() ? std::string() : found->second;
  };
  std::string listing;
  for (const auto& image : *images) {
    std::string edition = value(image, "WINDOWS/EDITIONID");
    if (edition.empty()) edition = value(image, "FLAGS");
    const std::string name = value(image, "NAME");
    listing += std::string(listing.empty() ? "" : "; ") + "index " + std::to_string(image.index) +
               " " + (name.empty() ? std::string("(no NAME)") : "\"" + name + "\"") +
               " (EditionID " + (edition.empty() ? std::string("none") : edition) + ")";
  }
  return Error(ErrorCode::usage_index_required, listing, path, "name the image by its index");
}

}  // namespace kmsprep
