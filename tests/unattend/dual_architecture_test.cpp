// Answer files with the same components for processorArchitecture="x86" and "amd64" side by
// side, as WDS client unattend files are written for the boot images of both architectures
// (tests/data/answer/wds-dual-architecture.xml): each architecture's settings are read from its
// own component, and an edit for one architecture changes that component's bytes only.
#include <gtest/gtest.h>

#include <string>

#include "tests/support/result_assertions.hpp"
#include "tests/support/test_support.hpp"
#include "unattend/answer_file.hpp"
#include "unattend/processor_architecture.hpp"

namespace kmsprep {
namespace {

const std::string kX86Key = "FJ82H-XT6CR-J8D7P-XQJJ2-GPDD4";    // in the x86 components
const std::string kAmd64Key = "33PXH-7Y6KF-2VJC9-XBBR8-HVTHH";  // in the amd64 components
const SettingAddress kSpecializeKey{"specialize", "Microsoft-Windows-Shell-Setup", "ProductKey"};
const SettingAddress kWindowsPeKey{"windowsPE", "Microsoft-Windows-Setup",
                                   "UserData/ProductKey/Key"};

std::string fixture_bytes() {
  return test::read_bytes(test::source_dir() / "tests/data/answer/wds-dual-architecture.xml");
}

AnswerFile dual_file() {
  return OK_VALUE(AnswerFile::parse(fixture_bytes(), "wds-dual-architecture.xml"));
}

// `after` is `before` with the one occurrence of `removed` replaced by `inserted`.
void expect_only_change(const std::string& before, const std::string& after,
                        const std::string& removed, const std::string& inserted) {
  const size_t at = before.find(removed);
  ASSERT_NE(at, std::string::npos) << removed;
  ASSERT_EQ(before.find(removed, at + 1), std::string::npos) << removed << " is not unique";
  std::string expected = before;
  expected.replace(at, removed.size(), inserted);
  EXPECT_EQ(after, expected);
}

TEST(DualArchitectureAnswerFile, ReadsEachArchitecturesComponentOnItsOwn) {
  const AnswerFile file = dual_file();
  for (const auto* pass_and_name : {&kSpecializeKey, &kWindowsPeKey}) {
    const XmlElement* x86 =
        file.find_component(pass_and_name->pass, pass_and_name->component, "x86");
    const XmlElement* amd64 =
        file.find_component(pass_and_name->pass, pass_and_name->component, "amd64");
    ASSERT_NE(x86, nullptr) << pass_and_name->component;
    ASSERT_NE(amd64, nullptr) << pass_and_name->component;
    EXPECT_NE(x86->offset, amd64->offset);
    EXPECT_EQ(*x86->attribute("processorArchitecture"), "x86");
    EXPECT_EQ(*amd64->attribute("processorArchitecture"), "amd64");
  }
  for (const auto& address : {kSpecializeKey, kWindowsPeKey}) {
    const XmlElement* x86 = file.find(address, "x86");
    const XmlElement* amd64 = file.find(address, "amd64");
    ASSERT_NE(x86, nullptr) << address.path;
    ASSERT_NE(amd64, nullptr) << address.path;
    EXPECT_EQ(x86->text, kX86Key) << address.path;
    EXPECT_EQ(amd64->text, kAmd64Key) << address.path;
    // Each value's line is its own component's: the x86 components come first in the file.
    EXPECT_LT(x86->line, amd64->line);
  }
  // An architecture the file has no component for reads nothing, rather than another's key.
  EXPECT_EQ(file.find(kSpecializeKey, "arm64"), nullptr);

  size_t x86_components = 0, amd64_components = 0;
  for (const auto& component : file.components()) {
    if (component.architecture == "x86") ++x86_components;
    if (component.architecture == "amd64") ++amd64_components;
  }
  EXPECT_EQ(x86_components, 3u);
  EXPECT_EQ(amd64_components, 3u);
}

TEST(DualArchitectureAnswerFile, TheComponentsDoNotDecideTheArchitectureTheImageDoes) {
  const AnswerFile file = dual_file();
  EXPECT_FALSE(agreed_component_architecture(file).has_value());
  const auto x86 = choose_processor_architecture(std::nullopt, &file, std::string("0"));
  EXPECT_EQ(x86.architecture, "x86");
  EXPECT_EQ(x86.reason, "WIM WINDOWS/ARCH");
  const auto amd64 = choose_processor_architecture(std::nullopt, &file, std::string("9"));
  EXPECT_EQ(amd64.architecture, "amd64");
  EXPECT_EQ(amd64.reason, "WIM WINDOWS/ARCH");
}

TEST(DualArchitectureAnswerFile, AnEditForOneArchitectureChangesOnlyItsComponent) {
  const std::string before = fixture_bytes();
  const std::string new_key = "YFKBB-PQJJV-G996G-VWGXY-2V3X8";

  AnswerFile amd64 = dual_file();
  ASSERT_OK(amd64.set_setting(kSpecializeKey, new_key, "amd64"));
  expect_only_change(before, amd64.bytes(), "<ProductKey>" + kAmd64Key + "</ProductKey>",
                     "<ProductKey>" + new_key + "</ProductKey>");
  EXPECT_EQ(amd64.find(kSpecializeKey, "x86")->text, kX86Key);
  EXPECT_EQ(amd64.find(kSpecializeKey, "amd64")->text, new_key);

  AnswerFile x86 = dual_file();
  ASSERT_OK(x86.set_setting(kWindowsPeKey, new_key, "x86"));
  expect_only_change(before, x86.bytes(), "<Key>" + kX86Key + "</Key>",
                     "<Key>" + new_key + "</Key>");
  EXPECT_EQ(x86.find(kWindowsPeKey, "amd64")->text, kAmd64Key);

  // Both edited and read back from the written bytes: each architecture keeps its own value.
  ASSERT_OK(amd64.set_setting(kWindowsPeKey, new_key, "amd64"));
  const AnswerFile reread = OK_VALUE(AnswerFile::parse(amd64.bytes(), "reread.xml"));
  EXPECT_EQ(reread.find(kSpecializeKey, "amd64")->text, new_key);
  EXPECT_EQ(reread.find(kWindowsPeKey, "amd64")->text, new_key);
  EXPECT_EQ(reread.find(kSpecializeKey, "x86")->text, kX86Key);
  EXPECT_EQ(reread.find(kWindowsPeKey, "x86")->text, kX86Key);
}

// A setting neither architecture has yet is added to the edited architecture's component; the
// other architecture's component of the same name does not receive it.
TEST(DualArchitectureAnswerFile, ANewSettingGoesIntoTheEditedArchitecturesComponent) {
  AnswerFile file = dual_file();
  const SettingAddress time_zone{"specialize", "Microsoft-Windows-Shell-Setup", "TimeZone"};
  ASSERT_OK(file.set_setting(time_zone, "UTC", "x86"));
  const XmlElement* added = file.find(time_zone, "x86");
  ASSERT_NE(added, nullptr);
  EXPECT_EQ(added->text, "UTC");
  EXPECT_EQ(file.find(time_zone, "amd64"), nullptr);
  const XmlElement* x86 = file.find_component("specialize", "Microsoft-Windows-Shell-Setup", "x86");
  const XmlElement* amd64 =
      file.find_component("specialize", "Microsoft-Windows-Shell-Setup", "amd64");
  ASSERT_NE(x86, nullptr);
  ASSERT_NE(amd64, nullptr);
  EXPECT_GT(added->offset, x86->offset);
  EXPECT_LT(added->offset, amd64->offset);
  // Still one component per architecture: nothing was duplicated.
  size_t shell_setup = 0;
  for (const auto& component : file.components()) {
    if (component.name == "Microsoft-Windows-Shell-Setup") ++shell_setup;
  }
  EXPECT_EQ(shell_setup, 2u);
}

}  // namespace
}  // namespace kmsprep
