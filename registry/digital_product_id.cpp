#include "registry/digital_product_id.hpp"

#include <array>
#include <cstdint>

namespace kmsprep {
namespace {

constexpr std::string_view kKeyAlphabet = "BCDFGHJKMPQRTVWXY2346789";
constexpr int kKeyDigits = 25;
// Windows 8 and later mark the N-form in bit 3 of byte 66, the top byte of the 15-byte number.
// Published decoders clear exactly this bit before decoding; 25 base-24 digits never reach it
// (24^25 < 2^115), so it cannot be confused with key data.
constexpr uint8_t kWin8FormBit = 0x08;

Error malformed(const std::string& detail, const std::string& source) {
  return Error(ErrorCode::digital_product_id_malformed, detail, source,
               "the value is damaged; the installed key cannot be read from it (reinstall the "
               "key on a reference PC with slmgr /ipk and capture again)");
}

}  // namespace

Result<ProductKey> decode_digital_product_id(std::string_view bytes, const std::string& source) {
  if (bytes.size() < kDigitalProductIdKeyOffset + kDigitalProductIdKeyLength) {
    return malformed("the value has " + std::to_string(bytes.size()) + " bytes; the key needs " +
                         std::to_string(kDigitalProductIdKeyOffset + kDigitalProductIdKeyLength),
                     source);
  }
  // Little-endian: number[14] is the most significant byte (byte 66 of the value).
  std::array<uint8_t, kDigitalProductIdKeyLength> number{};
  for (size_t i = 0; i < number.size(); ++i) {
    number[i] = static_cast<uint8_t>(bytes[kDigitalProductIdKeyOffset + i]);
  }
  const bool win8_form = (number.back() & kWin8FormBit) != 0;
  number.back() &= static_cast<uint8_t>(~kWin8FormBit);

  // Long division by 24, one digit per round, least significant digit first.
  std::array<int, kKeyDigits> digits{};
  for (int d = kKeyDigits - 1; d >= 0; --d) {
    unsigned remainder = 0;
    for (int i = static_cast<int>(number.size()) - 1; i >= 0; --i) {
      const unsigned current = remainder * 256 + number[i];
      number[i] = static_cast<uint8_t>(current / 24);
      remainder = current % 24;
    }
    digits[d] = static_cast<int>(remainder);
  }
  for (uint8_t byte : number) {
    if (byte != 0) return malformed("the key number is larger than 25 base-24 digits", source);
  }

  std::string key;
  if (win8_form) {
    // The most significant digit says where N goes among the 24 characters that follow.
    const int n_position = digits[0];
    for (int d = 1; d < kKeyDigits; ++d) key += kKeyAlphabet[digits[d]];
    key.insert(static_cast<size_t>(n_position), 1, 'N');
  } else {
    for (int digit : digits) key += kKeyAlphabet[digit];
  }
  auto parsed = ProductKey::parse(key);
  if (!parsed) return malformed("the decoded characters do not form a product key", source);
  return parsed;
}

}  // namespace kmsprep
