#include "servicing/setup_state.hpp"

#include "servicing/installation_hives.hpp"

namespace kmsprep {

Result<std::optional<StateIniImageState>> read_state_ini(Image& image) {
  auto entry = image.stat(*ImagePath::parse(kStateIniPath));
  if (!entry) return std::move(entry).error();
  if (!*entry) return std::optional<StateIniImageState>();
  const std::string path = (*entry)->path.to_string();
  const std::string where = image.source() + ": " + path;
  auto type = own_entry_type(image, **entry);
  if (!type) return std::move(type).error();
  if (*type != EntryType::file) {
    return Error(ErrorCode::setup_state_not_a_file,
                 std::string("State.ini is ") +
                     (*type == EntryType::directory ? "a directory" : "a symbolic link") +
                     ", not the file Setup writes",
                 where, "remove it, or capture the installation again");
  }
  if ((*entry)->size > kMaxStateIniBytes) {
    return Error(ErrorCode::file_too_large,
                 "State.ini has " + std::to_string((*entry)->size) + " bytes, more than the " +
                     std::to_string(kMaxStateIniBytes) + " kmsprep reads",
                 where, "Setup's State.ini is a few lines; check what wrote this file");
  }
  auto bytes = image.read((*entry)->path);
  if (!bytes) return std::move(bytes).error();
  auto value = parse_state_ini(*bytes, where);
  if (!value) return std::move(value).error();
  StateIniImageState result;
  result.path = path;
  if (*value) {
    result.value = **value;
    result.state = classify_image_state(result.value);
  }
  return std::optional<StateIniImageState>(std::move(result));
}

}  // namespace kmsprep
