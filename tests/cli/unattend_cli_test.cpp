#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/support/test_support.hpp"

namespace kmsprep {
namespace {

namespace fs = std::filesystem;
using test::run_kmsprep;

std::string fixture(const std::string& name) {
  return (test::source_dir() / "tests/data/answer" / name).string();
}

TEST(UnattendCli, LocateListsFilesTheOneUsedPerPassAndWhatIsNotChecked) {
  test::TempDir dir;
  test::write_bytes(dir / "img/Windows/System32/x", "");
  test::write_bytes(dir / "img/Windows/Panther/unattend.xml",
                    test::read_bytes(fixture("win10-crlf-comments.xml")));
  test::write_bytes(dir / "img/Windows/System32/Sysprep/unattend.xml",
                    test::read_bytes(fixture("vista-tabs-slc.xml")));
  auto ran = run_kmsprep({"unattend", "locate", (dir / "img").string(), "--json"});
  ASSERT_EQ(ran.exit_code, 0) << ran.err;
  auto document = nlohmann::json::parse(ran.out);
  ASSERT_EQ(document["found"].size(), 2u);
  EXPECT_EQ(document["used"]["specialize"], "Windows/Panther/unattend.xml");
  EXPECT_EQ(document["used"]["generalize"], "Windows/System32/Sysprep/unattend.xml");
  EXPECT_EQ(document["used"]["oobeSystem"], "Windows/Panther/unattend.xml");
  EXPECT_GE(document["not_checked"].size(), 2u);
  auto text = run_kmsprep({"unattend", "locate", (dir / "img").string()});
  ASSERT_EQ(text.exit_code, 0);
  EXPECT_NE(text.out.find("UnattendFile"), std::string::npos);
}

TEST(UnattendCli, ShowMasksTheKeyAndNamesFileAndLine) {
  auto ran = run_kmsprep({"unattend", "show", fixture("vista-tabs-slc.xml")});
  ASSERT_EQ(ran.exit_code, 0) << ran.err;
  EXPECT_EQ(ran.out.find("VKK3X"), std::string::npos);
  EXPECT_NE(ran.out.find("*****-*****-*****-*****-4BWMV"), std::string::npos);
  EXPECT_NE(ran.out.find("vista-tabs-slc.xml:11"), std::string::npos) << ran.out;
  EXPECT_NE(ran.out.find("DNS auto-discovery"), std::string::npos);
  auto json = run_kmsprep({"unattend", "show", fixture("vista-tabs-slc.xml"), "--json"});
  ASSERT_EQ(json.exit_code, 0);
  EXPECT_EQ(json.out.find("VKK3X"), std::string::npos);
  auto document = nlohmann::json::parse(json.out);
  EXPECT_EQ(document["skip_rearm"]["value"], "1");
  EXPECT_EQ(document["skip_rearm"]["line"], 5);
  EXPECT_EQ(document["kms_host"], "DNS auto-discovery");
}

TEST(UnattendCli, ShowOfAConfiguredImageGivesHostAndPort) {
  test::TempDir dir;
  test::write_bytes(dir / "img/Windows/System32/x", "");
  ASSERT_EQ(run_kmsprep({"configure", (dir / "img").string(), "--kms-host", "[fd00::9]:1800",
                         "--standard-user-activation", "--os", "win10"})
                .exit_code,
            0);
  auto ran = run_kmsprep({"unattend", "show", (dir / "img").string(), "--json"});
  ASSERT_EQ(ran.exit_code, 0) << ran.err;
  auto document = nlohmann::json::parse(ran.out);
  EXPECT_EQ(document["kms_host"], "[fd00::9]:1800");
  EXPECT_EQ(document["kms_host_commands"][0]["host"], "fd00::9");
  EXPECT_EQ(document["kms_host_commands"][0]["port"], 1800);
  EXPECT_FALSE(document["standard_user_activation"].is_null());
}

TEST(UnattendCli, CheckExitsOneOnErrorsAndZeroOnWarnings) {
  auto win8 = run_kmsprep({"unattend", "check", fixture("vista-tabs-slc.xml"), "--os", "win8"});
  EXPECT_EQ(win8.exit_code, 1) << win8.out << win8.err;
  EXPECT_NE(win8.out.find("line 4"), std::string::npos) << win8.out;
  auto win7 =
      run_kmsprep({"unattend", "check", fixture("vista-tabs-slc.xml"), "--os", "win7", "--json"});
  EXPECT_EQ(win7.exit_code, 0) << win7.out;
  auto document = nlohmann::json::parse(win7.out);
  // Two deprecated SLC components, and the fixture's SkipRearm=1 (issue 12).
  EXPECT_EQ(document["warnings"], 3);
  EXPECT_EQ(document["files"][0]["findings"][0]["id"], "component-deprecated");
  auto unknown = run_kmsprep({"unattend", "check", fixture("win10-crlf-comments.xml")});
  EXPECT_EQ(unknown.exit_code, 0);
  EXPECT_NE(unknown.out.find("skipped"), std::string::npos) << unknown.out;
}

TEST(UnattendCli, CheckWarnsAboutMediaAutounattendWithSpecializeButNoWindowsPe) {
  test::TempDir dir;
  const std::string specialize_only =
      "<unattend xmlns=\"urn:schemas-microsoft-com:unattend\">\n<settings pass=\"specialize\">\n"
      "<component name=\"Microsoft-Windows-Shell-Setup\" "
      "processorArchitecture=\"amd64\"><ComputerName>*</ComputerName></component>\n"
      "</settings>\n</unattend>\n";
  test::write_bytes(dir / "media/sources/install.wim", "not a wim");
  test::write_bytes(dir / "media/Autounattend.xml", specialize_only);
  auto ran =
      run_kmsprep({"unattend", "check", (dir / "media").string(), "--os", "win10", "--json"});
  ASSERT_EQ(ran.exit_code, 0) << ran.out << ran.err;
  auto document = nlohmann::json::parse(ran.out);
  ASSERT_EQ(document["files"].size(), 1u);
  EXPECT_EQ(document["files"][0]["findings"][0]["id"], "specialize-without-windowspe");
  EXPECT_EQ(document["files"][0]["findings"][0]["line"], 2);
  auto local = run_kmsprep(
      {"unattend", "check", (dir / "media/Autounattend.xml").string(), "--os", "win10"});
  EXPECT_NE(local.out.find("skips its specialize settings"), std::string::npos) << local.out;
}

TEST(UnattendCli, HostileFilesAreExitThreeWithLineAndColumn) {
  auto doctype = run_kmsprep({"unattend", "check", fixture("hostile-doctype.xml")});
  EXPECT_EQ(doctype.exit_code, 3);
  EXPECT_NE(doctype.err.find("hostile-doctype.xml:2:1"), std::string::npos) << doctype.err;
  test::TempDir dir;
  test::write_bytes(
      dir / "bad.xml",
      "<unattend xmlns=\"urn:schemas-microsoft-com:unattend\">\n  <settings>\n</unattend>\n");
  auto malformed = run_kmsprep({"unattend", "show", (dir / "bad.xml").string()});
  EXPECT_EQ(malformed.exit_code, 3);
  EXPECT_NE(malformed.err.find("bad.xml:3:"), std::string::npos) << malformed.err;
}

TEST(UnattendCli, ShowReadsTheTextOnlySetupProductKey) {
  auto ran = run_kmsprep({"unattend", "show", fixture("text-only-product-key.xml")});
  ASSERT_EQ(ran.exit_code, 0) << ran.err;
  const size_t line = ran.out.find("Setup product key (windowsPE):");
  ASSERT_NE(line, std::string::npos) << ran.out;
  const std::string row = ran.out.substr(line, ran.out.find('\n', line) - line);
  EXPECT_NE(row.find("*****-*****-*****-*****-2YT43"), std::string::npos) << row;
  EXPECT_NE(row.find("text-only-product-key.xml:19"), std::string::npos) << row;
  EXPECT_NE(ran.out.find("WillShowUI (windowsPE):            Never"), std::string::npos) << ran.out;
  EXPECT_EQ(ran.out.find("NPPR9-FWDCX"), std::string::npos);
}

TEST(UnattendCli, ShowAndLocateOnMediaReportEveryPassOfTheRootAutounattend) {
  test::TempDir dir;
  test::write_bytes(dir / "media/setup.exe", "MZ");
  test::write_bytes(dir / "media/sources/install.wim", "not a wim");
  test::write_bytes(dir / "media/Autounattend.xml",
                    test::read_bytes(fixture("media-all-passes.xml")));
  auto shown = run_kmsprep({"unattend", "show", (dir / "media").string(), "--json"});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  auto document = nlohmann::json::parse(shown.out);
  EXPECT_EQ(document["product_key"]["value"], "*****-*****-*****-*****-2YT43");
  EXPECT_EQ(document["product_key"]["pass"], "specialize");
  EXPECT_EQ(document["product_key"]["line"], 27);
  EXPECT_EQ(document["setup_product_key"]["line"], 8);
  EXPECT_EQ(document["skip_rearm"]["value"], "1");
  EXPECT_EQ(document["skip_rearm"]["line"], 21);
  EXPECT_EQ(document["skip_auto_activation"]["value"], "true");
  EXPECT_EQ(document["kms_host"], "kms.corp.example:1688");

  auto located = run_kmsprep({"unattend", "locate", (dir / "media").string(), "--json"});
  ASSERT_EQ(located.exit_code, 0) << located.err;
  auto search = nlohmann::json::parse(located.out);
  for (const char* pass : {"windowsPE", "offlineServicing", "generalize", "specialize",
                           "auditSystem", "auditUser", "oobeSystem"}) {
    EXPECT_EQ(search["used"][pass], "Autounattend.xml") << pass << " " << located.out;
  }
  EXPECT_EQ(search["default_edit_target"], "Autounattend.xml");
  auto text = run_kmsprep({"unattend", "locate", (dir / "media").string()});
  EXPECT_NE(text.out.find("oobeSystem: Autounattend.xml"), std::string::npos) << text.out;
}

TEST(UnattendCli, CheckAcceptsWow64ComponentsAndWarnsOnSkipRearmWithCodeAndLocation) {
  auto wow64 = run_kmsprep({"unattend", "check", fixture("amd64-with-wow64.xml"), "--os", "win10"});
  EXPECT_EQ(wow64.exit_code, 0) << wow64.out;
  EXPECT_NE(wow64.out.find("no findings"), std::string::npos) << wow64.out;

  auto ran = run_kmsprep(
      {"unattend", "check", fixture("media-all-passes.xml"), "--os", "win10", "--json"});
  ASSERT_EQ(ran.exit_code, 0) << ran.out << ran.err;
  auto document = nlohmann::json::parse(ran.out);
  const auto& findings = document["files"][0]["findings"];
  ASSERT_EQ(findings.size(), 1u) << ran.out;
  EXPECT_EQ(findings[0]["id"], "generalization-skip-rearm-set");
  EXPECT_EQ(findings[0]["code"], 416);
  EXPECT_EQ(findings[0]["severity"], "warning");
  EXPECT_EQ(findings[0]["location"], fixture("media-all-passes.xml") + ":21");
  EXPECT_NE(findings[0]["fix"].get<std::string>().find("--skip-rearm 0"), std::string::npos);
  auto text = run_kmsprep({"unattend", "check", fixture("media-all-passes.xml"), "--os", "win10"});
  EXPECT_NE(text.out.find("warning E416: line 21:"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("at: " + fixture("media-all-passes.xml") + ":21"), std::string::npos)
      << text.out;
}

}  // namespace
}  // namespace kmsprep
