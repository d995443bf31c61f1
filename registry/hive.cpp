#include "registry/hive.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <set>

#include "registry/commit_check.hpp"
#include "registry/hive_bin_layout.hpp"
#include "registry/hivex_library.hpp"

namespace kmsprep {
namespace {

constexpr size_t kBaseBlockSize = 4096;  // the REGF base block; a hive is never shorter
constexpr size_t kMaxKeyNameLength = 255;
constexpr const char* kDamagedHiveHint =
    "the hive is damaged or is not a registry hive; take the file from a healthy reference PC "
    "and capture the image again";

// Memory that hivex allocated with malloc.
struct FreeDeleter {
  void operator()(void* pointer) const { std::free(pointer); }
};
template <typename T>
using HivexPointer = std::unique_ptr<T, FreeDeleter>;

std::string last_path_component(const std::string& path) {
  const size_t slash = path.find_last_of("/\\");
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string errno_text() { return errno != 0 ? std::strerror(errno) : "unspecified error"; }

bool equals_ignoring_ascii_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

uint32_t little_endian32(const std::string& bytes, size_t offset) {
  uint32_t value = 0;
  for (int i = 0; i < 4; ++i) value |= uint32_t(uint8_t(bytes[offset + i])) << (8 * i);
  return value;
}

// The base block's own consistency, checked before hivex sees the file so the message can say
// what is wrong; hivex then checks everything else. `bytes`: the file's first kBaseBlockSize + 4
// bytes (at least); `file_size`: its whole size. Empty string: nothing found.
std::string base_block_problem(const std::string& bytes, uint64_t file_size) {
  constexpr size_t kChecksumOffset = 508;
  uint32_t checksum = 0;
  for (size_t offset = 0; offset < kChecksumOffset; offset += 4) {
    checksum ^= little_endian32(bytes, offset);
  }
  if (checksum == 0) checksum = 1;
  if (checksum == 0xFFFFFFFF) checksum = 0xFFFFFFFE;
  if (checksum != little_endian32(bytes, kChecksumOffset)) {
    return "the base block checksum does not match its contents";
  }
  const uint64_t hbins_size = little_endian32(bytes, 40);
  if (kBaseBlockSize + hbins_size > file_size) {
    return "the base block declares " + std::to_string(hbins_size) +
           " bytes of hive bins but the file ends after " +
           std::to_string(file_size - kBaseBlockSize) + " (truncated)";
  }
  if (bytes.compare(kBaseBlockSize, 4, "hbin") != 0) {
    return "no hbin signature at offset 4096 (the first hive bin)";
  }
  return {};
}

// hivex hands a value's 32-bit type field back through a hive_type*, unchecked: a hostile
// hive can store any number there, and loading a number that is no hive_type enumerator is
// undefined behaviour (found by tests/fuzz). So the object is only ever read as its bytes.
uint32_t stored_type_number(const hive_type& type) {
  static_assert(sizeof(hive_type) == sizeof(uint32_t), "hivex stores the type in 32 bits");
  uint32_t number = 0;
  std::memcpy(&number, &type, sizeof number);
  return number;
}

size_t read_cap_for(RegistryType type) {
  const bool text =
      type == RegistryType::sz || type == RegistryType::expand_sz || type == RegistryType::multi_sz;
  return text ? kMaxRegistryStringBytes : kMaxRegistryBinaryBytes;
}

}  // namespace

struct Hive::Handle {
  hive_h* hive = nullptr;
  ~Handle() {
    if (hive) hivex().close(hive);
  }
};

namespace {

// Splits "A\B\C" into its names; "" is the root. Empty names ("A\\B", a trailing "\") and
// names longer than Windows allows are refused.
Result<std::vector<std::string>> split_key_path(std::string_view key_path,
                                                const std::string& location) {
  std::vector<std::string> names;
  if (key_path.empty()) return names;
  size_t start = 0;
  while (true) {
    const size_t end = key_path.find('\\', start);
    const std::string_view name = key_path.substr(
        start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (name.empty() || name.size() > kMaxKeyNameLength) {
      return Error(ErrorCode::registry_path_invalid,
                   "key path \"" + std::string(key_path) + "\" has an empty or over-long key name",
                   location, "separate key names with single backslashes");
    }
    names.emplace_back(name);
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return names;
}

}  // namespace

Hive::Hive(std::unique_ptr<Handle> handle, MemoryFile original, std::string display_name,
           bool writable)
    : handle_(std::move(handle)),
      original_(std::move(original)),
      display_name_(std::move(display_name)),
      root_name_(last_path_component(display_name_)),
      writable_(writable) {}

Hive::Hive(Hive&& other) noexcept = default;
Hive& Hive::operator=(Hive&& other) noexcept = default;
Hive::~Hive() = default;

Result<Hive> Hive::open(std::string bytes, std::string display_name, bool writable) {
  auto file = MemoryFile::with_bytes(bytes, display_name);
  if (!file) return std::move(file).error();
  bytes = std::string();  // the file holds them now
  return open_file(std::move(*file), std::move(display_name), writable);
}

Result<Hive> Hive::open_file(MemoryFile file, std::string display_name, bool writable) {
  const auto invalid = [&](const std::string& detail) {
    return Error(ErrorCode::registry_hive_invalid, detail, display_name, kDamagedHiveHint);
  };
  auto size = file.size();
  if (!size) return std::move(size).error();
  auto header = file.read_at(0, kBaseBlockSize + 32);
  if (!header) return std::move(header).error();
  if (*size == 0) return invalid("the file is empty");
  if (header->compare(0, 4, "regf") != 0) return invalid("no REGF signature at offset 0");
  if (*size < kBaseBlockSize + 32) {
    return invalid("the file ends after " + std::to_string(*size) +
                   " bytes, inside the base block or the first hbin (truncated)");
  }
  if (const std::string problem = base_block_problem(*header, *size); !problem.empty()) {
    return invalid(problem);
  }
  std::string path = file.path();
  if (path.empty()) {  // no /proc: hivex needs a name, so copy into a file that has one
    auto bytes = file.read_all();
    if (!bytes) return std::move(bytes).error();
    auto named = MemoryFile::with_bytes(*bytes, display_name);
    if (!named) return std::move(named).error();
    file = std::move(*named);
    path = file.path();
  }
  auto library = load_hivex_library();
  if (!library) return std::move(library).error();
  auto handle = std::make_unique<Handle>();
  errno = 0;
  // Read-only, hivex maps the file; kHivexOpenWrite (HIVEX_OPEN_WRITE) makes it read the whole file
  // into its own memory, so edits never reach the caller's file. HIVEX_OPEN_UNSAFE is never passed:
  // its checks are what refuse a hostile hive.
  handle->hive = hivex().open(path.c_str(), writable ? kHivexOpenWrite : 0);
  if (!handle->hive) return invalid("hivex refused the hive: " + errno_text());
  std::string unwritable_reason;
  if (writable) {
    auto problem = hive_bin_layout_problem(file, *size);
    if (!problem) return std::move(problem).error();
    unwritable_reason = std::move(*problem);
  }
  Hive hive(std::move(handle), std::move(file), std::move(display_name), writable);
  hive.unwritable_reason_ = std::move(unwritable_reason);
  return hive;
}

std::string Hive::source_of(std::string_view key_path, std::string_view name) const {
  std::string source = root_name_;
  if (!key_path.empty()) source += "\\" + std::string(key_path);
  source += "\\" + std::string(name.empty() ? "(default)" : name);
  return source;
}

namespace {

std::string key_location(const std::string& display_name, const std::string& root_name,
                         std::string_view key_path) {
  return display_name + ": " + root_name + (key_path.empty() ? "" : "\\" + std::string(key_path));
}

// The node of `key_path`, 0 when a key on the way does not exist. A key met twice on the way
// down is a cycle (a hostile hive whose subkey list points back up).
Result<hive_node_h> find_node(hive_h* hive, std::string_view key_path,
                              const std::string& location) {
  auto names = split_key_path(key_path, location);
  if (!names) return names.error();
  hive_node_h node = hivex().root(hive);
  if (node == 0) {
    return Error(ErrorCode::registry_hive_invalid, "the hive has no root key", location,
                 kDamagedHiveHint);
  }
  std::set<hive_node_h> seen{node};
  for (const std::string& name : *names) {
    errno = 0;
    const hive_node_h child = hivex().node_get_child(hive, node, name.c_str());
    if (child == 0) {
      if (errno != 0) {
        return Error(ErrorCode::registry_hive_invalid,
                     "cannot read the subkeys while looking for \"" + name + "\": " + errno_text(),
                     location, kDamagedHiveHint);
      }
      return hive_node_h{0};
    }
    if (!seen.insert(child).second) {
      return Error(ErrorCode::registry_key_cycle,
                   "key \"" + name + "\" is one of its own ancestors", location, kDamagedHiveHint);
    }
    node = child;
  }
  return node;
}

}  // namespace

Result<bool> Hive::key_exists(std::string_view key_path) const {
  auto node = find_node(handle_->hive, key_path, key_location(display_name_, root_name_, key_path));
  if (!node) return node.error();
  return *node != 0;
}

Result<std::optional<RegistryValue>> Hive::value(std::string_view key_path,
                                                 std::string_view name) const {
  const std::string source = source_of(key_path, name);
  const std::string location = display_name_ + ": " + source;
  auto node = find_node(handle_->hive, key_path, location);
  if (!node) return node.error();
  if (*node == 0) return std::optional<RegistryValue>();
  hive_h* hive = handle_->hive;
  errno = 0;
  const hive_value_h handle = hivex().node_get_value(hive, *node, std::string(name).c_str());
  if (handle == 0) {
    if (errno != 0) {
      return Error(ErrorCode::registry_hive_invalid,
                   "cannot read the key's values: " + errno_text(), location, kDamagedHiveHint);
    }
    return std::optional<RegistryValue>();
  }
  hive_type type{};
  size_t length = 0;
  if (hivex().value_type(hive, handle, &type, &length) != 0) {
    return Error(ErrorCode::registry_hive_invalid, "cannot read the value record: " + errno_text(),
                 location, kDamagedHiveHint);
  }
  const auto registry_type = static_cast<RegistryType>(stored_type_number(type));
  const size_t cap = read_cap_for(registry_type);
  if (length > cap) {
    return Error(ErrorCode::registry_value_too_large,
                 to_string(registry_type) + " of " + std::to_string(length) +
                     " bytes; kmsprep reads at most " + std::to_string(cap) +
                     " bytes of a value of this type",
                 location,
                 "no Windows installation keeps a value this large here; the hive was tampered "
                 "with or damaged, so take the image from a healthy reference PC");
  }
  errno = 0;
  HivexPointer<char> data(hivex().value_value(hive, handle, &type, &length));
  if (!data) {
    return Error(ErrorCode::registry_hive_invalid, "cannot read the value data: " + errno_text(),
                 location, kDamagedHiveHint);
  }
  HivexPointer<char> stored_name(hivex().value_key(hive, handle));
  return std::optional<RegistryValue>(
      RegistryValue(stored_name ? std::string(stored_name.get()) : std::string(name), registry_type,
                    std::string(data.get(), length), source));
}

namespace {

template <typename NameOf>
Result<std::vector<std::string>> names_of(hive_h* hive, size_t* handles, NameOf name_of,
                                          const std::string& location) {
  std::vector<std::string> names;
  HivexPointer<size_t> owned(handles);
  if (!handles) {
    return Error(ErrorCode::registry_hive_invalid, "cannot list the key: " + errno_text(), location,
                 kDamagedHiveHint);
  }
  for (size_t* h = handles; *h != 0; ++h) {
    HivexPointer<char> name(name_of(hive, *h));
    if (!name) {
      return Error(ErrorCode::registry_hive_invalid, "cannot read a name: " + errno_text(),
                   location, kDamagedHiveHint);
    }
    names.emplace_back(name.get());
  }
  return names;
}

}  // namespace

Result<std::vector<std::string>> Hive::subkeys(std::string_view key_path) const {
  const std::string location = key_location(display_name_, root_name_, key_path);
  auto node = find_node(handle_->hive, key_path, location);
  if (!node) return node.error();
  if (*node == 0) return std::vector<std::string>();
  errno = 0;
  return names_of(handle_->hive, hivex().node_children(handle_->hive, *node), hivex().node_name,
                  location);
}

Result<std::vector<std::string>> Hive::value_names(std::string_view key_path) const {
  const std::string location = key_location(display_name_, root_name_, key_path);
  auto node = find_node(handle_->hive, key_path, location);
  if (!node) return node.error();
  if (*node == 0) return std::vector<std::string>();
  errno = 0;
  return names_of(handle_->hive, hivex().node_values(handle_->hive, *node), hivex().value_key,
                  location);
}

namespace {

Error write_failed(const std::string& what, const std::string& location) {
  return Error(ErrorCode::registry_write_failed, what + ": " + errno_text(), location,
               "nothing was written; the hive may be damaged, so check it on a reference PC");
}

Error not_writable(const std::string& location) {
  return Error(ErrorCode::internal, "write to a hive opened read-only", location,
               "open the hive writable before editing it");
}

constexpr const char* kUnwritableHiveHint =
    "nothing was written; the hive's header does not match its bins (it is damaged, or was not "
    "written back cleanly): boot the reference PC once so that Windows writes the hive again, "
    "or take the hive from a healthy reference PC, and capture the image again";

// The node of `key_path`, creating the keys that do not exist yet.
Result<hive_node_h> find_or_create_node(hive_h* hive, std::string_view key_path,
                                        const std::string& location) {
  auto names = split_key_path(key_path, location);
  if (!names) return names.error();
  hive_node_h node = hivex().root(hive);
  std::set<hive_node_h> seen{node};
  for (const std::string& name : *names) {
    errno = 0;
    hive_node_h child = hivex().node_get_child(hive, node, name.c_str());
    if (child == 0 && errno != 0) return write_failed("cannot read subkeys", location);
    if (child == 0) {
      child = hivex().node_add_child(hive, node, name.c_str());
      if (child == 0) return write_failed("cannot create key \"" + name + "\"", location);
    }
    if (!seen.insert(child).second) {
      return Error(ErrorCode::registry_key_cycle,
                   "key \"" + name + "\" is one of its own ancestors", location, kDamagedHiveHint);
    }
    node = child;
  }
  return node;
}

// A key may hold only one value of a name (Windows compares names ignoring case). A damaged
// or hostile hive can hold two: hivex then rewrites one of them while reads keep finding the
// other, so a write would report a change that never takes effect (found by tests/fuzz).
Status require_one_value_named(hive_h* hive, hive_node_h node, std::string_view name,
                               const std::string& location) {
  errno = 0;
  HivexPointer<hive_value_h> handles(hivex().node_values(hive, node));
  if (!handles) return write_failed("cannot list the key's values", location);
  size_t named = 0;
  for (hive_value_h* h = handles.get(); *h != 0; ++h) {
    HivexPointer<char> key(hivex().value_key(hive, *h));
    if (!key) return write_failed("cannot read a value name", location);
    if (equals_ignoring_ascii_case(key.get(), name)) ++named;
  }
  if (named > 1) {
    return Error(ErrorCode::registry_hive_invalid,
                 "the key holds " + std::to_string(named) + " values named \"" + std::string(name) +
                     "\"; Windows keeps one value of a name",
                 location, kDamagedHiveHint);
  }
  return ok_status();
}

}  // namespace

Status Hive::require_safe_to_write(const std::string& location) const {
  if (unwritable_reason_.empty()) return ok_status();
  return Error(ErrorCode::registry_hive_unwritable, unwritable_reason_, location,
               kUnwritableHiveHint);
}

Status Hive::set_string(std::string_view key_path, std::string_view name, const std::string& utf8) {
  const std::string location = display_name_ + ": " + source_of(key_path, name);
  if (!writable_) return not_writable(location);
  auto current = value(key_path, name);
  if (!current) return current.error();
  if (*current && (*current)->type() == RegistryType::sz) {
    auto text = (*current)->as_string();
    if (text && *text == utf8) return ok_status();
  }
  auto data = encode_registry_string(utf8);
  if (!data) return Error(data.error()).within(location);
  const std::string stored_name = *current ? (*current)->name() : std::string(name);
  if (auto safe = require_safe_to_write(location); !safe) return safe.error();
  auto node = find_or_create_node(handle_->hive, key_path, location);
  if (!node) return node.error();
  if (auto one = require_one_value_named(handle_->hive, *node, stored_name, location); !one) {
    return one.error();
  }
  hive_set_value entry{const_cast<char*>(stored_name.c_str()), hive_t_REG_SZ, data->size(),
                       data->data()};
  modified_ = true;  // even a failed hivex write may have touched its in-memory copy
  if (hivex().node_set_value(handle_->hive, *node, &entry, 0) != 0) {
    return write_failed("cannot set the value", location);
  }
  return ok_status();
}

Status Hive::set_dword(std::string_view key_path, std::string_view name, uint32_t number) {
  const std::string location = display_name_ + ": " + source_of(key_path, name);
  if (!writable_) return not_writable(location);
  auto current = value(key_path, name);
  if (!current) return current.error();
  if (*current && (*current)->type() == RegistryType::dword) {
    auto existing = (*current)->as_dword();
    if (existing && *existing == number) return ok_status();
  }
  std::string data(4, '\0');
  for (int i = 0; i < 4; ++i) data[i] = static_cast<char>((number >> (8 * i)) & 0xFF);
  const std::string stored_name = *current ? (*current)->name() : std::string(name);
  if (auto safe = require_safe_to_write(location); !safe) return safe.error();
  auto node = find_or_create_node(handle_->hive, key_path, location);
  if (!node) return node.error();
  if (auto one = require_one_value_named(handle_->hive, *node, stored_name, location); !one) {
    return one.error();
  }
  hive_set_value entry{const_cast<char*>(stored_name.c_str()), hive_t_REG_DWORD, data.size(),
                       data.data()};
  modified_ = true;
  if (hivex().node_set_value(handle_->hive, *node, &entry, 0) != 0) {
    return write_failed("cannot set the value", location);
  }
  return ok_status();
}

Status Hive::delete_value(std::string_view key_path, std::string_view name) {
  const std::string location = display_name_ + ": " + source_of(key_path, name);
  if (!writable_) return not_writable(location);
  auto current = value(key_path, name);
  if (!current) return current.error();
  if (!*current) return ok_status();
  if (auto safe = require_safe_to_write(location); !safe) return safe.error();
  hive_h* hive = handle_->hive;
  auto node = find_node(hive, key_path, location);
  if (!node) return node.error();
  // hivex has no call that removes one value: write back every other value of the key.
  errno = 0;
  HivexPointer<hive_value_h> handles(hivex().node_values(hive, *node));
  if (!handles) return write_failed("cannot list the key's values", location);
  std::vector<HivexPointer<char>> keep_names;
  std::vector<HivexPointer<char>> keep_data;
  std::vector<hive_set_value> keep;
  for (hive_value_h* h = handles.get(); *h != 0; ++h) {
    HivexPointer<char> key(hivex().value_key(hive, *h));
    if (!key) return write_failed("cannot read a value name", location);
    if (equals_ignoring_ascii_case(key.get(), name)) continue;
    hive_type type{};
    size_t length = 0;
    HivexPointer<char> data(hivex().value_value(hive, *h, &type, &length));
    if (!data)
      return write_failed("cannot read value \"" + std::string(key.get()) + "\"", location);
    hive_set_value kept{key.get(), hive_t_REG_NONE, length, data.get()};
    std::memcpy(&kept.t, &type, sizeof kept.t);  // any type number, kept as stored
    keep.push_back(kept);
    keep_names.push_back(std::move(key));
    keep_data.push_back(std::move(data));
  }
  modified_ = true;
  if (hivex().node_set_values(hive, *node, keep.size(), keep.data(), 0) != 0) {
    return write_failed("cannot delete the value", location);
  }
  return ok_status();
}

Result<MemoryFile> Hive::serialize_to_file() const {
  if (!modified_) {
    auto bytes = original_.read_all();
    if (!bytes) return std::move(bytes).error();
    return MemoryFile::with_bytes(*bytes, display_name_);
  }
  auto file = MemoryFile::create(display_name_);
  if (!file) return std::move(file).error();
  errno = 0;
  if (hivex().commit(handle_->hive, file->path().c_str(), 0) != 0) {
    return Error(ErrorCode::registry_write_failed, "hivex cannot write the hive: " + errno_text(),
                 display_name_, "nothing was written");
  }
  if (auto opens = require_commit_opens(*file, display_name_); !opens) return opens.error();
  return file;
}

Result<std::string> Hive::serialize() const {
  if (!modified_) return original_.read_all();
  auto file = serialize_to_file();
  if (!file) return std::move(file).error();
  return file->read_all();
}

}  // namespace kmsprep
