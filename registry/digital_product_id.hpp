// Decoding the installed product key from the DigitalProductId value Windows keeps under
// SOFTWARE\Microsoft\Windows NT\CurrentVersion (REG_BINARY). Pure: no hivex here.
//
// The key is 25 base-24 digits (alphabet BCDFGHJKMPQRTVWXY2346789) in the 15 little-endian
// bytes at offset 52. Windows 8 and later set bit 3 of byte 66 (the top byte of that number);
// then the most significant digit is not a key character but the position at which the letter
// N is inserted into the 24 characters that follow. See docs/registry.md for the references.
#pragma once

#include <string>
#include <string_view>

#include "core/product_key.hpp"
#include "core/result.hpp"

namespace kmsprep {

// Offsets inside DigitalProductId (and the 67 bytes a value needs at least).
constexpr size_t kDigitalProductIdKeyOffset = 52;
constexpr size_t kDigitalProductIdKeyLength = 15;
constexpr size_t kDigitalProductIdWin8FlagOffset = 66;

// `bytes`: the raw value. `source` names it in messages. Too short a value, or digits that do
// not make a product key, give digital_product_id_malformed.
Result<ProductKey> decode_digital_product_id(std::string_view bytes, const std::string& source);

}  // namespace kmsprep
