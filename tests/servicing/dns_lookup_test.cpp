#include "servicing/dns_lookup.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/servicing/validate_test_support.hpp"
#include "tests/support/result_assertions.hpp"
#include "tests/support/test_support.hpp"

namespace kmsprep {
namespace {

namespace fs = std::filesystem;

std::unique_ptr<DnsLookup> server_lookup(const test::DnsmasqServer& server) {
  auto address = parse_dns_server_address(server.address());
  REQUIRE_OK(address);
  return dns_server_lookup(*address);
}

TEST(DnsLookup, ParsesServerAddresses) {
  auto plain = parse_dns_server_address("192.0.2.1");
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->address, "192.0.2.1");
  EXPECT_EQ(plain->port, 53);
  auto with_port = parse_dns_server_address("127.0.0.1:5353");
  ASSERT_TRUE(with_port.ok());
  EXPECT_EQ(with_port->port, 5353);
  auto ipv6 = parse_dns_server_address("[::1]:5300");
  ASSERT_TRUE(ipv6.ok());
  EXPECT_EQ(ipv6->address, "::1");
  EXPECT_EQ(ipv6->port, 5300);
  EXPECT_EQ(ipv6->to_string(), "[::1]:5300");
  EXPECT_EQ(parse_dns_server_address("::1")->port, 53);
  // A bare address ending in "::" is an address, not "host:" with an empty port.
  auto trailing = parse_dns_server_address("2001:db8::");
  ASSERT_TRUE(trailing.ok()) << trailing.error().to_string();
  EXPECT_EQ(trailing->address, "2001:db8::");
  EXPECT_EQ(trailing->port, 53);
  EXPECT_EQ(parse_dns_server_address("[2001:db8::]:5353")->port, 5353);
  for (const char* bad : {"", "dns.example", "127.0.0.1:0", "127.0.0.1:70000", "[::1", "1.2.3:53",
                          "127.0.0.1:", "[::1]:"}) {
    auto result = parse_dns_server_address(bad);
    ASSERT_FALSE(result.ok()) << bad;
    EXPECT_EQ(result.error().kind(), ErrorKind::usage) << bad;
  }
}

TEST(DnsLookup, FindsSrvRecordsOnARealServer) {
  test::DnsmasqServer server;
  ASSERT_TRUE(server.running());
  auto dns = server_lookup(server);
  const SrvLookup lookup = dns->query_srv("_vlmcs._tcp.corp.example");
  ASSERT_EQ(lookup.outcome, DnsOutcome::answered) << lookup.detail;
  ASSERT_EQ(lookup.records.size(), 1u);
  EXPECT_EQ(lookup.records[0].target, "kms1.corp.example");
  EXPECT_EQ(lookup.records[0].port, 1688);
  EXPECT_EQ(lookup.records[0].priority, 0);
  EXPECT_EQ(lookup.records[0].weight, 0);
  EXPECT_EQ(lookup.records[0].ttl, 3600u);
}

TEST(DnsLookup, ReportsNxdomainFromARealServer) {
  test::DnsmasqServer server;
  ASSERT_TRUE(server.running());
  auto dns = server_lookup(server);
  const SrvLookup lookup = dns->query_srv("_vlmcs._tcp.branch.corp.example");
  EXPECT_EQ(lookup.outcome, DnsOutcome::name_missing) << lookup.detail;
  EXPECT_NE(lookup.detail.find("NXDOMAIN"), std::string::npos) << lookup.detail;
  const AddressLookup missing = dns->query_addresses("kms2.corp.example");
  EXPECT_EQ(missing.outcome, DnsOutcome::name_missing) << missing.detail;
}

TEST(DnsLookup, ResolvesAddressesOnARealServer) {
  test::DnsmasqServer server;
  ASSERT_TRUE(server.running());
  auto dns = server_lookup(server);
  const AddressLookup lookup = dns->query_addresses("kms1.corp.example");
  ASSERT_EQ(lookup.outcome, DnsOutcome::answered) << lookup.detail;
  EXPECT_EQ(lookup.addresses, std::vector<std::string>{"127.0.0.1"});
}

TEST(DnsLookup, KeepsTheAAnswerWhenTheServerRefusesAaaa) {
  test::DnsmasqServer server(1688, 3600, /*refuse_aaaa=*/true);
  ASSERT_TRUE(server.running());
  const AddressLookup lookup = server_lookup(server)->query_addresses("kms1.corp.example");
  ASSERT_EQ(lookup.outcome, DnsOutcome::answered) << lookup.detail;
  EXPECT_EQ(lookup.addresses, std::vector<std::string>{"127.0.0.1"});
}

TEST(DnsLookup, ReportsTheTtlTheServerGives) {
  test::DnsmasqServer server(1688, 600);
  ASSERT_TRUE(server.running());
  const SrvLookup lookup = server_lookup(server)->query_srv("_vlmcs._tcp.corp.example");
  ASSERT_EQ(lookup.outcome, DnsOutcome::answered) << lookup.detail;
  EXPECT_EQ(lookup.records.at(0).ttl, 600u);
}

TEST(DnsLookup, GivesUpOnAServerThatDoesNotAnswer) {
  auto address = parse_dns_server_address("127.0.0.1:" + std::to_string(test::closed_port()));
  ASSERT_TRUE(address.ok());
  const auto started = std::chrono::steady_clock::now();
  const SrvLookup lookup = dns_server_lookup(*address)->query_srv("_vlmcs._tcp.corp.example");
  EXPECT_EQ(lookup.outcome, DnsOutcome::server_failure);
  EXPECT_NE(lookup.detail.find("no answer"), std::string::npos) << lookup.detail;
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(8));
}

