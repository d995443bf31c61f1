// Test support: encodes a product key into a DigitalProductId value the way Windows stores it
// (written from the format description, independently of registry/digital_product_id.cpp,
// which only decodes), so decoding tests start from keys rather than from decoder output.
#pragma once

#include <string>

namespace kmsprep::test {

// A 164-byte DigitalProductId (the size Windows Vista through 11 write) holding `key`
// (XXXXX-XXXXX-XXXXX-XXXXX-XXXXX). A key with an N is written in the Windows 8+ form (bit 3 of
// byte 66 set, the N's position as the most significant digit); one without in the older form.
// `product_id` fills the ProductId text at offset 8, as Windows does. Throws on a bad key.
std::string encode_digital_product_id(const std::string& key,
                                      const std::string& product_id = "00329-00000-00003-AA066");

}  // namespace kmsprep::test
