#include "servicing/kms_host_address.hpp"

#include <gtest/gtest.h>

namespace kmsprep {
namespace {

TEST(KmsHostAddress, AcceptsDnsNamesIpv4AndBracketedIpv6) {
  auto name = parse_kms_host_address("kms01.corp.contoso.com");
  ASSERT_TRUE(name.ok());
  EXPECT_EQ(name->kind, KmsHostAddress::Kind::dns_name);
  EXPECT_EQ(name->port, 1688);
  EXPECT_FALSE(name->port_given);
  EXPECT_EQ(name->to_slmgr_argument(), "kms01.corp.contoso.com:1688");

  auto ipv4 = parse_kms_host_address("10.1.2.3:1700");
  ASSERT_TRUE(ipv4.ok());
  EXPECT_EQ(ipv4->kind, KmsHostAddress::Kind::ipv4);
  EXPECT_EQ(ipv4->to_slmgr_argument(), "10.1.2.3:1700");

  auto ipv6 = parse_kms_host_address("[fd00::5]:65535");
  ASSERT_TRUE(ipv6.ok());
  EXPECT_EQ(ipv6->kind, KmsHostAddress::Kind::ipv6);
  EXPECT_EQ(ipv6->host, "fd00::5");
  EXPECT_EQ(ipv6->to_slmgr_argument(), "[fd00::5]:65535");

  auto bare_ipv6 = parse_kms_host_address("fd00::5");
  ASSERT_TRUE(bare_ipv6.ok());
  EXPECT_EQ(bare_ipv6->to_slmgr_argument(), "[fd00::5]:1688");
  EXPECT_TRUE(parse_kms_host_address("kms.example.").ok());
  EXPECT_TRUE(parse_kms_host_address("KMS:1").ok());
}

void expect_usage_error(const std::string& text, const std::string& names) {
  auto parsed = parse_kms_host_address(text);
  ASSERT_FALSE(parsed.ok()) << text;
  EXPECT_EQ(parsed.error().kind(), ErrorKind::usage) << text;
  EXPECT_NE(parsed.error().detail().find(names), std::string::npos)
      << text << ": " << parsed.error().detail();
}

TEST(KmsHostAddress, RefusesBadPartsNamingThem) {
  expect_usage_error("", "empty");
  expect_usage_error(":1688", "empty");
  expect_usage_error("kms:0", "port 0");
  expect_usage_error("kms:65536", "port 65536");
  expect_usage_error("kms:http", "port \"http\"");
  expect_usage_error("kms:", "port \"\"");
  expect_usage_error("kms server", "' '");
  expect_usage_error("-kms.example", "starts or ends with '-'");
  expect_usage_error("kms..example", "label");
  expect_usage_error("300.1.1.1", "IPv4");
  expect_usage_error("[fd00::5", "']'");
  expect_usage_error("[fd00::zz]:1688", "IPv6");
  expect_usage_error("[fd00::5]1688", "':PORT'");
  expect_usage_error("fd00::5:1688x", "IPv6");
}

}  // namespace
}  // namespace kmsprep