TEST(DnsLookup, ReadsTheSameRecordsFromAZoneFile) {
  test::TempDir dir;
  test::write_bytes(dir / "corp.zone", test::corp_example_zone());
  auto dns = zone_file_lookup((dir / "corp.zone").string(), "corp.example");
  ASSERT_TRUE(dns.ok()) << dns.error().to_string();
  const SrvLookup lookup = (*dns)->query_srv("_vlmcs._tcp.corp.example");
  ASSERT_EQ(lookup.outcome, DnsOutcome::answered) << lookup.detail;
  ASSERT_EQ(lookup.records.size(), 1u);
  EXPECT_EQ(lookup.records[0].target, "kms1.corp.example");
  EXPECT_EQ(lookup.records[0].port, 1688);
  EXPECT_EQ(lookup.records[0].ttl, 3600u);
  EXPECT_EQ((*dns)->query_addresses("kms1.corp.example").addresses,
            std::vector<std::string>{"127.0.0.1"});
  EXPECT_EQ((*dns)->query_srv("_vlmcs._tcp.branch.corp.example").outcome, DnsOutcome::name_missing);
  EXPECT_EQ((*dns)->query_addresses("_vlmcs._tcp.corp.example").outcome, DnsOutcome::no_records);
  EXPECT_EQ((*dns)->query_addresses("kms.other.example").outcome, DnsOutcome::outside_zone);
}

TEST(DnsLookup, HonoursTheZoneFileTtl) {
  test::TempDir dir;
  test::write_bytes(dir / "corp.zone", test::corp_example_zone(1688, 600));
  auto dns = zone_file_lookup((dir / "corp.zone").string(), "corp.example.");
  ASSERT_TRUE(dns.ok()) << dns.error().to_string();
  EXPECT_EQ((*dns)->query_srv("_vlmcs._tcp.corp.example").records.at(0).ttl, 600u);
}

TEST(DnsLookup, RefusesAMalformedZoneFileWithItsLine) {
  test::TempDir dir;
  test::write_bytes(dir / "bad.zone",
                    "$TTL 3600\n_vlmcs._tcp IN SRV 0 0 1688 kms1\nkms1 IN A 300.1.2.3\n");
  auto dns = zone_file_lookup((dir / "bad.zone").string(), "corp.example");
  ASSERT_FALSE(dns.ok());
  EXPECT_EQ(dns.error().kind(), ErrorKind::bad_input);
  EXPECT_NE(dns.error().location().find("bad.zone:3"), std::string::npos)
      << dns.error().to_string();
}

TEST(DnsLookup, RefusesAMissingZoneFile) {
  auto dns = zone_file_lookup("/nonexistent/corp.zone", "corp.example");
  ASSERT_FALSE(dns.ok());
  EXPECT_EQ(dns.error().kind(), ErrorKind::bad_input);
  EXPECT_EQ(dns.error().code(), ErrorCode::file_not_found);
}

// A zone file that exists but may not be read is a permission problem (exit 4), not "not
// found". Root reads any file, so as root the look-up runs in a child that drops to nobody.
TEST(DnsLookup, ReportsAnUnreadableZoneFileAsPermissionDenied) {
  test::TempDir dir;
  const fs::path zone = dir / "corp.zone";
  test::write_bytes(zone, "$TTL 3600\n_vlmcs._tcp IN SRV 0 0 1688 kms1\n");
  fs::permissions(dir.path(),
                  fs::perms::owner_all | fs::perms::others_read | fs::perms::others_exec);
  fs::permissions(zone, fs::perms::none);
  const auto code_of_lookup = [&zone] {
    auto dns = zone_file_lookup(zone.string(), "corp.example");
    return dns.ok() ? 0 : static_cast<int>(dns.error().code());
  };
  int code = 0;
  if (::geteuid() != 0) {
    code = code_of_lookup();
  } else {
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      if (::setgid(65534) != 0 || ::setuid(65534) != 0) ::_exit(255);
      ::_exit(code_of_lookup() == static_cast<int>(ErrorCode::permission_denied) ? 0 : 1);
    }
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFEXITED(status));
    ASSERT_NE(WEXITSTATUS(status), 255) << "could not drop to user nobody";
    code = WEXITSTATUS(status) == 0 ? static_cast<int>(ErrorCode::permission_denied) : -1;
  }
  EXPECT_EQ(code, static_cast<int>(ErrorCode::permission_denied));
}

}  // namespace
}  // namespace kmsprep
