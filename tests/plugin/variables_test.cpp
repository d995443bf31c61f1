#include "plugin/variables.hpp"

#include <gtest/gtest.h>

namespace kmsprep {
namespace {

EnvironmentLookup fake_environment(std::map<std::string, std::string> values) {
  return [values](const std::string& name) -> std::optional<std::string> {
    auto found = values.find(name);
    if (found == values.end()) return std::nullopt;
    return found->second;
  };
}

TEST(Variables, PrefersOutputsThenCommandLineThenPrefixedThenPlainEnvironmentThenDefaults) {
  Variables variables({{"KMSHost", "from-var"}},
                      fake_environment({{"KMSPREP_KMSHost", "from-prefixed"},
                                        {"KMSHost", "from-plain"},
                                        {"KMSPort", "1688"},
                                        {"KMSPREP_SkipRearm", "true"},
                                        {"SkipRearm", "false"}}));
  EXPECT_EQ(variables.get("KMSHost"), "from-var");
  EXPECT_EQ(variables.get("SkipRearm"), "true");
  EXPECT_EQ(variables.get("KMSPort"), "1688");
  variables.set_output("KMSHost", "from-output");
  EXPECT_EQ(variables.get("KMSHost"), "from-output");
  // As ConfigMgr's action variables: a step's default applies only where nothing set the name.
  const VariableMap defaults = {{"KMSHost", "from-defaults"}, {"CaptureName", "default-name"}};
  EXPECT_EQ(variables.get("KMSHost", &defaults), "from-output");
  EXPECT_EQ(variables.get("CaptureName", &defaults), "default-name");
  EXPECT_EQ(variables.get("Missing"), std::nullopt);
}

TEST(Variables, IgnoresLetterCaseOfNamesOutsideTheEnvironment) {
  Variables variables({{"kmshost", "a"}}, fake_environment({}));
  EXPECT_EQ(variables.get("KMSHost"), "a");
  variables.set_output("IMAGEPATH", "x.wim");
  EXPECT_EQ(variables.get("ImagePath"), "x.wim");
}

TEST(Variables, ParsesAssignmentsAndRefusesBadNames) {
  auto parsed = parse_variable_assignments({"A=1", "B=x=y", "C=", "A=2"});
  ASSERT_TRUE(parsed) << parsed.error().to_string();
  EXPECT_EQ(parsed->at("A"), "2");
  EXPECT_EQ(parsed->at("B"), "x=y");
  EXPECT_EQ(parsed->at("C"), "");
  EXPECT_FALSE(parse_variable_assignment("no-equals"));
  EXPECT_FALSE(parse_variable_assignment("1A=b"));
  EXPECT_FALSE(parse_variable_assignment("A B=c"));
}

TEST(Variables, MasksProductKeyValues) {
  EXPECT_EQ(loggable_value("ProductKey", "W269N-WFGWX-YVC9B-4J6C9-T83GX"),
            "*****-*****-*****-*****-T83GX");
  EXPECT_EQ(loggable_value("productkey", "not a key"), "(hidden)");
  EXPECT_EQ(loggable_value("KMSHost", "kms.example"), "kms.example");
}

TEST(Variables, ParsesBooleans) {
  EXPECT_TRUE(*parse_boolean_variable("X", "TRUE"));
  EXPECT_TRUE(*parse_boolean_variable("X", "yes"));
  EXPECT_FALSE(*parse_boolean_variable("X", "0"));
  EXPECT_FALSE(parse_boolean_variable("X", "maybe"));
}

TEST(Variables, PutsGlobalsBelowEverythingSetOutsideTheFileAndAboveStepDefaults) {
  Variables variables({{"Site", "from-var"}}, fake_environment({{"Plain", "from-env"}}));
  variables.set_sequence_globals({{"Site", "global"}, {"Plain", "global"}, {"Only", "global"}});
  const VariableMap defaults = {{"Only", "default"}, {"Other", "default"}};
  EXPECT_EQ(variables.get("Site", &defaults), "from-var");
  EXPECT_EQ(variables.get("Plain", &defaults), "from-env");
  EXPECT_EQ(variables.get("Only", &defaults), "global");
  EXPECT_EQ(variables.get("Other", &defaults), "default");
}

TEST(Variables, FindsConfigMgrSpellingsOfTheSameVariable) {
  Variables variables(
      {{"OSDProductKey", "W269N-WFGWX-YVC9B-4J6C9-T83GX"}, {"OSDImageName", "Reference"}},
      fake_environment({{"OSDCaptureDestination", "/out/ref.wim"}}));
  EXPECT_EQ(variables.get("ProductKey"), "W269N-WFGWX-YVC9B-4J6C9-T83GX");
  EXPECT_EQ(variables.get("CaptureName"), "Reference");
  EXPECT_EQ(variables.get("CaptureDestination"), "/out/ref.wim");
  const VariableMap defaults = {{"CaptureDescription", "ours"}};
  EXPECT_EQ(variables.get("OSDImageDescription", &defaults), "ours");
  // Within one layer our spelling wins; a higher layer wins over either spelling below it.
  variables.set_output("CaptureName", "from-output");
  EXPECT_EQ(variables.get("OSDImageName"), "from-output");
  EXPECT_EQ(loggable_value("OSDProductKey", "W269N-WFGWX-YVC9B-4J6C9-T83GX"),
            "*****-*****-*****-*****-T83GX");
  EXPECT_FALSE(configmgr_alias("KMSHost"));
}

}  // namespace
}  // namespace kmsprep
