// RegistryValue's typed accessors: what Windows and other tools store, and what they refuse.
#include "registry/registry_value.hpp"

#include <gtest/gtest.h>

#include "tests/support/hive_builder.hpp"
#include "tests/support/result_assertions.hpp"

namespace kmsprep {
namespace {

RegistryValue value_of(RegistryType type, const std::string& data) {
  return RegistryValue("Name", type, data, "SOFTWARE\\Key\\Name");
}

TEST(RegistryValue, StringDropsTheTerminatorWindowsWrites) {
  const auto value = value_of(RegistryType::sz, test::utf16le("Enterprise") + std::string(2, '\0'));
  EXPECT_EQ(OK_VALUE(value.as_string()), "Enterprise");
}

TEST(RegistryValue, StringWithoutOrWithSeveralTerminatorsReadsTheSame) {
  EXPECT_EQ(OK_VALUE(value_of(RegistryType::sz, test::utf16le("kms")).as_string()), "kms");
  EXPECT_EQ(value_of(RegistryType::expand_sz, test::utf16le("kms") + std::string(6, '\0'))
                .as_string()
                .value(),
            "kms");
}

TEST(RegistryValue, StringDecodesNonAsciiText) {
  const auto value =
      value_of(RegistryType::sz, test::utf16le("Entreprise \xC3\xA9\xF0\x9F\x98\x80"));
  EXPECT_EQ(OK_VALUE(value.as_string()), "Entreprise \xC3\xA9\xF0\x9F\x98\x80");
}

TEST(RegistryValue, StringStopsAtAnEmbeddedTerminator) {
  const auto value = value_of(RegistryType::sz,
                              test::utf16le("host") + std::string(2, '\0') + test::utf16le("junk"));
  EXPECT_EQ(OK_VALUE(value.as_string()), "host");
}

TEST(RegistryValue, StringWithAnUnpairedSurrogateIsRefused) {
  const auto value = value_of(RegistryType::sz, std::string("\x00\xD8\x41\x00", 4));
  auto text = value.as_string();
  ASSERT_FALSE(text);
  EXPECT_EQ(text.error().code(), ErrorCode::registry_string_invalid);
  EXPECT_EQ(text.error().location(), "SOFTWARE\\Key\\Name");
}

TEST(RegistryValue, StringOfOddLengthIsRefused) {
  auto text = value_of(RegistryType::sz, std::string("A\0B", 3)).as_string();
  ASSERT_FALSE(text);
  EXPECT_EQ(text.error().code(), ErrorCode::registry_string_invalid);
}

TEST(RegistryValue, DwordReadsBothByteOrders) {
  EXPECT_EQ(OK_VALUE(value_of(RegistryType::dword, std::string("\x88\x06\x00\x00", 4)).as_dword()),
            1672u);
  EXPECT_EQ(value_of(RegistryType::dword_big_endian, std::string("\x00\x00\x06\x88", 4))
                .as_dword()
                .value(),
            1672u);
}

TEST(RegistryValue, WrongTypeOrSizeNamesTheValueAndBothTypes) {
  auto number = value_of(RegistryType::sz, test::utf16le("1")).as_dword();
  ASSERT_FALSE(number);
  EXPECT_EQ(number.error().code(), ErrorCode::registry_value_type_mismatch);
  EXPECT_EQ(number.error().kind(), ErrorKind::bad_input);
  EXPECT_NE(number.error().detail().find("REG_SZ"), std::string::npos);
  EXPECT_NE(number.error().detail().find("REG_DWORD"), std::string::npos);
  EXPECT_EQ(number.error().location(), "SOFTWARE\\Key\\Name");
  EXPECT_FALSE(value_of(RegistryType::dword, std::string(3, '\0')).as_dword());
  EXPECT_FALSE(value_of(RegistryType::dword, std::string(8, '\0')).as_dword());
  EXPECT_FALSE(value_of(RegistryType::binary, std::string(4, '\0')).as_string());
}

TEST(RegistryValue, MultiStringSplitsAndDropsTheEmptyTerminator) {
  const std::string data = test::utf16le("contoso.com, 0, 0") + std::string(2, '\0') +
                           test::utf16le("fabrikam.com") + std::string(4, '\0');
  const auto strings = OK_VALUE(value_of(RegistryType::multi_sz, data).as_multi_string());
  EXPECT_EQ(strings, (std::vector<std::string>{"contoso.com, 0, 0", "fabrikam.com"}));
  EXPECT_TRUE(OK_VALUE(value_of(RegistryType::multi_sz, "").as_multi_string()).empty());
}

TEST(RegistryValue, DisplayNeverShowsBinaryContents) {
  EXPECT_EQ(value_of(RegistryType::binary, "secret-key-bytes").display(), "REG_BINARY, 16 bytes");
  EXPECT_EQ(value_of(RegistryType::dword, std::string("\x01\x00\x00\x00", 4)).display(), "1");
  EXPECT_EQ(value_of(RegistryType::sz, test::utf16le("kms.contoso.com")).display(),
            "kms.contoso.com");
  EXPECT_EQ(value_of(RegistryType::sz, test::utf16le("NPPR9-FWDCX-D2C8J-H872K-2YT43")).display(),
            "*****-*****-*****-*****-2YT43");
}

TEST(RegistryValue, EncodesStringsWithTheTerminatingNul) {
  EXPECT_EQ(OK_VALUE(encode_registry_string("1688")), std::string("1\0"
                                                                  "6\0"
                                                                  "8\0"
                                                                  "8\0\0\0",
                                                                  10));
  EXPECT_FALSE(encode_registry_string("\xFF"));
}

}  // namespace
}  // namespace kmsprep
