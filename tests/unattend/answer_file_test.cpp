#include "unattend/answer_file.hpp"

#include <gtest/gtest.h>

#include "tests/support/result_assertions.hpp"
#include "tests/support/test_support.hpp"

namespace kmsprep {
namespace {

const std::string kHead = "<unattend xmlns=\"urn:schemas-microsoft-com:unattend\">";
const std::string kComponentAttributes =
    " processorArchitecture=\"amd64\" publicKeyToken=\"31bf3856ad364e35\" language=\"neutral\" "
    "versionScope=\"nonSxS\" xmlns:wcm=\"http://schemas.microsoft.com/WMIConfig/2002/State\" "
    "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"";

AnswerFile parsed(const std::string& text) {
  auto file = AnswerFile::parse(text, "unattend.xml");
  REQUIRE_OK(file);
  return std::move(file).value();
}

std::string fixture(const std::string& name) {
  return test::read_bytes(test::source_dir() / "tests/data/answer" / name);
}

// True when `after` is `before` with one occurrence of `removed` replaced by `inserted` (an
// empty `removed` is a pure insertion): every other byte is identical.
bool only_change(const std::string& before, const std::string& after, const std::string& removed,
                 const std::string& inserted) {
  if (after.size() + removed.size() != before.size() + inserted.size()) return false;
  for (size_t at = 0; at + removed.size() <= before.size(); ++at) {
    if (before.compare(at, removed.size(), removed) != 0) continue;
    if (after.compare(0, at, before, 0, at) == 0 &&
        after.compare(at, inserted.size(), inserted) == 0 &&
        after.compare(at + inserted.size(), std::string::npos, before, at + removed.size(),
                      std::string::npos) == 0) {
      return true;
    }
  }
  return false;
}

TEST(AnswerFile, RoundTripsEveryFixtureByteForByte) {
  for (const char* name :
       {"win10-crlf-comments.xml", "vista-tabs-slc.xml", "compact-one-line.xml"}) {
    const std::string bytes = fixture(name);
    auto file = AnswerFile::parse(bytes, name);
    ASSERT_TRUE(file.ok()) << name << ": " << file.error().to_string();
    EXPECT_FALSE(file->modified());
    EXPECT_EQ(file->bytes(), bytes) << name;
  }
  const std::string sample = test::read_bytes(test::source_dir() / "samples/answer/unattend.xml");
  auto file = AnswerFile::parse(sample, "unattend.xml");
  ASSERT_TRUE(file.ok()) << file.error().to_string();
  EXPECT_EQ(file->bytes(), sample);
}

TEST(AnswerFile, RoundTripsUtf16LittleAndBigEndianWithBom) {
  const std::string utf8 = fixture("win10-crlf-comments.xml");
  for (TextEncoding encoding :
       {TextEncoding::utf16le_bom, TextEncoding::utf16be_bom, TextEncoding::utf8_bom}) {
    const std::string bytes = encode_text(utf8, encoding);
    auto file = AnswerFile::parse(bytes, "unattend.xml");
    ASSERT_TRUE(file.ok()) << file.error().to_string();
    EXPECT_EQ(file->encoding(), encoding);
    EXPECT_EQ(file->bytes(), bytes);
  }
}

TEST(AnswerFile, EditsUtf16FileAndKeepsEncodingAndBom) {
  const std::string utf8 = fixture("win10-crlf-comments.xml");
  const std::string bytes = encode_text(utf8, TextEncoding::utf16le_bom);
  auto file = AnswerFile::parse(bytes, "unattend.xml");
  ASSERT_TRUE(file.ok());
  ASSERT_TRUE(file->set_setting({"specialize", "Microsoft-Windows-Shell-Setup", "TimeZone"}, "UTC",
                                "amd64"));
  const std::string written = file->bytes();
  ASSERT_EQ(written.substr(0, 2), "\xFF\xFE");
  auto decoded = decode_text(written, "x");
  ASSERT_TRUE(decoded.ok());
  EXPECT_TRUE(only_change(utf8, decoded->utf8, ">Pacific Standard Time<", ">UTC<"));
}

TEST(AnswerFile, ReplacesOnlyTheTextOfAnExistingSetting) {
  AnswerFile file = parsed(
      kHead +
      "\n  <settings pass=\"specialize\">\n    <component name=\"Microsoft-Windows-Shell-Setup\"" +
      kComponentAttributes +
      ">\n      <ProductKey>old</ProductKey>\n    </component>\n  </settings>\n</unattend>\n");
  ASSERT_TRUE(file.set_setting({"specialize", "Microsoft-Windows-Shell-Setup", "ProductKey"},
                               "NEW<&>", "amd64"));
  EXPECT_EQ(file.text(), kHead +
                             "\n  <settings pass=\"specialize\">\n    <component "
                             "name=\"Microsoft-Windows-Shell-Setup\"" +
                             kComponentAttributes +
                             ">\n      <ProductKey>NEW&lt;&amp;&gt;</ProductKey>\n    "
                             "</component>\n  </settings>\n</unattend>\n");
}

TEST(AnswerFile, FillsSelfClosingElementsWithAndWithoutSpace) {
  AnswerFile file = parsed(
      kHead +
      "<settings pass=\"specialize\"><component name=\"Microsoft-Windows-Shell-Setup\"><A/><B "
      "wcm:action='add' /></component></settings></unattend>");
  ASSERT_TRUE(file.set_setting({"specialize", "Microsoft-Windows-Shell-Setup", "A"}, "1", "x86"));
  ASSERT_TRUE(file.set_setting({"specialize", "Microsoft-Windows-Shell-Setup", "B"}, "2", "x86"));
  EXPECT_EQ(file.text(), kHead +
                             "<settings pass=\"specialize\"><component "
                             "name=\"Microsoft-Windows-Shell-Setup\"><A>1</A><B "
                             "wcm:action='add'>2</B></component></settings></unattend>");
}

TEST(AnswerFile, SettingTheSameValueChangesNothing) {
  const std::string bytes = fixture("vista-tabs-slc.xml");
  AnswerFile file = parsed(bytes);
  ASSERT_TRUE(file.set_setting(
      {"generalize", "Microsoft-Windows-Security-Licensing-SLC", "SkipRearm"}, "1", "x86"));
  EXPECT_FALSE(file.modified());
  EXPECT_EQ(file.bytes(), bytes);
}

TEST(AnswerFile, AddsAPathBelowAnExistingComponentWithSiblingIndentation) {
  AnswerFile file = parsed(
      kHead +
      "\r\n\t<settings pass=\"windowsPE\">\r\n\t\t<component "
      "name=\"Microsoft-Windows-Setup\">\r\n\t\t\t<UserData>\r\n\t\t\t\t<AcceptEula>true</"
      "AcceptEula>\r\n\t\t\t</UserData>\r\n\t\t</component>\r\n\t</settings>\r\n</unattend>");
  ASSERT_TRUE(file.set_setting({"windowsPE", "Microsoft-Windows-Setup", "UserData/ProductKey/Key"},
                               "K", "amd64"));
  EXPECT_EQ(
      file.text(),
      kHead +
          "\r\n\t<settings pass=\"windowsPE\">\r\n\t\t<component "
          "name=\"Microsoft-Windows-Setup\">\r\n\t\t\t<UserData>\r\n\t\t\t\t<AcceptEula>true</"
          "AcceptEula>\r\n\t\t\t\t<ProductKey>\r\n\t\t\t\t\t<Key>K</Key>\r\n\t\t\t\t</"
          "ProductKey>\r\n\t\t\t</UserData>\r\n\t\t</component>\r\n\t</settings>\r\n</unattend>");
}

TEST(AnswerFile, AddsAComponentWithAllIdentifyingAttributes) {
  AnswerFile file =
      parsed(kHead +
             "\n  <settings pass=\"specialize\">\n    <component "
             "name=\"Microsoft-Windows-Shell-Setup\">\n      <ComputerName>*</ComputerName>\n    "
             "</component>\n  </settings>\n</unattend>\n");
  ASSERT_TRUE(file.set_setting(
      {"specialize", "Microsoft-Windows-Security-SPP-UX", "SkipAutoActivation"}, "true", "amd64"));
  EXPECT_EQ(file.text(),
            kHead +
                "\n  <settings pass=\"specialize\">\n    <component "
                "name=\"Microsoft-Windows-Shell-Setup\">\n      <ComputerName>*</ComputerName>\n   "
                " </component>\n    <component name=\"Microsoft-Windows-Security-SPP-UX\"" +
                kComponentAttributes +
                ">\n      <SkipAutoActivation>true</SkipAutoActivation>\n    </component>\n  "
                "</settings>\n</unattend>\n");
}

TEST(AnswerFile, AddsAPassInSetupOrder) {
  AnswerFile file = parsed(kHead +
                           "\n  <settings pass=\"windowsPE\">\n  </settings>\n  <settings "
                           "pass=\"oobeSystem\" />\n</unattend>\n");
  ASSERT_TRUE(
      file.set_setting({"generalize", "Microsoft-Windows-Security-SPP", "SkipRearm"}, "1", "x86"));
  const std::string x86 =
      " processorArchitecture=\"x86\" publicKeyToken=\"31bf3856ad364e35\" language=\"neutral\" "
      "versionScope=\"nonSxS\" xmlns:wcm=\"http://schemas.microsoft.com/WMIConfig/2002/State\" "
      "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"";
  EXPECT_EQ(file.text(),
            kHead +
                "\n  <settings pass=\"windowsPE\">\n  </settings>\n  <settings "
                "pass=\"generalize\">\n    <component name=\"Microsoft-Windows-Security-SPP\"" +
                x86 +
                ">\n      <SkipRearm>1</SkipRearm>\n    </component>\n  </settings>\n  <settings "
                "pass=\"oobeSystem\" />\n</unattend>\n");
}

TEST(AnswerFile, FillsAnEmptyAndASelfClosingParent) {
  AnswerFile file = parsed(kHead +
                           "\n  <settings pass=\"specialize\"></settings>\n  <settings "
                           "pass=\"oobeSystem\"/>\n</unattend>");
  ASSERT_TRUE(file.set_setting({"specialize", "C", "X"}, "1", "amd64"));
  ASSERT_TRUE(file.set_setting({"oobeSystem", "C", "Y"}, "2", "amd64"));
  EXPECT_EQ(file.text(), kHead + "\n  <settings pass=\"specialize\">\n    <component name=\"C\"" +
                             kComponentAttributes +
                             ">\n      <X>1</X>\n    </component>\n  </settings>\n  <settings "
                             "pass=\"oobeSystem\">\n    <component name=\"C\"" +
                             kComponentAttributes +
                             ">\n      <Y>2</Y>\n    </component>\n  </settings>\n</unattend>");
}

TEST(AnswerFile, StaysOnOneLineInACompactFile) {
  const std::string bytes = fixture("compact-one-line.xml");
  AnswerFile file = parsed(bytes);
  ASSERT_TRUE(file.set_setting({"oobeSystem", "Microsoft-Windows-Shell-Setup", "RegisteredOwner"},
                               "Lab", "amd64"));
  EXPECT_TRUE(only_change(bytes, file.text(), "<TimeZone>UTC</TimeZone>",
                          "<TimeZone>UTC</TimeZone><RegisteredOwner>Lab</RegisteredOwner>"));
}

TEST(AnswerFile, CreatesANewFileWithCrlf) {
  AnswerFile file = AnswerFile::create("Windows/Panther/unattend.xml");
  EXPECT_TRUE(file.created());
  ASSERT_TRUE(file.set_setting({"specialize", "Microsoft-Windows-Shell-Setup", "ProductKey"}, "K",
                               "arm64"));
  const std::string arm =
      " processorArchitecture=\"arm64\" publicKeyToken=\"31bf3856ad364e35\" language=\"neutral\" "
      "versionScope=\"nonSxS\" xmlns:wcm=\"http://schemas.microsoft.com/WMIConfig/2002/State\" "
      "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"";
  EXPECT_EQ(file.bytes(), "<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n" + kHead +
                              "\r\n    <settings pass=\"specialize\">\r\n        <component "
                              "name=\"Microsoft-Windows-Shell-Setup\"" +
                              arm +
                              ">\r\n            <ProductKey>K</ProductKey>\r\n        "
                              "</component>\r\n    </settings>\r\n</unattend>\r\n");
}

TEST(AnswerFile, EditKeepsEveryOtherByteOfTheCrlfFixture) {
  const std::string bytes = fixture("win10-crlf-comments.xml");
  AnswerFile file = parsed(bytes);
  ASSERT_TRUE(file.set_setting({"specialize", "Microsoft-Windows-Shell-Setup", "ProductKey"},
                               "VK7JG-NPHTM-C97JM-9MPGT-3V66T", "amd64"));
  EXPECT_TRUE(
      only_change(bytes, file.bytes(), "Pacific Standard Time</TimeZone>\r\n",
                  "Pacific Standard Time</TimeZone>\r\n"
                  "            <ProductKey>VK7JG-NPHTM-C97JM-9MPGT-3V66T</ProductKey>\r\n"));
}

TEST(AnswerFile, NewComponentInATabIndentedFileUsesTabsAndLf) {
  const std::string bytes = fixture("vista-tabs-slc.xml");
  AnswerFile file = parsed(bytes);
  ASSERT_TRUE(file.set_setting(
      {"specialize", "Microsoft-Windows-Deployment", "RunSynchronous/RunSynchronousCommand/Path"},
      "x.cmd", "x86"));
  EXPECT_TRUE(only_change(
      bytes, file.bytes(),
      "\t\t\t<SkipAutoActivation>true</SkipAutoActivation>\n\t\t</component>\n",
      "\t\t\t<SkipAutoActivation>true</SkipAutoActivation>\n\t\t</component>\n"
      "\t\t<component name=\"Microsoft-Windows-Deployment\" processorArchitecture=\"x86\" "
      "publicKeyToken=\"31bf3856ad364e35\" language=\"neutral\" versionScope=\"nonSxS\" "
      "xmlns:wcm=\"http://schemas.microsoft.com/WMIConfig/2002/State\" "
      "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n"
      "\t\t\t<RunSynchronous>\n\t\t\t\t<RunSynchronousCommand>\n\t\t\t\t\t<Path>x.cmd</"
      "Path>\n\t\t\t\t</RunSynchronousCommand>\n\t\t\t</RunSynchronous>\n"
      "\t\t</component>\n"))
      << file.text();
}

TEST(AnswerFile, AddsAPassToACompactFileOnTheSameLine) {
  const std::string bytes = fixture("compact-one-line.xml");
  AnswerFile file = parsed(bytes);
  ASSERT_TRUE(file.set_setting({"specialize", "C", "X"}, "1", "amd64"));
  EXPECT_TRUE(only_change(bytes, file.bytes(), "<settings pass=\"oobeSystem\">",
                          "<settings pass=\"specialize\"><component name=\"C\"" +
                              kComponentAttributes +
                              "><X>1</X></component></settings><settings pass=\"oobeSystem\">"))
      << file.text();
}

TEST(AnswerFile, AppendsAfterATrailingCommentBeforeTheClosingTag) {
  AnswerFile file = parsed(
      kHead +
      "\r\n  <settings pass=\"specialize\">\r\n    <component name=\"C\">\r\n      <A>1</A>\r\n    "
      "  <!-- keep me -->\r\n    </component>\r\n  </settings>\r\n</unattend>");
  ASSERT_TRUE(file.set_setting({"specialize", "C", "B"}, "2", "amd64"));
  EXPECT_EQ(file.text(), kHead +
                             "\r\n  <settings pass=\"specialize\">\r\n    <component "
                             "name=\"C\">\r\n      <A>1</A>\r\n      <!-- keep me -->\r\n      "
                             "<B>2</B>\r\n    </component>\r\n  </settings>\r\n</unattend>");
}

TEST(AnswerFile, KeepsACommentInsideTheValueItReplaces) {
  AnswerFile file = parsed(kHead +
                           "<settings pass=\"specialize\"><component name=\"C\"><A><!-- from MDT "
                           "-->old</A><B><![CDATA[x<y]]></B></component></settings></unattend>");
  ASSERT_TRUE(file.set_setting({"specialize", "C", "A"}, "new", "amd64"));
  ASSERT_TRUE(file.set_setting({"specialize", "C", "B"}, "z", "amd64"));
  EXPECT_EQ(file.text(), kHead +
                             "<settings pass=\"specialize\"><component name=\"C\"><A><!-- from MDT "
                             "-->new</A><B>z</B></component></settings></unattend>");
}

TEST(AnswerFile, RefusesToSetTextOnAnElementWithChildren) {
  AnswerFile file = parsed(kHead +
                           "<settings pass=\"specialize\"><component "
                           "name=\"C\"><A><B/></A></component></settings></unattend>");
  const std::string before = file.text();
  auto set = file.set_setting({"specialize", "C", "A"}, "x", "amd64");
  ASSERT_FALSE(set.ok());
  EXPECT_EQ(set.error().code(), ErrorCode::answer_file_invalid);
  EXPECT_EQ(file.text(), before);
}

TEST(AnswerFile, QueriesSeeDecodedReferencesAndLiteralPrefixedAttributes) {
  AnswerFile file = parsed(fixture("win10-crlf-comments.xml"));
  const XmlElement* name = file.find({"windowsPE", "Microsoft-Windows-Setup", "UserData/FullName"});
  ASSERT_NE(name, nullptr);
  EXPECT_EQ(name->text, "Lab \"Build\" Account");
  const XmlElement* organization =
      file.find({"windowsPE", "microsoft-windows-setup", "UserData/Organization"});
  ASSERT_NE(organization, nullptr);
  EXPECT_EQ(organization->text, "Contoso & Fabrikam\xC2\xA0Ltd");
  const XmlElement* disk =
      file.find({"windowsPE", "Microsoft-Windows-Setup", "DiskConfiguration/Disk"});
  ASSERT_NE(disk, nullptr);
  ASSERT_NE(disk->attribute("wcm:action"), nullptr);
  EXPECT_EQ(*disk->attribute("wcm:action"), "add");
  EXPECT_EQ(disk->line, 17);
  EXPECT_EQ(file.components().size(), 5u);
}

TEST(AnswerFile, BindsAPrefixedUnattendNamespace) {
  AnswerFile file = parsed(
      "<u:unattend xmlns:u=\"urn:schemas-microsoft-com:unattend\"><u:settings "
      "pass=\"specialize\"/></u:unattend>");
  ASSERT_TRUE(file.set_setting({"specialize", "C", "X"}, "1", "amd64"));
  EXPECT_NE(file.find({"specialize", "C", "X"}), nullptr);
  EXPECT_NE(file.text().find("<u:component name=\"C\""), std::string::npos);
  EXPECT_NE(file.text().find("<u:X>1</u:X>"), std::string::npos);
}

void expect_refused(const std::string& bytes, ErrorCode code, const std::string& location) {
  auto file = AnswerFile::parse(bytes, "a.xml");
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.error().code(), code) << file.error().to_string();
  EXPECT_EQ(file.error().kind(), ErrorKind::bad_input);
  EXPECT_EQ(file.error().location(), location) << file.error().to_string();
}

TEST(AnswerFile, RefusesDoctypeAndEntityDeclarations) {
  expect_refused(fixture("hostile-doctype.xml"), ErrorCode::xml_doctype_forbidden, "a.xml:2:1");
  expect_refused("<?xml version=\"1.0\"?>\n<!doctype unattend>\n" + kHead + "</unattend>",
                 ErrorCode::xml_doctype_forbidden, "a.xml:2:1");
  expect_refused(kHead + "\n  <!ENTITY x \"y\">\n</unattend>", ErrorCode::xml_doctype_forbidden,
                 "a.xml:2:3");
  expect_refused(
      encode_text("<?xml version=\"1.0\"?>\r\n<!DOCTYPE x SYSTEM \"http://example/x.dtd\">\r\n" +
                      kHead + "</unattend>",
                  TextEncoding::utf16be_bom),
      ErrorCode::xml_doctype_forbidden, "a.xml:2:1");
}

TEST(AnswerFile, RefusesFilesOverEightMebibytes) {
  std::string big = kHead + std::string(kMaxAnswerFileBytes, ' ') + "</unattend>";
  auto file = AnswerFile::parse(big, "a.xml");
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.error().code(), ErrorCode::file_too_large);
}

