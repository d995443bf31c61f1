#include "registry/registry_value.hpp"

#include "core/product_key.hpp"
#include "core/text_decoding.hpp"

namespace kmsprep {
namespace {

Error type_mismatch(const RegistryValue& value, const std::string& expected) {
  return Error(ErrorCode::registry_value_type_mismatch,
               value.name() + " is " + to_string(value.type()) + " of " +
                   std::to_string(value.data().size()) + " bytes where " + expected +
                   " was expected",
               value.source(),
               "the hive was edited by a tool that wrote the wrong type; correct or delete the "
               "value on a reference PC and capture the image again");
}

Result<std::string> decode_utf16(const RegistryValue& value, std::string_view bytes) {
  auto utf8 = utf16_to_utf8(bytes, true, value.source());
  if (!utf8) {
    return Error(ErrorCode::registry_string_invalid, utf8.error().detail(), value.source(),
                 "the value is damaged; correct it on a reference PC and capture again");
  }
  return utf8;
}

bool is_string_type(RegistryType type) {
  return type == RegistryType::sz || type == RegistryType::expand_sz;
}

}  // namespace

std::string to_string(RegistryType type) {
  switch (type) {
    case RegistryType::none:
      return "REG_NONE";
    case RegistryType::sz:
      return "REG_SZ";
    case RegistryType::expand_sz:
      return "REG_EXPAND_SZ";
    case RegistryType::binary:
      return "REG_BINARY";
    case RegistryType::dword:
      return "REG_DWORD";
    case RegistryType::dword_big_endian:
      return "REG_DWORD_BIG_ENDIAN";
    case RegistryType::link:
      return "REG_LINK";
    case RegistryType::multi_sz:
      return "REG_MULTI_SZ";
    case RegistryType::resource_list:
      return "REG_RESOURCE_LIST";
    case RegistryType::full_resource_descriptor:
      return "REG_FULL_RESOURCE_DESCRIPTOR";
    case RegistryType::resource_requirements_list:
      return "REG_RESOURCE_REQUIREMENTS_LIST";
    case RegistryType::qword:
      return "REG_QWORD";
  }
  return "REG_TYPE_" + std::to_string(static_cast<uint32_t>(type));
}

RegistryValue::RegistryValue(std::string name, RegistryType type, std::string data,
                             std::string source)
    : name_(std::move(name)), type_(type), data_(std::move(data)), source_(std::move(source)) {}

Result<std::string> RegistryValue::as_string() const {
  if (!is_string_type(type_)) return type_mismatch(*this, "REG_SZ");
  std::string_view bytes = data_;
  while (bytes.size() >= 2 && bytes[bytes.size() - 2] == '\0' && bytes.back() == '\0') {
    bytes.remove_suffix(2);
  }
  for (size_t i = 0; i + 1 < bytes.size(); i += 2) {
    if (bytes[i] == '\0' && bytes[i + 1] == '\0') {  // text after an embedded terminator
      bytes = bytes.substr(0, i);
      break;
    }
  }
  return decode_utf16(*this, bytes);
}

Result<uint32_t> RegistryValue::as_dword() const {
  const bool little = type_ == RegistryType::dword;
  if ((!little && type_ != RegistryType::dword_big_endian) || data_.size() != 4) {
    return type_mismatch(*this, "REG_DWORD of 4 bytes");
  }
  const auto byte = [&](size_t i) { return static_cast<uint32_t>(static_cast<uint8_t>(data_[i])); };
  return little ? byte(0) | byte(1) << 8 | byte(2) << 16 | byte(3) << 24
                : byte(3) | byte(2) << 8 | byte(1) << 16 | byte(0) << 24;
}

Result<std::vector<std::string>> RegistryValue::as_multi_string() const {
  if (type_ != RegistryType::multi_sz) return type_mismatch(*this, "REG_MULTI_SZ");
  std::vector<std::string> strings;
  std::string_view rest = data_;
  if (rest.size() % 2 != 0) rest.remove_suffix(1);
  while (!rest.empty()) {
    size_t end = 0;
    while (end < rest.size() && !(rest[end] == '\0' && rest[end + 1] == '\0')) end += 2;
    if (end == 0) break;  // the empty string that terminates the list
    auto text = decode_utf16(*this, rest.substr(0, end));
    if (!text) return text.error();
    strings.push_back(std::move(*text));
    rest.remove_prefix(std::min(end + 2, rest.size()));
  }
  return strings;
}

std::string RegistryValue::display() const {
  if (is_string_type(type_)) {
    auto text = as_string();
    if (text) return mask_product_keys(*text);  // BackupProductKeyDefault holds a clear key
  } else if (type_ == RegistryType::dword || type_ == RegistryType::dword_big_endian) {
    auto number = as_dword();
    if (number) return std::to_string(*number);
  }
  return to_string(type_) + ", " + std::to_string(data_.size()) + " bytes";
}

Result<std::string> encode_registry_string(const std::string& utf8) {
  size_t bad_offset = 0;
  if (!is_valid_utf8(utf8, &bad_offset)) {
    return Error(ErrorCode::text_encoding_invalid,
                 "text for a registry string is not UTF-8 at byte " + std::to_string(bad_offset),
                 {}, "pass the value as UTF-8 text");
  }
  return utf8_to_utf16(utf8, true) + std::string(2, '\0');
}

}  // namespace kmsprep
