// validate on real image trees: every check passing and failing, DNS through a real dnsmasq
// and a zone file, TCP probes against a loopback listener and a closed port, and the engine's
// prediction alone and in a topology site.
#include "servicing/validate.hpp"

#include <gtest/gtest.h>

#include "core/file_io.hpp"
#include "engine/random_source.hpp"
#include "servicing/configure.hpp"
#include "servicing/install_key.hpp"
#include "servicing/licensing_state_store.hpp"
#include "tests/servicing/validate_test_support.hpp"
#include "tests/support/result_assertions.hpp"
#include "tests/support/test_support.hpp"

namespace kmsprep {
namespace {

namespace fs = std::filesystem;
using test::TempDir;
using test::write_bytes;

constexpr const char* kVistaEnterprise = "VKK3X-68KWM-X2YGT-QR4M6-4BWMV";
constexpr const char* kVistaBusiness = "YFKBB-PQJJV-G996G-VWGXY-2V3X8";
// Well-formed, but no published GVLK: what a MAK or retail key looks like offline.
constexpr const char* kNotAGvlk = "BCDFG-HJKMP-QRTVW-XY234-6789B";

ImageSession open_session(const fs::path& path, bool writable = false) {
  auto session = ImageSession::open(path.string(), 1, writable, nullptr);
  REQUIRE_OK(session);
  return std::move(session).value();
}

fs::path make_tree(const TempDir& dir, const std::string& name = "os") {
  const fs::path root = dir / name;
  write_bytes(root / "Windows" / "win.ini", "[fonts]\r\n");
  write_bytes(root / "Windows" / "System32" / "drivers" / "etc" / "hosts",
              "127.0.0.1 localhost\r\n");
  return root;
}

void install(const fs::path& root, const std::string& key, bool allow_non_gvlk = false) {
  ImageSession session = open_session(root, true);
  SeededRandom random(7);
  InstallKeyOptions options;
  options.allow_non_gvlk = allow_non_gvlk;
  if (allow_non_gvlk) options.os = OsFamily::vista;
  auto result = install_key(session, OK_VALUE(ProductKey::parse(key)), options, random);
  ASSERT_TRUE(result.ok()) << result.error().to_string();
}

void configure(const fs::path& root, const ConfigureOptions& options) {
  ImageSession session = open_session(root, true);
  auto result = configure_image(session, options, false);
  ASSERT_TRUE(result.ok()) << result.error().to_string();
}

void configure_host(const fs::path& root, const std::string& host) {
  ConfigureOptions options;
  options.kms_host = *parse_kms_host_address(host);
  configure(root, options);
}

// What `kmsprep generalize` does, through the engine API: sysprep/ is not a dependency of
// servicing tests.
void generalize(const fs::path& root, bool skip_rearm = false) {
  ImageSession session = open_session(root, true);
  auto state = read_licensing_state(session.image());
  ASSERT_TRUE(state.ok() && state->has_value());
  auto generalized = generalize_licensing_state(**state, skip_rearm);
  ASSERT_TRUE(generalized.ok()) << generalized.error().to_string();
  ASSERT_TRUE(stage_licensing_state(session.image(), *generalized).ok());
  ASSERT_TRUE(session.image().commit().ok());
}

void write_state(const fs::path& root, const LicensingState& state) {
  write_bytes(root / std::string(kLicensingStatePath), serialize_licensing_state(state));
}

// A Vista Enterprise image pointed at `host`, generalized with a rearm: clean.
fs::path clean_image(const TempDir& dir, const std::string& host = "kms1.corp.example") {
  const fs::path root = make_tree(dir);
  install(root, kVistaEnterprise);
  if (!host.empty()) configure_host(root, host);
  generalize(root);
  return root;
}

ValidationReport validate(const fs::path& root, const ValidateOptions& options = {}) {
  ImageSession session = open_session(root);
  auto report = validate_image(session, options);
  REQUIRE_OK(report);
  return report ? std::move(*report) : ValidationReport{};
}

const ValidationCheck& check(const ValidationReport& report, const std::string& id) {
  for (const auto& each : report.checks) {
    if (each.id == id) return each;
  }
  ADD_FAILURE() << "no check " << id;
  static const ValidationCheck missing;
  return missing;
}

std::string all_checks(const ValidationReport& report) {
  std::string text;
  for (const auto& each : report.checks) {
    text += each.id + " " + to_string(each.status) + " " + to_string(each.severity) + ": " +
            each.message + "\n";
  }
  return text;
}

TEST(Validate, PassesACleanGeneralizedImage) {
  TempDir dir;
  const auto report = validate(clean_image(dir));
  EXPECT_FALSE(report_fails(report, Severity::error)) << all_checks(report);
  EXPECT_EQ(check(report, "key-installed-gvlk").status, CheckStatus::pass);
  EXPECT_EQ(check(report, "generalization-state").status, CheckStatus::pass);
  EXPECT_EQ(check(report, "kms-host-syntax").status, CheckStatus::pass);
  EXPECT_EQ(check(report, "prediction-activates").status, CheckStatus::pass);
  EXPECT_EQ(check(report, "answer-file-check").status, CheckStatus::pass) << all_checks(report);
  EXPECT_EQ(check(report, "answer-file-shadowed").status, CheckStatus::pass);
  EXPECT_EQ(check(report, "generalization-skip-rearm-set").status, CheckStatus::pass);
  EXPECT_EQ(check(report, "generalization-rearms-left").status, CheckStatus::pass);
  EXPECT_FALSE(report_fails(report, Severity::warning)) << all_checks(report);
  EXPECT_EQ(report.prediction.clones, 25);
  EXPECT_EQ(report.prediction.activated, 25);
  ASSERT_TRUE(report.prediction.hours_to_all_activated);
  EXPECT_FALSE(report.prediction.failure);
  for (const auto& each : report.checks) EXPECT_FALSE(each.message.empty()) << each.id;
}

TEST(Validate, NeverGeneralizedImageFailsGeneralizationAndPredictionNamingTheCmid) {
  TempDir dir;
  const fs::path root = make_tree(dir);
  install(root, kVistaEnterprise);
  configure_host(root, "kms1.corp.example");
  ImageSession session = open_session(root);
  const std::string cmid = *(OK_VALUE(read_licensing_state(session.image())))->cmid;
  const auto report = validate(root);
  const auto& state = check(report, "generalization-state");
  EXPECT_EQ(state.status, CheckStatus::fail);
  EXPECT_EQ(state.severity, Severity::error);
  EXPECT_NE(state.message.find(cmid), std::string::npos) << state.message;
  EXPECT_EQ(check(report, "prediction-activates").status, CheckStatus::fail);
  ASSERT_TRUE(report.prediction.failure);
  EXPECT_EQ(*report.prediction.failure, 0xC004F038u);
  EXPECT_NE(report.prediction.reason.find("CMID"), std::string::npos) << report.prediction.reason;
  EXPECT_FALSE(report.prediction.hours_to_all_activated);
  EXPECT_TRUE(report_fails(report, Severity::error));
}

TEST(Validate, SkipRearmImageFailsAndWarnsAboutTheSettingLeftBehind) {
  TempDir dir;
  const fs::path root = make_tree(dir);
  install(root, kVistaEnterprise);
  ConfigureOptions options;
  options.kms_host = *parse_kms_host_address("kms1.corp.example");
  options.skip_rearm = 1;
  configure(root, options);
  generalize(root, true);
  const auto report = validate(root);
  const auto& state = check(report, "generalization-state");
  EXPECT_EQ(state.status, CheckStatus::fail);
  EXPECT_NE(state.message.find("SkipRearm=1"), std::string::npos) << state.message;
  EXPECT_NE(state.message.find("CMID"), std::string::npos);
  const auto& skip = check(report, "generalization-skip-rearm-set");
  EXPECT_EQ(skip.status, CheckStatus::fail);
  EXPECT_EQ(skip.severity, Severity::warning);
  ASSERT_TRUE(skip.location);
  EXPECT_NE(skip.location->find("unattend.xml:"), std::string::npos);
  EXPECT_EQ(*report.prediction.failure, 0xC004F038u);
}

TEST(Validate, WarnsWhenNoRearmIsLeft) {
  TempDir dir;
  const fs::path root = clean_image(dir);
  ImageSession session = open_session(root);
  LicensingState state = *OK_VALUE(read_licensing_state(session.image()));
  state.rearms_left = 0;
  write_state(root, state);
  const auto report = validate(root);
  const auto& rearms = check(report, "generalization-rearms-left");
  EXPECT_EQ(rearms.status, CheckStatus::fail);
  EXPECT_EQ(rearms.severity, Severity::warning);
  EXPECT_FALSE(report_fails(report, Severity::error));
  EXPECT_TRUE(report_fails(report, Severity::warning));
  TempDir other;
  EXPECT_EQ(check(validate(clean_image(other)), "generalization-rearms-left").status,
            CheckStatus::pass);
}

TEST(Validate, WarnsAboutARealHiveWithoutSysprepEvidence) {
  TempDir dir;
  const fs::path root = clean_image(dir);
  EXPECT_EQ(check(validate(root), "generalization-sysprep-evidence").status, CheckStatus::skip);
  write_bytes(root / "Windows/System32/config/SYSTEM", "not a hive");
  EXPECT_EQ(check(validate(root), "generalization-sysprep-evidence").status, CheckStatus::skip);
  write_bytes(root / "Windows/System32/config/SYSTEM", std::string("regf\x01\0\0\0", 8));
  const auto warned = check(validate(root), "generalization-sysprep-evidence");
  EXPECT_EQ(warned.status, CheckStatus::fail);
  EXPECT_EQ(warned.severity, Severity::warning);
  EXPECT_EQ(warned.location, "Windows/System32/config/SYSTEM");
  write_bytes(root / "Windows/System32/Sysprep/Sysprep_succeeded.tag", "");
  EXPECT_EQ(check(validate(root), "generalization-sysprep-evidence").status, CheckStatus::pass);
}

TEST(Validate, RejectsAKeyThatIsNotAPublishedGvlkShowingOnlyItsLastFiveCharacters) {
  TempDir dir;
  const fs::path root = make_tree(dir);
  install(root, kNotAGvlk, true);
  const auto report = validate(root);
  const auto& key = check(report, "key-installed-gvlk");
  EXPECT_EQ(key.status, CheckStatus::fail);
  EXPECT_NE(key.message.find("6789B"), std::string::npos) << key.message;
  ASSERT_TRUE(key.location);
  EXPECT_NE(key.location->find("Windows/Panther/unattend.xml:"), std::string::npos);
  for (const auto& each : report.checks) {
    EXPECT_EQ(each.message.find("BCDFG"), std::string::npos) << each.message;
  }
  EXPECT_EQ(*report.prediction.failure, 0xC004F050u);
}

TEST(Validate, FailsWhenNoKeyIsInstalled) {
  TempDir dir;
  const auto report = validate(make_tree(dir));
  EXPECT_EQ(check(report, "key-installed-gvlk").status, CheckStatus::fail);
  EXPECT_EQ(check(report, "prediction-activates").status, CheckStatus::fail);
}

TEST(Validate, FailsWhenStateAndAnswerFileNameDifferentProducts) {
  TempDir dir;
  const fs::path root = clean_image(dir);
  ImageSession session = open_session(root);
  LicensingState state = *OK_VALUE(read_licensing_state(session.image()));
  state.product_id = "vista-business";
  write_state(root, state);
  const auto report = validate(root);
  EXPECT_EQ(check(report, "key-one-product").status, CheckStatus::fail);
  TempDir other;
  EXPECT_EQ(check(validate(clean_image(other)), "key-one-product").status, CheckStatus::pass);
}

fs::path capture_wim(const TempDir& dir, const fs::path& tree, const std::string& edition) {
  const fs::path wim = dir / ("install-" + edition + ".wim");
  auto captured =
      test::run_program({"wimlib-imagex", "capture", tree.string(), wim.string(), edition});
  EXPECT_EQ(captured.exit_code, 0) << captured.err;
  auto info = test::run_program({"wimlib-imagex", "info", wim.string(), "1", "--image-property",
                                 "WINDOWS/EDITIONID=" + edition, "--image-property",
                                 "WINDOWS/VERSION/MAJOR=6", "--image-property",
                                 "WINDOWS/VERSION/MINOR=0", "--image-property", "WINDOWS/ARCH=0"});
  EXPECT_EQ(info.exit_code, 0) << info.err;
  return wim;
}

TEST(Validate, MatchesTheKeyAgainstTheWimEditionId) {
  TempDir dir;
  const fs::path root = clean_image(dir);
  EXPECT_EQ(check(validate(root), "key-matches-image").status, CheckStatus::skip);
  EXPECT_EQ(check(validate(capture_wim(dir, root, "Enterprise")), "key-matches-image").status,
            CheckStatus::pass);
  const auto mismatched = check(validate(capture_wim(dir, root, "Business")), "key-matches-image");
  EXPECT_EQ(mismatched.status, CheckStatus::fail);
  EXPECT_NE(mismatched.message.find("EditionID Business"), std::string::npos) << mismatched.message;
}

ValidateOptions with_media(const TempDir& dir, const std::string& key, bool autounattend) {
  const fs::path media = dir / "media";
  write_bytes(media / "sources" / "pid.txt", "[PID]\r\nValue=" + key + "\r\n");
  if (autounattend) {
    write_bytes(
        media / "Autounattend.xml",
        "<?xml version=\"1.0\"?>\n<unattend xmlns=\"urn:schemas-microsoft-com:unattend\"/>\n");
  }
  auto read = read_setup_media(media.string(), nullptr);
  REQUIRE_OK(read);
  ValidateOptions options;
  options.media = *read;
  return options;
}

TEST(Validate, ChecksTheMediaPidKey) {
  TempDir dir;
  const fs::path root = clean_image(dir);
  auto report = validate(root);
  EXPECT_EQ(check(report, "key-media-pid-gvlk").status, CheckStatus::skip);
  {
    TempDir media;
    report = validate(root, with_media(media, kVistaEnterprise, false));
    EXPECT_EQ(check(report, "key-media-pid-gvlk").status, CheckStatus::pass);
    EXPECT_EQ(check(report, "key-media-matches-image").status, CheckStatus::pass);
    EXPECT_EQ(check(report, "key-media-pid-ignored").status, CheckStatus::pass);
    ASSERT_TRUE(check(report, "key-media-pid-gvlk").location);
    EXPECT_NE(check(report, "key-media-pid-gvlk").location->find("pid.txt:2"), std::string::npos);
  }
  {
    TempDir media;
    report = validate(root, with_media(media, kVistaBusiness, true));
    EXPECT_EQ(check(report, "key-media-matches-image").status, CheckStatus::fail);
    const auto& ignored = check(report, "key-media-pid-ignored");
    EXPECT_EQ(ignored.status, CheckStatus::fail);
    EXPECT_EQ(ignored.severity, Severity::info);
  }
  {
    TempDir media;
    report = validate(root, with_media(media, kNotAGvlk, false));
    const auto& pid = check(report, "key-media-pid-gvlk");
    EXPECT_EQ(pid.status, CheckStatus::fail);
    EXPECT_NE(pid.message.find("*****-*****-*****-*****-6789B"), std::string::npos);
  }
}

constexpr const char* kSkipRearmInSpecialize =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
    "<unattend xmlns=\"urn:schemas-microsoft-com:unattend\">\n"
    "  <settings pass=\"specialize\">\n"
    "    <component name=\"Microsoft-Windows-Security-Licensing-SLC\" "
    "processorArchitecture=\"x86\" "
    "publicKeyToken=\"31bf3856ad364e35\" language=\"neutral\" versionScope=\"nonSxS\">\n"
    "      <SkipRearm>1</SkipRearm>\n"
    "    </component>\n"
    "  </settings>\n"
    "</unattend>\n";

TEST(Validate, ReportsUnattendCheckFindingsOfTheFileSetupUses) {
  TempDir dir;
  const fs::path root = clean_image(dir);
  auto report = validate(root);
  for (const auto& each : report.checks) {
    if (each.group == "answer-file") {
      EXPECT_NE(each.severity == Severity::error && each.status == CheckStatus::fail, true)
          << each.id << ": " << each.message;
    }
  }
  write_bytes(root / "Windows/System32/Sysprep/Unattend.xml", kSkipRearmInSpecialize);
  write_bytes(root / "Windows/Panther/unattend.xml", kSkipRearmInSpecialize);
  report = validate(root);
  const auto& wrong = check(report, "answer-file-setting-wrong-pass");
  EXPECT_EQ(wrong.status, CheckStatus::fail);
  EXPECT_EQ(wrong.severity, Severity::error);
  ASSERT_TRUE(wrong.location);
  EXPECT_EQ(*wrong.location, "Windows/Panther/unattend.xml:5");
}

TEST(Validate, ReportsAnAnswerFileThatCannotBeParsed) {
  TempDir dir;
  const fs::path root = clean_image(dir);
  write_bytes(root / "Windows/System32/Sysprep/Unattend.xml", "<unattend><settings>");
  const auto readable = check(validate(root), "answer-file-readable");
  EXPECT_EQ(readable.status, CheckStatus::fail);
  EXPECT_EQ(readable.location, "Windows/System32/Sysprep/Unattend.xml");
}

TEST(Validate, FailsWhenAnotherAnswerFileShadowsKmsprepsEdit) {
  TempDir dir;
  const fs::path root = clean_image(dir);
  EXPECT_EQ(check(validate(root), "answer-file-shadowed").status, CheckStatus::pass);
  // Windows\Panther\Unattend\ comes before Windows\Panther\ in Setup's search.
  std::string specialize = test::read_bytes(root / "Windows/Panther/unattend.xml");
  write_bytes(root / "Windows/Panther/Unattend/Unattend.xml",
              "<?xml version=\"1.0\"?>\n<unattend xmlns=\"urn:schemas-microsoft-com:unattend\">\n"
              "  <settings pass=\"specialize\">\n"
              "    <component name=\"Microsoft-Windows-Shell-Setup\" processorArchitecture=\"x86\" "
              "publicKeyToken=\"31bf3856ad364e35\" language=\"neutral\" versionScope=\"nonSxS\">\n"
              "      <ComputerName>*</ComputerName>\n"
              "    </component>\n"
              "  </settings>\n</unattend>\n");
  const auto report = validate(root);
  const auto& shadowed = check(report, "answer-file-shadowed");
  EXPECT_EQ(shadowed.status, CheckStatus::fail) << all_checks(report);
  EXPECT_EQ(shadowed.severity, Severity::error);
  EXPECT_NE(shadowed.message.find("Windows/Panther/Unattend/Unattend.xml"), std::string::npos)
      << shadowed.message;
}

TEST(Validate, FailsOnAMalformedExplicitHost) {
  TempDir dir;
  const fs::path root = clean_image(dir, "");
  write_bytes(root / "Windows/Setup/Scripts/SetupComplete.cmd",
              "@echo off\r\ncscript //B %WINDIR%\\System32\\slmgr.vbs /skms kms_1!.corp:99999\r\n");
  const auto syntax = check(validate(root), "kms-host-syntax");
  EXPECT_EQ(syntax.status, CheckStatus::fail);
  EXPECT_EQ(syntax.location, "Windows/Setup/Scripts/SetupComplete.cmd:2");
}

ValidateOptions dns_options(DnsLookup* dns, const std::string& domain) {
  ValidateOptions options;
  options.dns = dns;
  if (!domain.empty()) options.domain = domain;
  return options;
}

TEST(Validate, ChecksSrvRecordsAgainstARealDnsServer) {
  test::DnsmasqServer server;
  ASSERT_TRUE(server.running());
  auto dns = dns_server_lookup(OK_VALUE(parse_dns_server_address(server.address())));
  TempDir dir;
  const fs::path discovery = clean_image(dir, "");
  auto report = validate(discovery, dns_options(dns.get(), "corp.example"));
  EXPECT_EQ(check(report, "kms-host-srv-exists").status, CheckStatus::pass) << all_checks(report);
  EXPECT_EQ(check(report, "kms-host-srv-target").status, CheckStatus::pass) << all_checks(report);
  EXPECT_EQ(check(report, "kms-host-srv-ttl").status, CheckStatus::pass);
  EXPECT_EQ(check(report, "kms-host-resolves").status, CheckStatus::skip);

  report = validate(discovery, dns_options(dns.get(), "branch.corp.example"));
  const auto& missing = check(report, "kms-host-srv-exists");
  EXPECT_EQ(missing.status, CheckStatus::fail);
  EXPECT_NE(missing.message.find("0x8007232B"), std::string::npos) << missing.message;
}

TEST(Validate, ChecksTheExplicitHostAgainstARealDnsServer) {
  test::DnsmasqServer server;
  ASSERT_TRUE(server.running());
  auto dns = dns_server_lookup(OK_VALUE(parse_dns_server_address(server.address())));
  TempDir good_dir;
  auto report =
      validate(clean_image(good_dir, "kms1.corp.example"), dns_options(dns.get(), "corp.example"));
  EXPECT_EQ(check(report, "kms-host-srv-target").status, CheckStatus::pass) << all_checks(report);
  EXPECT_EQ(check(report, "kms-host-resolves").status, CheckStatus::pass) << all_checks(report);

  TempDir bad_dir;
  report = validate(clean_image(bad_dir, "kms2.corp.example:1700"),
                    dns_options(dns.get(), "corp.example"));
  EXPECT_EQ(check(report, "kms-host-srv-target").status, CheckStatus::fail);
  const auto& resolves = check(report, "kms-host-resolves");
  EXPECT_EQ(resolves.status, CheckStatus::fail);
  EXPECT_EQ(resolves.severity, Severity::error);

  // Without --domain an explicit-host image still has its host name checked.
  TempDir other;
  report = validate(clean_image(other, "kms1.corp.example"), dns_options(dns.get(), ""));
  EXPECT_EQ(check(report, "kms-host-resolves").status, CheckStatus::pass);
  EXPECT_EQ(check(report, "kms-host-srv-exists").status, CheckStatus::skip);
}

TEST(Validate, WarnsAboutASrvTtlOtherThan3600) {
  test::DnsmasqServer server(1688, 600);
  ASSERT_TRUE(server.running());
  auto dns = dns_server_lookup(OK_VALUE(parse_dns_server_address(server.address())));
  TempDir dir;
  const auto report = validate(clean_image(dir, ""), dns_options(dns.get(), "corp.example"));
  const auto& ttl = check(report, "kms-host-srv-ttl");
  EXPECT_EQ(ttl.status, CheckStatus::fail);
  EXPECT_EQ(ttl.severity, Severity::warning);
  EXPECT_NE(ttl.message.find("600"), std::string::npos);
}

TEST(Validate, ReadsTheSameRecordsFromAZoneFile) {
  TempDir dir;
  write_bytes(dir / "corp.zone", test::corp_example_zone(1688, 600));
  auto zone = zone_file_lookup((dir / "corp.zone").string(), "corp.example");
  ASSERT_TRUE(zone.ok());
  auto report =
      validate(clean_image(dir, "kms1.corp.example"), dns_options(zone->get(), "corp.example"));
  EXPECT_EQ(check(report, "kms-host-srv-exists").status, CheckStatus::pass);
  EXPECT_EQ(check(report, "kms-host-srv-target").status, CheckStatus::pass);
  EXPECT_EQ(check(report, "kms-host-srv-ttl").status, CheckStatus::fail);
  EXPECT_EQ(check(report, "kms-host-resolves").status, CheckStatus::pass);
}

TEST(Validate, RefusesDnsOptionsWithoutADomainForADiscoveryImage) {
  TempDir dir;
  write_bytes(dir / "corp.zone", test::corp_example_zone());
  auto zone = zone_file_lookup((dir / "corp.zone").string(), "corp.example");
  ASSERT_TRUE(zone.ok());
  ImageSession session = open_session(clean_image(dir, ""));
  auto report = validate_image(session, dns_options(zone->get(), ""));
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.error().kind(), ErrorKind::usage);
}

TEST(Validate, ProbesTheHostWithOneTcpConnection) {
  test::TcpListener listener;
  TempDir dir;
  ValidateOptions options;
  options.probe = true;
  auto report = validate(clean_image(dir, "127.0.0.1:" + std::to_string(listener.port())), options);
  const auto& reached = check(report, "kms-host-reachable");
  EXPECT_EQ(reached.status, CheckStatus::pass) << reached.message;

  TempDir closed_dir;
  report = validate(clean_image(closed_dir, "127.0.0.1:" + std::to_string(test::closed_port())),
                    options);
  const auto& refused = check(report, "kms-host-reachable");
  EXPECT_EQ(refused.status, CheckStatus::fail);
  EXPECT_EQ(refused.severity, Severity::error);
  EXPECT_NE(refused.message.find("refused"), std::string::npos) << refused.message;
}

TEST(Validate, ProbesTheHostsDnsDiscoveryFinds) {
  test::TcpListener listener;
  test::DnsmasqServer server(listener.port());
  ASSERT_TRUE(server.running());
  auto dns = dns_server_lookup(OK_VALUE(parse_dns_server_address(server.address())));
  TempDir dir;
  ValidateOptions options = dns_options(dns.get(), "corp.example");
  options.probe = true;
  const auto report = validate(clean_image(dir, ""), options);
  EXPECT_EQ(check(report, "kms-host-reachable").status, CheckStatus::pass)
      << check(report, "kms-host-reachable").message;
}

TEST(Validate, PredictsInATopologySite) {
  auto topology =
      parse_topology(test::read_bytes(test::source_dir() / "samples/topology/branch-offices.xml"),
                     "branch-offices.xml");
  ASSERT_TRUE(topology.ok()) << topology.error().to_string();
  TempDir dir;
  const fs::path root = clean_image(dir, "");
  ValidateOptions options;
  options.topology = &*topology;
  options.topology_source = "branch-offices.xml";
  options.site = "HQ";
  options.clones = 10;
  auto report = validate(root, options);
  EXPECT_EQ(report.prediction.clones, 10);
  EXPECT_EQ(check(report, "prediction-activates").status, CheckStatus::pass)
      << report.prediction.reason;
  options.site = "SiteB";
  report = validate(root, options);
  EXPECT_EQ(check(report, "prediction-activates").status, CheckStatus::fail);
  ASSERT_TRUE(report.prediction.failure);
  EXPECT_FALSE(report.prediction.reason.empty());
}

}  // namespace
}  // namespace kmsprep
