// Decoding DigitalProductId: every published GVLK of engine/data/gvlk.csv, stored by the test's
// own encoder in the form its Windows version uses (N-form from Windows 8 on), decodes back to
// itself; fixed byte vectors pin the encoding itself; damaged values are refused.
#include "registry/digital_product_id.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "tests/support/digital_product_id_encoder.hpp"
#include "tests/support/test_support.hpp"

namespace kmsprep {
namespace {

std::string from_hex(const std::string& hex) {
  std::string bytes;
  for (size_t i = 0; i < hex.size(); i += 2) {
    bytes += static_cast<char>(std::stoul(hex.substr(i, 2), nullptr, 16));
  }
  return bytes;
}

// A 164-byte value with `key_bytes` (15 bytes, hex) at offset 52.
std::string value_with_key_bytes(const std::string& key_bytes_hex) {
  std::string value(164, '\0');
  const std::string key = from_hex(key_bytes_hex);
  value.replace(52, key.size(), key);
  return value;
}

struct PublishedKey {
  std::string product_id;
  std::string family;
  std::string gvlk;
};

std::vector<PublishedKey> published_gvlks() {
  const std::string csv = test::read_bytes(test::source_dir() / "engine" / "data" / "gvlk.csv");
  // Columns by the header's names, so columns the catalog gains later change nothing here.
  auto split = [](const std::string& line) {
    std::vector<std::string> fields;
    size_t from = 0;
    for (size_t comma; (comma = line.find(',', from)) != std::string::npos; from = comma + 1) {
      fields.push_back(line.substr(from, comma - from));
    }
    fields.push_back(line.substr(from));
    return fields;
  };
  const size_t header_end = csv.find('\n');
  const std::vector<std::string> header = split(csv.substr(0, header_end));
  auto column = [&](const std::string& name) {
    return static_cast<size_t>(std::find(header.begin(), header.end(), name) - header.begin());
  };
  const size_t product_id = column("product_id"), family = column("family"), gvlk = column("gvlk");
  std::vector<PublishedKey> keys;
  size_t start = header_end + 1;
  while (start < csv.size()) {
    size_t end = csv.find('\n', start);
    if (end == std::string::npos) end = csv.size();
    const std::string line = csv.substr(start, end - start);
    start = end + 1;
    if (line.empty()) continue;
    const std::vector<std::string> fields = split(line);
    if (fields.size() < header.size()) continue;
    keys.push_back({fields[product_id], fields[family], fields[gvlk]});
  }
  return keys;
}

TEST(DigitalProductId, DecodesEveryPublishedGvlkInTheFormOfItsWindowsVersion) {
  const std::vector<PublishedKey> keys = published_gvlks();
  ASSERT_GT(keys.size(), 50u);
  int pre8 = 0, win8 = 0;
  for (const PublishedKey& key : keys) {
    const std::string value = test::encode_digital_product_id(key.gvlk);
    const bool n_form = (static_cast<uint8_t>(value[66]) & 0x08) != 0;
    const bool modern = key.family != "vista" && key.family != "win7";
    EXPECT_EQ(n_form, modern) << key.product_id;
    (n_form ? win8 : pre8)++;
    auto decoded = decode_digital_product_id(value, "SOFTWARE\\...\\DigitalProductId");
    ASSERT_TRUE(decoded) << key.product_id << ": " << decoded.error().to_string();
    EXPECT_EQ(decoded->formatted(), key.gvlk) << key.product_id;
  }
  EXPECT_GT(pre8, 10);
  EXPECT_GT(win8, 10);
}

// Expected bytes computed outside kmsprep with Python's integers from the published
// definition (25 base-24 digits, most significant first; N-form: N's position first, bit 3 of
// the top byte set).
TEST(DigitalProductId, DecodesFixedVectors) {
  const std::pair<const char*, const char*> vectors[] = {
      {"000000000000000000000000000000", "BBBBB-BBBBB-BBBBB-BBBBB-BBBBB"},
      {"010000000000000000000000000000", "BBBBB-BBBBB-BBBBB-BBBBB-BBBBC"},
      {"7d29d9af2c54917dd6ecd23311d204", "33PXH-7Y6KF-2VJC9-XBBR8-HVTHH"},  // Windows 7 Ent.
      {"000000000000000000000000000008", "NBBBB-BBBBB-BBBBB-BBBBB-BBBBB"},
      {"000000000000000000e1b81cc24108", "BNBBB-BBBBB-BBBBB-BBBBB-BBBBB"},
      {"da0c30000000186367e01565be1908", "NPPR9-FWDCX-D2C8J-H872K-2YT43"},  // Windows 10 Ent.
  };
  for (const auto& [hex, key] : vectors) {
    auto decoded = decode_digital_product_id(value_with_key_bytes(hex), "test");
    ASSERT_TRUE(decoded) << hex << ": " << decoded.error().to_string();
    EXPECT_EQ(decoded->formatted(), key) << hex;
    EXPECT_EQ(test::encode_digital_product_id(key).substr(52, 15), from_hex(hex)) << key;
  }
}

TEST(DigitalProductId, RefusesAValueTooShortForTheKey) {
  auto decoded = decode_digital_product_id(std::string(66, '\0'), "SOFTWARE\\X\\DigitalProductId");
  ASSERT_FALSE(decoded);
  EXPECT_EQ(decoded.error().code(), ErrorCode::digital_product_id_malformed);
  EXPECT_EQ(decoded.error().kind(), ErrorKind::bad_input);
  EXPECT_NE(decoded.error().detail().find("66 bytes"), std::string::npos);
  EXPECT_EQ(decoded.error().location(), "SOFTWARE\\X\\DigitalProductId");
  EXPECT_FALSE(decoded.error().hint().empty());
}

TEST(DigitalProductId, RefusesANumberBeyondTwentyFiveDigits) {
  auto decoded =
      decode_digital_product_id(value_with_key_bytes("ffffffffffffffffffffffffffff07"), "test");
  ASSERT_FALSE(decoded);
  EXPECT_EQ(decoded.error().code(), ErrorCode::digital_product_id_malformed);
}

TEST(DigitalProductId, ErrorsNeverContainTheKey) {
  // Whatever makes a value undecodable, the message must not carry key characters.
  auto decoded =
      decode_digital_product_id(value_with_key_bytes("ffffffffffffffffffffffffffff0f"), "test");
  ASSERT_FALSE(decoded);
  EXPECT_EQ(decoded.error().to_string().find("BBBBB"), std::string::npos);
}

}  // namespace
}  // namespace kmsprep
