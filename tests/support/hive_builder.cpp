#include "tests/support/hive_builder.hpp"

#include <hivex.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

#include "tests/support/test_support.hpp"

namespace kmsprep::test {
namespace {

// Layout of the REGF format as documented by the libyal project ("Windows NT Registry File
// (REGF) format specification") and Microsoft's "Registry hive file format" notes.
constexpr size_t kBaseBlockSize = 4096;
constexpr size_t kHbinSize = 4096;
constexpr size_t kHbinHeaderSize = 32;
constexpr size_t kChecksumOffset = 508;
// 2023-01-01T00:00:00Z as a FILETIME: fixed, so every built hive is reproducible.
constexpr uint64_t kTimestamp = (1672531200ULL + 11644473600ULL) * 10000000ULL;

void put16(std::string& bytes, size_t offset, uint16_t value) {
  bytes[offset] = static_cast<char>(value & 0xFF);
  bytes[offset + 1] = static_cast<char>(value >> 8);
}
void put32(std::string& bytes, size_t offset, uint32_t value) {
  for (int i = 0; i < 4; ++i) bytes[offset + i] = static_cast<char>((value >> (8 * i)) & 0xFF);
}
void put64(std::string& bytes, size_t offset, uint64_t value) {
  for (int i = 0; i < 8; ++i) bytes[offset + i] = static_cast<char>((value >> (8 * i)) & 0xFF);
}
uint32_t get32(const std::string& bytes, size_t offset) {
  uint32_t value = 0;
  for (int i = 0; i < 4; ++i) value |= uint32_t(uint8_t(bytes[offset + i])) << (8 * i);
  return value;
}

size_t aligned8(size_t size) { return (size + 7) & ~size_t(7); }

// A SID in its binary form: revision 1, the identifier authority, the sub-authorities.
std::string sid(uint8_t authority, std::vector<uint32_t> sub_authorities) {
  std::string bytes(8 + 4 * sub_authorities.size(), '\0');
  bytes[0] = 1;
  bytes[1] = static_cast<char>(sub_authorities.size());
  bytes[7] = static_cast<char>(authority);
  for (size_t i = 0; i < sub_authorities.size(); ++i) put32(bytes, 8 + 4 * i, sub_authorities[i]);
  return bytes;
}

// A self-relative security descriptor like the one Windows gives a new hive's root: owner
// Administrators, group SYSTEM, a DACL granting Everyone full control, inherited by subkeys.
std::string security_descriptor() {
  const std::string everyone = sid(1, {0});
  const std::string administrators = sid(5, {32, 544});
  const std::string system = sid(5, {18});
  std::string ace(8, '\0');
  ace[0] = 0;     // ACCESS_ALLOWED_ACE_TYPE
  ace[1] = 0x02;  // CONTAINER_INHERIT_ACE
  put16(ace, 2, static_cast<uint16_t>(8 + everyone.size()));
  put32(ace, 4, 0x000F003F);  // KEY_ALL_ACCESS
  ace += everyone;
  std::string acl(8, '\0');
  acl[0] = 2;  // ACL_REVISION
  put16(acl, 2, static_cast<uint16_t>(8 + ace.size()));
  put16(acl, 4, 1);
  acl += ace;
  std::string header(20, '\0');
  header[0] = 1;             // revision
  put16(header, 2, 0x8004);  // SE_SELF_RELATIVE | SE_DACL_PRESENT
  const uint32_t dacl_offset = 20;
  const uint32_t owner_offset = dacl_offset + static_cast<uint32_t>(acl.size());
  const uint32_t group_offset = owner_offset + static_cast<uint32_t>(administrators.size());
  put32(header, 4, owner_offset);
  put32(header, 8, group_offset);
  put32(header, 12, 0);  // no SACL
  put32(header, 16, dacl_offset);
  return header + acl + administrators + system;
}

void check(bool ok, const std::string& what) {
  if (!ok) throw std::runtime_error("hive builder: " + what + ": " + std::strerror(errno));
}

std::filesystem::path private_temp_file() {
  const char* base = std::getenv("TMPDIR");
  std::string pattern = std::string(base ? base : "/tmp") + "/kmsprep-hive-XXXXXX";
  const int fd = ::mkstemp(pattern.data());
  check(fd >= 0, "mkstemp");
  ::close(fd);
  return pattern;
}

}  // namespace

std::string empty_hive(const std::string& root_name) {
  std::string file(kBaseBlockSize + kHbinSize, '\0');

  // The hbin: header, root key (nk), its security cell (sk), and one free cell for the rest.
  const size_t hbin = kBaseBlockSize;
  std::memcpy(&file[hbin], "hbin", 4);
  put32(file, hbin + 4, 0);  // offset of this bin from the first bin
  put32(file, hbin + 8, kHbinSize);
  put64(file, hbin + 20, kTimestamp);

  // Cell offsets are relative to the first hbin; a used cell's size is negative.
  const uint32_t nk_offset = kHbinHeaderSize;
  const size_t nk_size = aligned8(4 + 76 + root_name.size());
  const uint32_t sk_offset = nk_offset + static_cast<uint32_t>(nk_size);
  const std::string descriptor = security_descriptor();
  const size_t sk_size = aligned8(4 + 20 + descriptor.size());
  const uint32_t free_offset = sk_offset + static_cast<uint32_t>(sk_size);

  size_t nk = hbin + nk_offset;
  put32(file, nk, static_cast<uint32_t>(-static_cast<int32_t>(nk_size)));
  nk += 4;
  std::memcpy(&file[nk], "nk", 2);
  put16(file, nk + 2, 0x002C);  // KEY_HIVE_ENTRY | KEY_NO_DELETE | KEY_COMP_NAME (ASCII name)
  put64(file, nk + 4, kTimestamp);
  put32(file, nk + 16, 0);           // parent: none for the root
  put32(file, nk + 20, 0);           // subkeys
  put32(file, nk + 24, 0);           // volatile subkeys
  put32(file, nk + 28, 0xFFFFFFFF);  // subkey list
  put32(file, nk + 32, 0xFFFFFFFF);  // volatile subkey list
  put32(file, nk + 36, 0);           // values
  put32(file, nk + 40, 0xFFFFFFFF);  // value list
  put32(file, nk + 44, sk_offset);
  put32(file, nk + 48, 0xFFFFFFFF);  // class name
  put16(file, nk + 72, static_cast<uint16_t>(root_name.size()));
  std::memcpy(&file[nk + 76], root_name.data(), root_name.size());

  size_t sk = hbin + sk_offset;
  put32(file, sk, static_cast<uint32_t>(-static_cast<int32_t>(sk_size)));
  sk += 4;
  std::memcpy(&file[sk], "sk", 2);
  put32(file, sk + 4, sk_offset);  // the list of security cells is circular: just this one
  put32(file, sk + 8, sk_offset);
  put32(file, sk + 12, 1);  // referenced by the root
  put32(file, sk + 16, static_cast<uint32_t>(descriptor.size()));
  std::memcpy(&file[sk + 20], descriptor.data(), descriptor.size());

  put32(file, hbin + free_offset, static_cast<uint32_t>(kHbinSize - free_offset));

  // The base block.
  std::memcpy(&file[0], "regf", 4);
  put32(file, 4, 1);  // primary and secondary sequence numbers equal: cleanly written
  put32(file, 8, 1);
  put64(file, 12, kTimestamp);
  put32(file, 20, 1);  // major version
  put32(file, 24, 3);  // minor version 3: Windows XP and later read and write it
  put32(file, 28, 0);  // primary file
  put32(file, 32, 1);  // direct memory load
  put32(file, 36, nk_offset);
  put32(file, 40, kHbinSize);
  put32(file, 44, 1);  // clustering factor
  const std::string file_name = utf16le(root_name);
  std::memcpy(&file[48], file_name.data(), std::min<size_t>(file_name.size(), 64));
  uint32_t checksum = 0;
  for (size_t offset = 0; offset < kChecksumOffset; offset += 4) checksum ^= get32(file, offset);
  if (checksum == 0) checksum = 1;
  if (checksum == 0xFFFFFFFF) checksum = 0xFFFFFFFE;
  put32(file, kChecksumOffset, checksum);
  return file;
}

std::string utf16le(const std::string& utf8) {
  std::string out;
  for (size_t i = 0; i < utf8.size();) {
    const auto byte = static_cast<uint8_t>(utf8[i]);
    uint32_t code_point = byte;
    size_t length = 1;
    if (byte >= 0xF0) {
      code_point = byte & 0x07, length = 4;
    } else if (byte >= 0xE0) {
      code_point = byte & 0x0F, length = 3;
    } else if (byte >= 0xC0) {
      code_point = byte & 0x1F, length = 2;
    }
    for (size_t k = 1; k < length && i + k < utf8.size(); ++k) {
      code_point = (code_point << 6) | (uint8_t(utf8[i + k]) & 0x3F);
    }
    i += length;
    const auto put = [&](uint32_t unit) {
      out += static_cast<char>(unit & 0xFF);
      out += static_cast<char>(unit >> 8);
    };
    if (code_point >= 0x10000) {
      code_point -= 0x10000;
      put(0xD800 + (code_point >> 10));
      put(0xDC00 + (code_point & 0x3FF));
    } else {
      put(code_point);
    }
  }
  return out;
}

HiveBuilder::HiveBuilder(hive_h* hive, std::filesystem::path file)
    : hive_(hive), file_(std::move(file)) {}

HiveBuilder::HiveBuilder(const std::string& root_name)
    : HiveBuilder(from_bytes(empty_hive(root_name))) {}

HiveBuilder HiveBuilder::from_bytes(const std::string& bytes) {
  std::filesystem::path file = private_temp_file();
  write_bytes(file, bytes);
  hive_h* hive = hivex_open(file.c_str(), HIVEX_OPEN_WRITE);
  check(hive != nullptr, "hivex_open of " + file.string());
  return HiveBuilder(hive, std::move(file));
}

HiveBuilder::HiveBuilder(HiveBuilder&& other) noexcept
    : hive_(other.hive_), file_(std::move(other.file_)) {
  other.hive_ = nullptr;
  other.file_.clear();
}

HiveBuilder::~HiveBuilder() {
  if (hive_) hivex_close(hive_);
  std::error_code ignored;
  if (!file_.empty()) std::filesystem::remove(file_, ignored);
}

size_t HiveBuilder::node_for(const std::string& key_path) {
  hive_node_h node = hivex_root(hive_);
  size_t start = 0;
  while (start < key_path.size()) {
    size_t end = key_path.find('\\', start);
    if (end == std::string::npos) end = key_path.size();
    const std::string name = key_path.substr(start, end - start);
    errno = 0;
    hive_node_h child = hivex_node_get_child(hive_, node, name.c_str());
    check(child != 0 || errno == 0, "hivex_node_get_child " + name);
    if (child == 0) child = hivex_node_add_child(hive_, node, name.c_str());
    check(child != 0, "hivex_node_add_child " + name);
    node = child;
    start = end + 1;
  }
  return node;
}

HiveBuilder& HiveBuilder::add_key(const std::string& key_path) {
  node_for(key_path);
  return *this;
}

HiveBuilder& HiveBuilder::set_raw(const std::string& key_path, const std::string& name,
                                  HiveValueType type, const std::string& data) {
  const hive_node_h node = node_for(key_path);
  std::string data_copy = data;
  std::string name_copy = name;
  hive_set_value value{name_copy.data(), static_cast<hive_type>(type), data_copy.size(),
                       data_copy.data()};
  check(hivex_node_set_value(hive_, node, &value, 0) == 0, "hivex_node_set_value " + name);
  return *this;
}

HiveBuilder& HiveBuilder::set_string(const std::string& key_path, const std::string& name,
                                     const std::string& utf8) {
  return set_raw(key_path, name, HiveValueType::sz, utf16le(utf8) + std::string(2, '\0'));
}

HiveBuilder& HiveBuilder::set_dword(const std::string& key_path, const std::string& name,
                                    uint32_t value) {
  std::string data(4, '\0');
  put32(data, 0, value);
  return set_raw(key_path, name, HiveValueType::dword, data);
}

HiveBuilder& HiveBuilder::set_binary(const std::string& key_path, const std::string& name,
                                     const std::string& bytes) {
  return set_raw(key_path, name, HiveValueType::binary, bytes);
}

HiveBuilder& HiveBuilder::set_multi_string(const std::string& key_path, const std::string& name,
                                           const std::vector<std::string>& strings) {
  std::string data;
  for (const std::string& text : strings) data += utf16le(text) + std::string(2, '\0');
  data += std::string(2, '\0');
  return set_raw(key_path, name, HiveValueType::multi_sz, data);
}

std::string HiveBuilder::bytes() {
  check(hivex_commit(hive_, nullptr, 0) == 0, "hivex_commit");
  return read_bytes(file_);
}

void HiveBuilder::write_to(const std::filesystem::path& path) { write_bytes(path, bytes()); }

}  // namespace kmsprep::test
