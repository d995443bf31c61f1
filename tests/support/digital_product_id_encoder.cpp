#include "tests/support/digital_product_id_encoder.hpp"

#include <array>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <vector>

namespace kmsprep::test {
namespace {

constexpr char kAlphabet[] = "BCDFGHJKMPQRTVWXY2346789";

int digit_of(char c) {
  const char* found = std::strchr(kAlphabet, c);
  if (c == '\0' || !found) throw std::invalid_argument(std::string("not a key character: ") + c);
  return static_cast<int>(found - kAlphabet);
}

}  // namespace

std::string encode_digital_product_id(const std::string& key, const std::string& product_id) {
  std::string characters;
  for (char c : key) {
    if (c != '-') characters += c;
  }
  if (characters.size() != 25) throw std::invalid_argument("a key has 25 characters: " + key);

  // Most significant digit first.
  std::vector<int> digits;
  const size_t n_position = characters.find('N');
  const bool win8_form = n_position != std::string::npos;
  if (win8_form) {
    if (n_position > 23) throw std::invalid_argument("N cannot be the last character: " + key);
    digits.push_back(static_cast<int>(n_position));
    characters.erase(n_position, 1);
  }
  for (char c : characters) digits.push_back(digit_of(c));

  // number = number * 24 + digit, over 15 little-endian bytes.
  std::array<uint32_t, 15> number{};
  for (int digit : digits) {
    uint32_t carry = static_cast<uint32_t>(digit);
    for (uint32_t& byte : number) {
      const uint32_t value = byte * 24 + carry;
      byte = value & 0xFF;
      carry = value >> 8;
    }
    if (carry != 0) throw std::logic_error("key does not fit 15 bytes: " + key);
  }
  if (win8_form) number[14] |= 0x08;

  std::string value(164, '\0');
  value[0] = static_cast<char>(164);  // uiSize, little-endian
  value[4] = 3;                       // major version of the structure
  std::memcpy(&value[8], product_id.data(), std::min<size_t>(product_id.size(), 23));
  for (size_t i = 0; i < number.size(); ++i) value[52 + i] = static_cast<char>(number[i]);
  return value;
}

}  // namespace kmsprep::test
