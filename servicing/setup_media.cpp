#include "servicing/setup_media.hpp"

#include "core/file_io.hpp"
#include "core/file_system.hpp"
#include "image/image.hpp"

namespace kmsprep {
namespace {

// Reads an optional file of the media; nullopt when absent.
Result<std::optional<std::string>> read_if_present(Image& media, const char* path_text) {
  const ImagePath path = *ImagePath::parse(path_text);
  auto entry = media.stat(path);
  if (!entry) return std::move(entry).error();
  if (!*entry || (*entry)->type != EntryType::file) return std::optional<std::string>();
  auto bytes = media.read(path);
  if (!bytes) return std::move(bytes).error();
  return std::optional<std::string>(std::move(*bytes));
}

Result<SetupMedia> read_pid_file_itself(const std::string& path) {
  auto bytes = read_file(path, kMaxSetupMediaFileBytes);
  if (!bytes) return std::move(bytes).error();
  auto pid = parse_pid_file(*bytes, path);
  if (!pid) return std::move(pid).error();
  SetupMedia media{path, std::move(*pid), std::nullopt, {}, {}};
  media.warnings = media.pid.warnings;
  return media;
}

}  // namespace

Result<SetupMedia> read_setup_media(const std::string& media_path, Logger* logger) {
  auto image = open_image(media_path, OpenOptions{1, false, false, logger});
  if (!image) {
    FileStatus info;
    const bool small_file = status_of_target(media_path, info) == 0 &&
                            info.kind == FileKind::file && info.size <= kMaxSetupMediaFileBytes;
    if (image.error().code() == ErrorCode::image_format_unknown && small_file) {
      return read_pid_file_itself(media_path);
    }
    return std::move(image).error();
  }
  Image& media = **image;
  auto pid_bytes = read_if_present(media, "sources/pid.txt");
  if (!pid_bytes) return std::move(pid_bytes).error();
  if (!*pid_bytes) {
    return Error(ErrorCode::pid_not_found, "the media has no sources/pid.txt", media_path,
                 "point --media at the root of Windows volume media (the folder or ISO that "
                 "holds sources/), or give the key with --key");
  }
  const std::string source = media_path + ": sources/pid.txt";
  auto pid = parse_pid_file(**pid_bytes, source);
  if (!pid) return std::move(pid).error();
  SetupMedia result{source, std::move(*pid), std::nullopt, {}, {}};
  for (const auto& warning : result.pid.warnings)
    result.warnings.push_back(source + ": " + warning);

  auto ei_bytes = read_if_present(media, "sources/ei.cfg");
  if (!ei_bytes) return std::move(ei_bytes).error();
  if (*ei_bytes) {
    auto ei = parse_ei_config(**ei_bytes, media_path + ": sources/ei.cfg");
    if (!ei) return std::move(ei).error();
    for (const auto& warning : ei->warnings) {
      result.warnings.push_back(media_path + ": sources/ei.cfg: " + warning);
    }
    result.ei_config = std::move(*ei);
  }
  for (const char* candidate : {"Autounattend.xml", "sources/Autounattend.xml"}) {
    auto entry = media.stat(*ImagePath::parse(candidate));
    if (!entry) return std::move(entry).error();
    if (*entry && (*entry)->type == EntryType::file) {
      result.answer_files.push_back((*entry)->path.to_string());
    }
  }
  return result;
}

}  // namespace kmsprep