TEST(AnswerFile, RefusesNestingDeeperThan256) {
  std::string deep = kHead;
  for (int i = 0; i < 256; ++i) deep += "<a>";
  for (int i = 0; i < 256; ++i) deep += "</a>";
  deep += "</unattend>";
  expect_refused(deep, ErrorCode::xml_too_deep,
                 "a.xml:1:" + std::to_string(kHead.size() + 255 * 3 + 1));
  std::string fine = kHead;
  for (int i = 0; i < 255; ++i) fine += "<a>";
  for (int i = 0; i < 255; ++i) fine += "</a>";
  fine += "</unattend>";
  EXPECT_TRUE(AnswerFile::parse(fine, "a.xml").ok());
}

TEST(AnswerFile, ReportsMalformedXmlWithLineAndColumn) {
  expect_refused(kHead + "\n  <settings pass=\"x\">\n  </setting>\n</unattend>",
                 ErrorCode::xml_malformed, "a.xml:3:5");
  expect_refused("<other/>", ErrorCode::answer_file_invalid, "a.xml:1:1");
  expect_refused("<unattend/>", ErrorCode::answer_file_invalid, "a.xml:1:1");
}

TEST(AnswerFile, NeverWritesIntoAWow64OrForeignComponentOfTheSameName) {
  auto parsed = AnswerFile::parse(
      "<unattend xmlns=\"urn:schemas-microsoft-com:unattend\"><settings pass=\"specialize\">"
      "<component name=\"Microsoft-Windows-Shell-Setup\" "
      "processorArchitecture=\"wow64\"><ProductKey>A</ProductKey></component>"
      "<component name=\"Microsoft-Windows-Shell-Setup\" "
      "processorArchitecture=\"x86\"><ProductKey>B</ProductKey></component>"
      "</settings></unattend>",
      "a.xml");
  ASSERT_TRUE(parsed.ok());
  AnswerFile file = std::move(*parsed);
  const SettingAddress address{"specialize", "Microsoft-Windows-Shell-Setup", "ProductKey"};
  EXPECT_EQ(file.find(address, "amd64"), nullptr);
  ASSERT_TRUE(file.set_setting(address, "C", "amd64"));
  EXPECT_NE(file.text().find("processorArchitecture=\"wow64\"><ProductKey>A</ProductKey>"),
            std::string::npos);
  EXPECT_NE(file.text().find("processorArchitecture=\"x86\"><ProductKey>B</ProductKey>"),
            std::string::npos);
  ASSERT_NE(file.find(address, "amd64"), nullptr);
  EXPECT_EQ(file.find(address, "amd64")->text, "C");
  EXPECT_EQ(file.components().size(), 3u);
}

TEST(AnswerFile, WritesIntoAComponentWithoutProcessorArchitecture) {
  auto parsed = AnswerFile::parse(
      "<unattend xmlns=\"urn:schemas-microsoft-com:unattend\"><settings pass=\"specialize\">"
      "<component name=\"Microsoft-Windows-Shell-Setup\"><ProductKey>A</ProductKey></component>"
      "</settings></unattend>",
      "a.xml");
  ASSERT_TRUE(parsed.ok());
  AnswerFile file = std::move(*parsed);
  ASSERT_TRUE(file.set_setting({"specialize", "Microsoft-Windows-Shell-Setup", "ProductKey"}, "C",
                               "amd64"));
  EXPECT_EQ(file.components().size(), 1u);
  EXPECT_NE(file.text().find("<ProductKey>C</ProductKey>"), std::string::npos);
}

}  // namespace
}  // namespace kmsprep
