#include "unattend/answer_file_check.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "tests/support/result_assertions.hpp"
#include "tests/support/test_support.hpp"

namespace kmsprep {
namespace {

const std::string kAttributes =
    " publicKeyToken=\"31bf3856ad364e35\" language=\"neutral\" versionScope=\"nonSxS\" "
    "xmlns:wcm=\"http://schemas.microsoft.com/WMIConfig/2002/State\"";

std::string component(const std::string& name, const std::string& body,
                      const std::string& arch = "amd64") {
  return "<component name=\"" + name + "\" processorArchitecture=\"" + arch + "\"" + kAttributes +
         ">" + body + "</component>\n";
}

std::string settings(const std::string& pass, const std::string& body) {
  return "<settings pass=\"" + pass + "\">\n" + body + "</settings>\n";
}

AnswerFile file_of(const std::string& body) {
  auto file = AnswerFile::parse(
      "<unattend xmlns=\"urn:schemas-microsoft-com:unattend\">\n" + body + "</unattend>\n",
      "a.xml");
  REQUIRE_OK(file);
  return std::move(file).value();
}

CheckReport check(const std::string& body, std::optional<OsFamily> family = OsFamily::win10,
                  bool media = false) {
  CheckContext context;
  context.family = family;
  context.autounattend_on_media = media;
  return check_answer_file(file_of(body), context);
}

const Finding* find(const CheckReport& report, const std::string& id) {
  for (const auto& finding : report.findings) {
    if (finding.id == id) return &finding;
  }
  return nullptr;
}

TEST(AnswerFileCheck, CleanFileHasNoFindings) {
  const auto report =
      check(settings("generalize",
                     component("Microsoft-Windows-Security-SPP", "<SkipRearm>0</SkipRearm>")) +
            settings("specialize",
                     component("Microsoft-Windows-Security-SPP-UX",
                               "<SkipAutoActivation>false</SkipAutoActivation>") +
                         component("Microsoft-Windows-Shell-Setup",
                                   "<ProductKey>NPPR9-FWDCX-D2C8J-H872K-2YT43</ProductKey>")));
  EXPECT_TRUE(report.findings.empty()) << report.findings.front().message;
  EXPECT_FALSE(report.has_errors());
}

TEST(AnswerFileCheck, CatalogSettingInTheWrongPassIsAnError) {
  const auto report = check(settings(
      "specialize", component("Microsoft-Windows-Security-SPP", "\n<SkipRearm>1</SkipRearm>")));
  const Finding* finding = find(report, "setting-wrong-pass");
  ASSERT_NE(finding, nullptr);
  EXPECT_EQ(finding->severity, Severity::error);
  EXPECT_EQ(finding->line, 4);
  EXPECT_NE(finding->fix.find("generalize"), std::string::npos);
  EXPECT_TRUE(report.has_errors());
}

TEST(AnswerFileCheck, SlcOnWindows8AndLaterIsAnErrorAndOnWindows7AWarning) {
  const std::string body =
      settings("generalize",
               component("Microsoft-Windows-Security-Licensing-SLC", "<SkipRearm>1</SkipRearm>"));
  const auto win8 = check(body, OsFamily::win8);
  const auto win7 = check(body, OsFamily::win7);
  const Finding* error = find(win8, "component-wrong-family");
  ASSERT_NE(error, nullptr);
  EXPECT_EQ(error->severity, Severity::error);
  EXPECT_EQ(error->line, 3);
  EXPECT_NE(error->fix.find("Microsoft-Windows-Security-SPP"), std::string::npos);
  const Finding* warning = find(win7, "component-deprecated");
  ASSERT_NE(warning, nullptr);
  EXPECT_EQ(warning->severity, Severity::warning);
  EXPECT_EQ(find(check(body, OsFamily::vista), "component-deprecated"), nullptr);
  EXPECT_NE(
      find(check(settings("specialize", component("Microsoft-Windows-Security-SPP-UX",
                                                  "<SkipAutoActivation>true</SkipAutoActivation>")),
                 OsFamily::vista),
           "component-wrong-family"),
      nullptr);
}

TEST(AnswerFileCheck, EmptyAndMalformedProductKeysAreErrorsWithoutTheKey) {
  const auto empty = check(settings(
      "specialize", component("Microsoft-Windows-Shell-Setup", "<ProductKey></ProductKey>")));
  EXPECT_NE(find(empty, "product-key-empty"), nullptr);
  const auto malformed =
      check(settings("windowsPE", component("Microsoft-Windows-Setup",
                                            "<UserData><ProductKey><Key>NPPR9-FWDCX-D2C8J-H872K-"
                                            "2YT4</Key></ProductKey></UserData>")));
  const Finding* finding = find(malformed, "product-key-malformed");
  ASSERT_NE(finding, nullptr);
  EXPECT_EQ(finding->message.find("NPPR9"), std::string::npos);
}

TEST(AnswerFileCheck, SkipRearmAndSkipAutoActivationValues) {
  EXPECT_NE(find(check(settings("generalize", component("Microsoft-Windows-Security-SPP",
                                                        "<SkipRearm>2</SkipRearm>"))),
                 "skip-rearm-invalid"),
            nullptr);
  EXPECT_NE(
      find(check(settings("specialize", component("Microsoft-Windows-Security-SPP-UX",
                                                  "<SkipAutoActivation>yes</SkipAutoActivation>"))),
           "skip-auto-activation-invalid"),
      nullptr);
  EXPECT_TRUE(
      check(settings("specialize", component("Microsoft-Windows-Security-SPP-UX",
                                             "<SkipAutoActivation>True</SkipAutoActivation>")))
          .findings.empty());
}

TEST(AnswerFileCheck, DuplicateComponentIdentityInOnePass) {
  const auto report = check(settings(
      "specialize", component("Microsoft-Windows-Shell-Setup", "<ComputerName>*</ComputerName>") +
                        component("microsoft-windows-shell-setup", "<TimeZone>UTC</TimeZone>")));
  const Finding* finding = find(report, "component-duplicate");
  ASSERT_NE(finding, nullptr);
  EXPECT_EQ(finding->line, 4);
  EXPECT_EQ(find(check(settings("specialize", component("Microsoft-Windows-Shell-Setup", "")) +
                       settings("oobeSystem", component("Microsoft-Windows-Shell-Setup", ""))),
                 "component-duplicate"),
            nullptr);
}

TEST(AnswerFileCheck, DuplicateRunSynchronousOrder) {
  const std::string item1 =
      "<RunSynchronousCommand "
      "wcm:action=\"add\"><Order>1</Order><Path>a</Path></RunSynchronousCommand>\n";
  const std::string item2 =
      "<RunSynchronousCommand "
      "wcm:action=\"add\"><Order>1</Order><Path>b</Path></RunSynchronousCommand>\n";
  const auto report = check(settings(
      "specialize", component("Microsoft-Windows-Deployment",
                              "<RunSynchronous>\n" + item1 + item2 + "</RunSynchronous>")));
  const Finding* finding = find(report, "run-synchronous-order-duplicate");
  ASSERT_NE(finding, nullptr);
  EXPECT_EQ(finding->line, 5);
}

TEST(AnswerFileCheck, MixedArchitectures) {
  const auto report =
      check(settings("specialize", component("Microsoft-Windows-Shell-Setup", "", "amd64") +
                                       component("Microsoft-Windows-Deployment", "", "x86")));
  const Finding* finding = find(report, "architecture-mixed");
  ASSERT_NE(finding, nullptr);
  // Setup ignores the x86 component on amd64: worth a warning, not a broken file.
  EXPECT_EQ(finding->severity, Severity::warning);
  EXPECT_EQ(finding->code, ErrorCode::answer_file_architecture_foreign);
  EXPECT_EQ(finding->line, 4);
  EXPECT_NE(finding->message.find("x86"), std::string::npos) << finding->message;
}

// Found by the answer_file_reader fuzzer (tests/fuzz/corpus/answer_file_reader/
// regression-key-in-architecture): a value quoted in a finding carried a whole product key.
TEST(AnswerFileCheck, AFindingQuotingAValueWithAKeyShowsOnlyItsLastFive) {
  const auto report =
      check(settings("specialize", component("Microsoft-Windows-Shell-Setup", "", "amd64") +
                                       component("Microsoft-Windows-Deployment", "",
                                                 "x86 NPPR9-FWDCX-D2C8J-H872K-2YT43")));
  const Finding* finding = find(report, "architecture-mixed");
  ASSERT_NE(finding, nullptr);
  EXPECT_EQ(finding->message.find("NPPR9-FWDCX-D2C8J-H872K"), std::string::npos)
      << finding->message;
  EXPECT_NE(finding->message.find("2YT43"), std::string::npos) << finding->message;
}

TEST(AnswerFileCheck, Wow64ComponentsBesideAmd64OnesAreNotReported) {
  auto file = AnswerFile::parse(
      test::read_bytes(test::source_dir() / "tests/data/answer/amd64-with-wow64.xml"),
      "amd64-with-wow64.xml");
  ASSERT_TRUE(file.ok()) << file.error().to_string();
  CheckContext context;
  context.family = OsFamily::win10;
  EXPECT_EQ(find(check_answer_file(*file, context), "architecture-mixed"), nullptr);
  context.architecture = "amd64";  // the image says so too
  const auto report = check_answer_file(*file, context);
  EXPECT_EQ(find(report, "architecture-mixed"), nullptr);
  EXPECT_TRUE(report.findings.empty()) << report.findings.front().message;
}

TEST(AnswerFileCheck, MsilIsAcceptedAnywhereAndWow64IsForeignInAnX86Image) {
  const std::string body =
      settings("specialize", component("Microsoft-Windows-Shell-Setup", "", "x86") +
                                 component("Microsoft-Windows-IE-InternetExplorer", "", "wow64") +
                                 component("Microsoft-Windows-Deployment", "", "msil"));
  const auto report = check(body);
  const Finding* finding = find(report, "architecture-mixed");
  ASSERT_NE(finding, nullptr);
  EXPECT_EQ(finding->line, 4);
  EXPECT_NE(finding->message.find("wow64 exists only on 64-bit Windows"), std::string::npos);
  int foreign = 0;
  for (const auto& each : report.findings) foreign += each.id == "architecture-mixed";
  EXPECT_EQ(foreign, 1);  // msil is not foreign
}

TEST(AnswerFileCheck, TheImageArchitectureDecidesWhatIsForeign) {
  CheckContext context;
  context.family = OsFamily::win10;
  context.architecture = "amd64";
  const auto report = check_answer_file(
      file_of(settings("specialize", component("Microsoft-Windows-Shell-Setup", "", "x86"))),
      context);
  const Finding* finding = find(report, "architecture-mixed");
  ASSERT_NE(finding, nullptr);
  EXPECT_NE(finding->message.find("the image is amd64"), std::string::npos) << finding->message;
}

TEST(AnswerFileCheck, TextOnlySetupProductKeyIsChecked) {
  const auto good = check(
      settings("windowsPE", component("Microsoft-Windows-Setup",
                                      "<UserData><ProductKey>NPPR9-FWDCX-D2C8J-H872K-2YT43<"
                                      "WillShowUI>Never</WillShowUI></ProductKey></UserData>")));
  EXPECT_TRUE(good.findings.empty()) << good.findings.front().message;
  const auto bad = check(settings(
      "windowsPE", component("Microsoft-Windows-Setup",
                             "<UserData>\n<ProductKey>NPPR9-FWDCX</ProductKey></UserData>")));
  const Finding* malformed = find(bad, "product-key-malformed");
  ASSERT_NE(malformed, nullptr);
  EXPECT_EQ(malformed->line, 4);
  EXPECT_EQ(malformed->code, ErrorCode::answer_file_product_key_malformed);
  const auto misplaced = check(settings(
      "specialize",
      component("Microsoft-Windows-Setup",
                "<UserData><ProductKey>NPPR9-FWDCX-D2C8J-H872K-2YT43</ProductKey></UserData>")));
  EXPECT_NE(find(misplaced, "setting-wrong-pass"), nullptr);
}

TEST(AnswerFileCheck, SkipRearmOneIsAWarningWithValidatesId) {
  auto file = AnswerFile::parse(
      test::read_bytes(test::source_dir() / "tests/data/answer/media-all-passes.xml"),
      "Autounattend.xml");
  ASSERT_TRUE(file.ok());
  CheckContext context;
  context.family = OsFamily::win10;
  const auto report = check_answer_file(*file, context);
  const Finding* finding = find(report, "generalization-skip-rearm-set");
  ASSERT_NE(finding, nullptr);
  EXPECT_EQ(finding->severity, Severity::warning);
  EXPECT_EQ(finding->line, 21);
  EXPECT_EQ(finding->code, ErrorCode::answer_file_skip_rearm_set);
  EXPECT_NE(finding->fix.find("--skip-rearm 0"), std::string::npos);
  EXPECT_FALSE(report.has_errors());
  EXPECT_EQ(find(check(settings("generalize", component("Microsoft-Windows-Security-SPP",
                                                        "<SkipRearm>0</SkipRearm>"))),
                 "generalization-skip-rearm-set"),
            nullptr);
}

TEST(AnswerFileCheck, EveryFindingHasItsOwnCodeALocationAndAFix) {
  const std::string body =
      settings("windowsPE",
               component("Microsoft-Windows-Setup",
                         "<UserData><ProductKey><Key></Key></ProductKey></UserData>")) +
      settings("generalize",
               component("Microsoft-Windows-Security-SPP", "<SkipRearm>2</SkipRearm>") +
                   component("Microsoft-Windows-Security-SLC", "")) +
      settings("specialize", component("Microsoft-Windows-Security-SPP-UX",
                                       "<SkipAutoActivation>maybe</SkipAutoActivation>") +
                                 component("Microsoft-Windows-Shell-Setup",
                                           "<ProductKey>ABC</ProductKey>", "x86") +
                                 component("Microsoft-Windows-Shell-Setup", "", "x86"));
  const auto report = check(body);
  std::map<std::string, ErrorCode> codes;
  for (const auto& finding : report.findings) {
    EXPECT_FALSE(finding.fix.empty()) << finding.id;
    EXPECT_GT(finding.line, 0) << finding.id;
    const int number = static_cast<int>(finding.code);
    EXPECT_GE(number, 404) << finding.id;
    EXPECT_LE(number, 416) << finding.id;
    if (codes.count(finding.id)) {
      EXPECT_EQ(codes[finding.id], finding.code);
    }
    codes[finding.id] = finding.code;
    const std::string text = finding_text(finding, "a.xml");
    EXPECT_EQ(text.rfind("E" + std::to_string(number) + " ", 0), 0u) << text;
    EXPECT_NE(text.find("[at a.xml:" + std::to_string(finding.line) + "]"), std::string::npos)
        << text;
  }
  EXPECT_GE(codes.size(), 6u);
  std::set<ErrorCode> distinct;
  for (const auto& [id, code] : codes) distinct.insert(code);
  EXPECT_EQ(distinct.size(), codes.size());  // one code per id
}

TEST(AnswerFileCheck, AutounattendOnMediaWithSpecializeButNoWindowsPe) {
  const std::string body = settings(
      "specialize", component("Microsoft-Windows-Shell-Setup", "<ComputerName>*</ComputerName>"));
  const auto media = check(body, OsFamily::win10, true);
  const Finding* finding = find(media, "specialize-without-windowspe");
  ASSERT_NE(finding, nullptr);
  EXPECT_EQ(finding->severity, Severity::warning);
  EXPECT_EQ(find(check(body, OsFamily::win10, false), "specialize-without-windowspe"), nullptr);
  EXPECT_EQ(find(check(settings("windowsPE", "") + body, OsFamily::win10, true),
                 "specialize-without-windowspe"),
            nullptr);
}

TEST(AnswerFileCheck, UnknownFamilySkipsFamilyChecksAndSaysSo) {
  const auto report = check(settings("specialize", component("Microsoft-Windows-Shell-Setup",
                                                             "<ComputerName>*</ComputerName>")),
                            std::nullopt);
  EXPECT_TRUE(report.family_checks_skipped);
  const Finding* finding = find(report, "family-checks-skipped");
  ASSERT_NE(finding, nullptr);
  EXPECT_EQ(finding->severity, Severity::info);
  EXPECT_FALSE(report.has_errors());
}

TEST(AnswerFileCheck, InfersTheFamilyFromComponentsAndKeys) {
  const std::string slc =
      settings("generalize",
               component("Microsoft-Windows-Security-Licensing-SLC", "<SkipRearm>1</SkipRearm>"));
  auto vista = check(slc, std::nullopt);
  EXPECT_EQ(vista.family, OsFamily::vista);
  EXPECT_EQ(vista.family_source, "components: only SLC, Vista");
  // A Windows 8+ key (with an N) beside SLC: SLC cannot be right.
  auto win8 =
      check(slc + settings("specialize",
                           component("Microsoft-Windows-Shell-Setup",
                                     "<ProductKey>NPPR9-FWDCX-D2C8J-H872K-2YT43</ProductKey>")),
            std::nullopt);
  EXPECT_EQ(win8.family, OsFamily::win8);
  EXPECT_NE(find(win8, "component-wrong-family"), nullptr);
}

}  // namespace
}  // namespace kmsprep
