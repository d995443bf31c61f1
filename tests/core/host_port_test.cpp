#include "core/host_port.hpp"

#include <gtest/gtest.h>

#include "tests/support/result_assertions.hpp"

namespace kmsprep {
namespace {

TEST(HostPort, SplitsANameOrIpv4AddressAtItsOneColon) {
  auto name = split_host_port("kms1.corp.example:1688");
  ASSERT_OK(name);
  EXPECT_EQ(name->host, "kms1.corp.example");
  EXPECT_TRUE(name->has_port);
  EXPECT_EQ(name->port, "1688");
  EXPECT_FALSE(name->ipv6);

  auto ipv4 = split_host_port("10.0.0.5");
  ASSERT_OK(ipv4);
  EXPECT_EQ(ipv4->host, "10.0.0.5");
  EXPECT_FALSE(ipv4->has_port);

  auto empty_port = split_host_port("kms1:");
  ASSERT_OK(empty_port);
  EXPECT_TRUE(empty_port->has_port);  // "host:" names a port, an empty one: the caller refuses it
  EXPECT_EQ(empty_port->port, "");
}

TEST(HostPort, TakesTheHostOfABracketedIpv6LiteralAndThePortAfterIt) {
  auto bracketed = split_host_port("[fd00::5]:1700");
  ASSERT_OK(bracketed);
  EXPECT_EQ(bracketed->host, "fd00::5");
  EXPECT_EQ(bracketed->port, "1700");
  EXPECT_TRUE(bracketed->has_port);
  EXPECT_TRUE(bracketed->ipv6);

  auto without_port = split_host_port("[2001:db8::1]");
  ASSERT_OK(without_port);
  EXPECT_EQ(without_port->host, "2001:db8::1");
  EXPECT_FALSE(without_port->has_port);
}

TEST(HostPort, KeepsABareIpv6AddressWhole) {
  // rfind(':') would have read "fd00::" with port 5 here.
  for (const char* text : {"fd00::5", "::1", "2001:db8:0:0:0:0:0:1688", "fe80::"}) {
    auto split = split_host_port(text);
    ASSERT_OK(split);
    EXPECT_EQ(split->host, text);
    EXPECT_FALSE(split->has_port) << text;
    EXPECT_TRUE(split->ipv6) << text;
  }
}

TEST(HostPort, NamesWhatIsWrongWithABracket) {
  auto unclosed = split_host_port("[fd00::5:1688");
  ASSERT_FALSE(unclosed);
  EXPECT_EQ(unclosed.error().detail(), "'[' without a closing ']'");
  auto junk = split_host_port("[fd00::5]1688");
  ASSERT_FALSE(junk);
  EXPECT_EQ(junk.error().detail(), "expected ':PORT' after ']'");
}

TEST(HostPort, ParsesPortNumbersFromOneTo65535) {
  EXPECT_EQ(parse_port_number("1688"), 1688);
  EXPECT_EQ(parse_port_number("1"), 1);
  EXPECT_EQ(parse_port_number("65535"), 65535);
  for (const char* text : {"", "0", "65536", "001688", "-1", "+1688", "1688 ", "0x698"}) {
    EXPECT_EQ(parse_port_number(text), std::nullopt) << '"' << text << '"';
  }
}

}  // namespace
}  // namespace kmsprep
