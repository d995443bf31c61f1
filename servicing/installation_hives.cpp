#include "servicing/installation_hives.hpp"

namespace kmsprep {

const char* hive_image_path(HiveName hive) {
  return hive == HiveName::software ? "Windows/System32/config/SOFTWARE"
                                    : "Windows/System32/config/SYSTEM";
}

Result<EntryType> own_entry_type(Image& image, const EntryInfo& entry) {
  if (entry.type != EntryType::file) return entry.type;
  auto siblings = image.list(entry.path.parent());
  if (!siblings) return std::move(siblings).error();
  for (const auto& sibling : *siblings) {
    if (sibling.path.matches(entry.path)) return sibling.type;
  }
  return entry.type;
}

Result<std::optional<HiveFile>> read_hive(Image& image, HiveName hive) {
  auto entry = image.stat(*ImagePath::parse(hive_image_path(hive)));
  if (!entry) return std::move(entry).error();
  if (!*entry) return std::optional<HiveFile>();
  const std::string path = (*entry)->path.to_string();
  const std::string where = image.source() + ": " + path;
  auto type = own_entry_type(image, **entry);
  if (!type) return std::move(type).error();
  if (*type != EntryType::file) {
    // Windows never links or nests a hive; a link could point anywhere outside the hive.
    const char* what = *type == EntryType::directory ? "a directory"
                       : *type == EntryType::symlink ? "a symbolic link"
                                                     : "not a regular file";
    return Error(ErrorCode::hive_not_a_file, std::string("the registry hive is ") + what, where,
                 "a captured Windows installation holds its hives as plain files; replace it "
                 "with the real hive or remove it");
  }
  if ((*entry)->size > kMaxHiveBytes) {
    return Error(ErrorCode::hive_too_large,
                 "the registry hive has " + std::to_string((*entry)->size) +
                     " bytes, more than the 512 MiB limit kmsprep reads into memory",
                 where, "compact the hive in Windows (reg save) or check what wrote this file");
  }
  auto file = image.read_as_file((*entry)->path, kMaxHiveBytes);
  if (!file) return std::move(file).error();
  return std::optional<HiveFile>(HiveFile{path, std::move(*file)});
}

Result<bool> has_regf_signature(const MemoryFile& file) {
  auto start = file.read_at(0, 4);
  if (!start) return std::move(start).error();
  return *start == "regf";
}

}  // namespace kmsprep
