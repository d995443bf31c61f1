// kmsprep dns records: its zone file goes back into validate --dns-zone, its dnsmasq lines are
// loaded into a real dnsmasq that validate then queries through ldns, and the record shapes of
// nsupdate and PowerShell are as those tools take them.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "tests/cli/validate_report_json.hpp"
#include "tests/servicing/validate_test_support.hpp"
#include "tests/support/test_support.hpp"

namespace kmsprep {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using test::run_kmsprep;

fs::path configured_reference(const test::TempDir& dir) {
  const fs::path tree = dir / "ref";
  fs::copy(test::source_dir() / "samples/reference-pc", tree, fs::copy_options::recursive);
  EXPECT_EQ(run_kmsprep({"install-key", tree.string(), "--media",
                         (test::source_dir() / "samples/media").string()})
                .exit_code,
            0);
  EXPECT_EQ(run_kmsprep({"configure", tree.string(), "--kms-host", "kms1.corp.example"}).exit_code,
            0);
  EXPECT_EQ(run_kmsprep({"generalize", tree.string()}).exit_code, 0);
  return tree;
}

TEST(DnsRecordsCli, ZoneFileLinesCarryTheDocumentedTtlPriorityAndWeight) {
  const auto result = run_kmsprep({"dns", "records", "--host", "kms1", "--host",
                                   "kms2.corp.example:1700", "--domain", "corp.example"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("$ORIGIN corp.example.\n"), std::string::npos);
  EXPECT_NE(result.out.find("_vlmcs._tcp.corp.example. 3600 IN SRV 0 0 1688 kms1.corp.example.\n"),
            std::string::npos);
  EXPECT_NE(result.out.find("_vlmcs._tcp.corp.example. 3600 IN SRV 0 0 1700 kms2.corp.example.\n"),
            std::string::npos);
}

TEST(DnsRecordsCli, NsupdateAndPowerShellForms) {
  const auto nsupdate =
      run_kmsprep({"dns", "records", "--host", "kms1.corp.example", "--domain", "corp.example",
                   "--ttl", "600", "--priority", "10", "--weight", "50", "--format", "nsupdate"});
  ASSERT_EQ(nsupdate.exit_code, 0) << nsupdate.err;
  EXPECT_EQ(nsupdate.out,
            "zone corp.example.\n"
            "update add _vlmcs._tcp.corp.example. 600 IN SRV 10 50 1688 kms1.corp.example.\n"
            "send\n");
  const auto powershell = run_kmsprep({"dns", "records", "--host", "kms1.corp.example", "--domain",
                                       "corp.example", "--ttl", "90000", "--format", "powershell"});
  ASSERT_EQ(powershell.exit_code, 0) << powershell.err;
  EXPECT_EQ(powershell.out,
            "Add-DnsServerResourceRecord -ZoneName \"corp.example\" -Srv -Name \"_vlmcs._tcp\" "
            "-DomainName "
            "\"kms1.corp.example\" -Priority 0 -Weight 0 -Port 1688 -TimeToLive 1.01:00:00\n");
}

TEST(DnsRecordsCli, TopologyZonesAndBadInput) {
  const auto topology =
      run_kmsprep({"dns", "records", "--topology",
                   (test::source_dir() / "samples/topology/branch-offices.xml").string()});
  ASSERT_EQ(topology.exit_code, 0) << topology.err;
  EXPECT_NE(topology.out.find(" IN SRV "), std::string::npos);
  // An address is not an SRV target; the IPv6 form is parsed as one, not split at a colon.
  const auto address =
      run_kmsprep({"dns", "records", "--host", "[fd00::5]:1688", "--domain", "corp.example"});
  EXPECT_EQ(address.exit_code, 2);
  EXPECT_NE(address.err.find("is an address"), std::string::npos) << address.err;
  EXPECT_EQ(
      run_kmsprep({"dns", "records", "--host", "kms1:99999", "--domain", "corp.example"}).exit_code,
      2);
  EXPECT_EQ(run_kmsprep({"dns", "records", "--host", "kms1"}).exit_code, 2);
  EXPECT_EQ(run_kmsprep({"dns", "records", "--topology", "/nonexistent.xml"}).exit_code, 3);
}

TEST(DnsRecordsCli, ValidateAcceptsTheZoneFileBack) {
  test::TempDir dir;
  const fs::path tree = configured_reference(dir);
  const auto written = run_kmsprep({"dns", "records", "--host", "kms1.corp.example", "--domain",
                                    "corp.example", "--output", (dir / "corp.zone").string()});
  ASSERT_EQ(written.exit_code, 0) << written.err;
  const auto validated =
      run_kmsprep({"validate", tree.string(), "--dns-zone", (dir / "corp.zone").string(),
                   "--domain", "corp.example", "--format", "json"});
  const json report = json::parse(validated.out);
  EXPECT_EQ(test::check_of(report, "kms-host-srv-exists")["status"], "pass") << validated.out;
  EXPECT_EQ(test::check_of(report, "kms-host-srv-target")["status"], "pass") << validated.out;
  EXPECT_EQ(test::check_of(report, "kms-host-srv-ttl")["status"], "pass") << validated.out;
}

// dnsmasq reads the generated srv-host lines as its configuration; validate asks it over UDP
// through ldns.
TEST(DnsRecordsCli, DnsmasqServesTheGeneratedRecordsToLdns) {
  ASSERT_TRUE(test::program_exists(test::kDnsmasqPath));
  test::TempDir dir;
  const fs::path tree = configured_reference(dir);
  const auto written =
      run_kmsprep({"dns", "records", "--host", "kms1.corp.example", "--domain", "corp.example",
                   "--format", "dnsmasq", "--output", (dir / "kms.conf").string()});
  ASSERT_EQ(written.exit_code, 0) << written.err;
  uint16_t port = 0;
  ::close(test::bound_loopback_socket(SOCK_DGRAM, port));
  std::vector<std::string> args = {test::kDnsmasqPath,
                                   "--conf-file=" + (dir / "kms.conf").string(),
                                   "--host-record=kms1.corp.example,127.0.0.1",
                                   "--local=/corp.example/",
                                   "--local-ttl=3600",
                                   "--port=" + std::to_string(port),
                                   "--listen-address=127.0.0.1",
                                   "--bind-interfaces",
                                   "--no-resolv",
                                   "--no-hosts",
                                   "--keep-in-foreground",
                                   "--pid-file="};
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  ASSERT_EQ(::posix_spawn(&pid, test::kDnsmasqPath, nullptr, nullptr, argv.data(), environ), 0);
  bool ready = false;
  for (int i = 0; i < 100 && !ready; ++i) {
    ready = test::tcp_connects(port);
    if (!ready) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  const auto validated =
      run_kmsprep({"validate", tree.string(), "--dns-server", "127.0.0.1:" + std::to_string(port),
                   "--domain", "corp.example", "--format", "json"});
  ::kill(pid, SIGTERM);
  ::waitpid(pid, nullptr, 0);
  ASSERT_TRUE(ready) << "dnsmasq did not start with the generated configuration";
  const json report = json::parse(validated.out);
  EXPECT_EQ(test::check_of(report, "kms-host-srv-exists")["status"], "pass") << validated.out;
  EXPECT_EQ(test::check_of(report, "kms-host-srv-target")["status"], "pass") << validated.out;
}

}  // namespace
}  // namespace kmsprep
