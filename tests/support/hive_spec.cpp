#include "tests/support/hive_spec.hpp"

#include <stdexcept>
#include <string>
#include <vector>

#include "tests/support/digital_product_id_encoder.hpp"

namespace kmsprep::test {
namespace {

std::vector<std::string> split_fields(const std::string& line) {
  std::vector<std::string> fields;
  size_t start = 0;
  while (true) {
    const size_t bar = line.find('|', start);
    fields.push_back(
        line.substr(start, bar == std::string::npos ? std::string::npos : bar - start));
    if (bar == std::string::npos) return fields;
    start = bar + 1;
  }
}

uint64_t parse_number(const std::string& text) {
  size_t used = 0;
  const uint64_t number = std::stoull(text, &used, 0);
  if (used != text.size()) throw std::invalid_argument("not a number: " + text);
  return number;
}

std::string parse_hex(const std::string& text) {
  std::string digits;
  for (char c : text) {
    if (c != ' ') digits += c;
  }
  if (digits.size() % 2 != 0) throw std::invalid_argument("odd number of hex digits");
  std::string bytes;
  for (size_t i = 0; i < digits.size(); i += 2) {
    bytes += static_cast<char>(std::stoul(digits.substr(i, 2), nullptr, 16));
  }
  return bytes;
}

std::string little_endian(uint64_t value, size_t size) {
  std::string bytes(size, '\0');
  for (size_t i = 0; i < size; ++i) bytes[i] = static_cast<char>((value >> (8 * i)) & 0xFF);
  return bytes;
}

void apply_line(const std::string& line, HiveBuilder& hive) {
  const std::vector<std::string> fields = split_fields(line);
  if (fields.size() == 1) {
    hive.add_key(fields[0]);
    return;
  }
  if (fields.size() < 4) throw std::invalid_argument("expected key|name|type|value");
  const std::string& key = fields[0];
  const std::string& name = fields[1];
  const std::string& type = fields[2];
  const std::string& value = fields[3];
  if (type == "sz") {
    hive.set_string(key, name, line.substr(key.size() + name.size() + type.size() + 3));
  } else if (type == "expand-sz") {
    hive.set_raw(
        key, name, HiveValueType::expand_sz,
        utf16le(line.substr(key.size() + name.size() + type.size() + 3)) + std::string(2, '\0'));
  } else if (type == "multi-sz") {
    hive.set_multi_string(key, name, std::vector<std::string>(fields.begin() + 3, fields.end()));
  } else if (type == "dword") {
    const uint64_t number = parse_number(value);
    if (number > 0xFFFFFFFFu) throw std::invalid_argument("DWORD out of range: " + value);
    hive.set_dword(key, name, static_cast<uint32_t>(number));
  } else if (type == "qword") {
    hive.set_raw(key, name, HiveValueType::qword, little_endian(parse_number(value), 8));
  } else if (type == "binary-hex") {
    hive.set_binary(key, name, parse_hex(value));
  } else if (type == "binary-zeros") {
    hive.set_binary(key, name, std::string(parse_number(value), '\0'));
  } else if (type == "product-key") {
    hive.set_binary(key, name, encode_digital_product_id(value));
  } else {
    throw std::invalid_argument("unknown type \"" + type + "\"");
  }
}

}  // namespace

void apply_hive_spec(std::string_view spec, HiveBuilder& hive) {
  int line_number = 0;
  while (!spec.empty()) {
    ++line_number;
    const size_t end = spec.find('\n');
    std::string line(spec.substr(0, end));
    spec.remove_prefix(end == std::string_view::npos ? spec.size() : end + 1);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    try {
      apply_line(line, hive);
    } catch (const std::exception& error) {
      throw std::runtime_error("line " + std::to_string(line_number) + ": " + error.what());
    }
  }
}

}  // namespace kmsprep::test
