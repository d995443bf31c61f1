#include "plugin/image_entry_probe.hpp"

#include "core/text.hpp"
#include "image/image.hpp"
#include "servicing/image_session.hpp"

namespace kmsprep {
namespace {

// Where Windows keeps its standard folders on the system drive, which is the image's root.
std::optional<std::string> standard_folder(const std::string& name) {
  static const std::pair<const char*, const char*> kFolders[] = {
      {"SystemRoot", "C:\\Windows"},
      {"windir", "C:\\Windows"},
      {"SystemDrive", "C:"},
      {"ProgramFiles", "C:\\Program Files"},
      {"ProgramFiles(x86)", "C:\\Program Files (x86)"},
      {"ProgramW6432", "C:\\Program Files"},
      {"ProgramData", "C:\\ProgramData"},
      {"ALLUSERSPROFILE", "C:\\ProgramData"},
  };
  for (const auto& [variable, folder] : kFolders) {
    if (equals_ignoring_case(name, variable)) return std::string(folder);
  }
  return std::nullopt;
}

Error unplaceable(const std::string& windows_path, const std::string& why) {
  return Error(ErrorCode::path_not_in_image, "\"" + windows_path + "\" " + why, {},
               "use a full path on the system drive, e.g. %SystemRoot%\\System32\\file.dll");
}

bool is_separator(char c) { return c == '\\' || c == '/'; }

}  // namespace

Result<ImagePath> image_path_of_windows_path(const std::string& windows_path,
                                             const Variables& variables) {
  std::string expanded;
  for (size_t i = 0; i < windows_path.size();) {
    if (windows_path[i] != '%') {
      expanded += windows_path[i++];
      continue;
    }
    const size_t end = windows_path.find('%', i + 1);
    if (end == std::string::npos) return unplaceable(windows_path, "has an unclosed %");
    const std::string name = windows_path.substr(i + 1, end - i - 1);
    auto value = standard_folder(name);
    if (!value && is_valid_variable_name(name)) value = variables.get(name);
    if (!value || value->empty()) {
      return unplaceable(windows_path, "uses %" + name + "%, which is not set");
    }
    expanded += *value;
    i = end + 1;
  }
  const bool has_drive =
      expanded.size() >= 2 && expanded[1] == ':' &&
      ((expanded[0] >= 'A' && expanded[0] <= 'Z') || (expanded[0] >= 'a' && expanded[0] <= 'z'));
  if (!has_drive) return unplaceable(windows_path, "is not a full path with a drive letter");
  if (expanded[0] == 'X' || expanded[0] == 'x') {
    return unplaceable(windows_path, "is on X:, the drive of Windows PE, not of the image");
  }
  size_t start = 2;
  while (start < expanded.size() && is_separator(expanded[start])) ++start;
  if (start == expanded.size()) return ImagePath();
  auto parsed = ImagePath::parse(expanded.substr(start));
  if (!parsed) return unplaceable(windows_path, "is not a path inside the image");
  return parsed;
}

ImageEntryProbe image_entry_probe(const Variables& variables, Logger* logger) {
  return [&variables, logger](const std::string& windows_path, bool folder) -> ConditionResult {
    const std::string what =
        std::string(folder ? "folder" : "file") + " \"" + windows_path + "\" exists";
    const auto image_path = variables.get("ImagePath");
    if (!image_path || image_path->empty()) {
      return {Truth::unknown, what + ": ImagePath is not set, so there is no image to look in"};
    }
    auto inner = image_path_of_windows_path(windows_path, variables);
    if (!inner) return {Truth::unknown, what + ": " + inner.error().detail()};
    int index = 1;
    if (const auto text = variables.get("ImageIndex"); text && !text->empty()) {
      const auto parsed = parse_integer<int>(*text, 0, kMaxImageIndex);
      if (!parsed) return {Truth::unknown, what + ": ImageIndex \"" + *text + "\" is not a number"};
      index = *parsed;
    }
    auto image = open_image(*image_path, OpenOptions{index, false, false, logger});
    if (!image) return {Truth::unknown, what + ": " + image.error().to_string()};
    auto entry = (*image)->stat(*inner);
    if (!entry) return {Truth::unknown, what + ": " + entry.error().to_string()};
    const bool found = *entry && ((*entry)->type == EntryType::directory) == folder &&
                       (folder || (*entry)->type == EntryType::file);
    return {found ? Truth::holds : Truth::fails, {}};
  };
}

}  // namespace kmsprep
