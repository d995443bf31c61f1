#include "plugin/task_sequence.hpp"

#include <gtest/gtest.h>

#include "tests/support/result_assertions.hpp"

namespace kmsprep {
namespace {

EnvironmentLookup no_environment() {
  return [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
}

constexpr const char* kFull = R"(<?xml version="1.0" encoding="utf-8"?>
<sequence version="3.00" name="Capture" description="the main job">
  <globalVarList><variable name="X" property="X">1</variable></globalVarList>
  <group name="Prepare" disable="false" continueOnError="true" description="d" expand="true">
    <step type="set-variable" name="Set host" disable="false" continueOnError="false"
          successCodeList="0 3010 5" description="x" startIn="" runIn="WinPEandFullOS">
      <defaultVarList>
        <variable name="VariableName" property="VariableName">KMSHost</variable>
        <variable name="VariableValue" property="VariableValue">kms.example</variable>
      </defaultVarList>
      <action>cscript.exe ZTISetVariable.wsf</action>
      <condition>
        <expression type="SMS_TaskSequence_VariableConditionExpression">
          <variable name="Variable">OSFamily</variable>
          <variable name="Operator">equals</variable>
          <variable name="Value">win10</variable>
        </expression>
      </condition>
    </step>
    <group name="Inner" disable="true">
      <step type="set-variable" name="Never"/>
    </group>
  </group>
  <step type="set-variable" continueOnError="TRUE" description="y"/>
</sequence>
)";

TEST(TaskSequence, ReadsGroupsStepsAttributesAndDefaultVariables) {
  auto sequence = parse_task_sequence(kFull, "ts.xml");
  ASSERT_TRUE(sequence) << sequence.error().to_string();
  ASSERT_EQ(sequence->items.size(), 2u);
  const SequenceItem& group = sequence->items[0];
  EXPECT_EQ(group.kind, SequenceItem::Kind::group);
  EXPECT_EQ(group.name, "Prepare");
  EXPECT_TRUE(group.continue_on_error);
  EXPECT_FALSE(group.disabled);
  EXPECT_EQ(group.line, 4);
  ASSERT_EQ(group.children.size(), 2u);
  const SequenceItem& step = group.children[0];
  EXPECT_EQ(step.kind, SequenceItem::Kind::step);
  EXPECT_EQ(step.type, "set-variable");
  EXPECT_EQ(step.name, "Set host");
  EXPECT_EQ(step.success_codes, (std::vector<int32_t>{0, 3010, 5}));
  EXPECT_EQ(step.defaults.at("variablename"), "KMSHost");
  EXPECT_EQ(step.defaults.at("VariableValue"), "kms.example");
  ASSERT_TRUE(step.condition);
  EXPECT_EQ(describe_condition(*step.condition), "OSFamily equals \"win10\"");
  EXPECT_TRUE(group.children[1].disabled);
  const SequenceItem& last = sequence->items[1];
  EXPECT_EQ(last.name, "set-variable");
  EXPECT_TRUE(last.continue_on_error);
  EXPECT_EQ(last.success_codes, (std::vector<int32_t>{0, 3010}));
}

TEST(TaskSequence, WarnsOncePerIgnoredKindWithItsFirstLine) {
  auto sequence = parse_task_sequence(kFull, "ts.xml");
  ASSERT_TRUE(sequence);
  const std::vector<std::string> expected = {
      "ts.xml:2: ignored attribute version of <sequence> (not supported by kmsprep)",
      "ts.xml:2: ignored attribute name of <sequence> (not supported by kmsprep)",
      "ts.xml:2: ignored attribute description of <sequence> (not supported by kmsprep)",
      "ts.xml:4: ignored attribute description of <group> (not supported by kmsprep)",
      "ts.xml:4: ignored attribute expand of <group> (not supported by kmsprep)",
      "ts.xml:5: ignored attribute description of <step> (not supported by kmsprep; 2 "
      "occurrences)",
      "ts.xml:5: ignored attribute startIn of <step> (not supported by kmsprep)",
      "ts.xml:5: ignored attribute runIn of <step> (not supported by kmsprep)",
      "ts.xml:11: ignored element <action> in <step> (not supported by kmsprep)",
  };
  EXPECT_EQ(sequence->warnings, expected);
}

TEST(TaskSequence, ReportsMalformedXmlWithItsLine) {
  auto sequence = parse_task_sequence("<sequence>\n<step type=\"a\">\n</sequence>\n", "bad.xml");
  ASSERT_FALSE(sequence);
  EXPECT_EQ(sequence.error().code(), ErrorCode::xml_malformed);
  EXPECT_EQ(sequence.error().kind(), ErrorKind::bad_input);
  EXPECT_EQ(sequence.error().location(), "bad.xml:3");
}

TEST(TaskSequence, RefusesDoctype) {
  auto sequence = parse_task_sequence(
      "<?xml version=\"1.0\"?>\n<!DOCTYPE sequence [<!ENTITY x \"y\">]>\n<sequence/>\n", "dtd.xml");
  ASSERT_FALSE(sequence);
  EXPECT_EQ(sequence.error().code(), ErrorCode::xml_doctype_forbidden);
  EXPECT_EQ(sequence.error().location(), "dtd.xml:2");
}

TEST(TaskSequence, RefusesOtherRootStepWithoutTypeUnderStrictAndBadValues) {
  EXPECT_EQ(parse_task_sequence("<ts/>", "a.xml").error().code(), ErrorCode::sequence_malformed);
  // MDT writes many steps without a type: refused only under --strict, as before MDT files.
  EXPECT_TRUE(parse_task_sequence("<sequence>\n<step name=\"x\"/></sequence>", "a.xml"));
  EXPECT_EQ(parse_task_sequence("<sequence>\n<step name=\"x\"/></sequence>", "a.xml",
                                SequenceRules{nullptr, true})
                .error()
                .location(),
            "a.xml:2");
  EXPECT_FALSE(
      parse_task_sequence("<sequence><step type=\"a\" disable=\"maybe\"/></sequence>", "a.xml"));
  EXPECT_FALSE(parse_task_sequence(
      "<sequence><step type=\"a\" successCodeList=\"0 x\"/></sequence>", "a.xml"));
}

TEST(TaskSequence, RefusesConditionsItCannotEvaluateOnlyUnderStrictAndUnknownOperatorsAlways) {
  const char* wmi = R"(<sequence><step type="a"><condition>
    <expression type="SMS_TaskSequence_WMIConditionExpression"/></condition></step></sequence>)";
  EXPECT_TRUE(parse_task_sequence(wmi, "a.xml"));
  EXPECT_EQ(parse_task_sequence(wmi, "a.xml", SequenceRules{nullptr, true}).error().code(),
            ErrorCode::sequence_malformed);
  const char* between = R"(<sequence><step type="a"><condition>
    <expression type="SMS_TaskSequence_VariableConditionExpression">
      <variable name="Variable">A</variable><variable name="Operator">between</variable>
    </expression></condition></step></sequence>)";
  auto refused = parse_task_sequence(between, "a.xml");
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().to_string().find("between"), std::string::npos);
}

TEST(TaskSequence, ReadsUtf16WithBom) {
  const std::string utf8 = "<sequence><step type=\"set-variable\"/></sequence>";
  std::string utf16 = "\xFF\xFE";
  for (char c : utf8) {
    utf16 += c;
    utf16 += '\0';
  }
  auto sequence = parse_task_sequence(utf16, "u16.xml");
  ASSERT_TRUE(sequence) << sequence.error().to_string();
  EXPECT_EQ(sequence->items.at(0).type, "set-variable");
}

Condition parse_condition(const std::string& inner) {
  auto sequence = parse_task_sequence(
      "<sequence><step type=\"a\"><condition>" + inner + "</condition></step></sequence>", "c.xml");
  REQUIRE_OK(sequence);
  return *sequence->items.at(0).condition;
}

std::string expression(const std::string& variable, const std::string& op,
                       const std::string& value = "") {
  return "<expression type=\"SMS_TaskSequence_VariableConditionExpression\">"
         "<variable name=\"Variable\">" +
         variable +
         "</variable>"
         "<variable name=\"Operator\">" +
         op +
         "</variable>"
         "<variable name=\"Value\">" +
         value + "</variable></expression>";
}

TEST(TaskSequence, EvaluatesEqualsNotEqualsAndExists) {
  Variables variables({{"OSFamily", "Win10"}, {"Empty", ""}}, no_environment());
  EXPECT_TRUE(
      evaluate_condition(parse_condition(expression("OSFamily", "equals", "win10")), variables));
  EXPECT_FALSE(
      evaluate_condition(parse_condition(expression("OSFamily", "notEquals", "WIN10")), variables));
  EXPECT_TRUE(
      evaluate_condition(parse_condition(expression("Missing", "notEquals", "x")), variables));
  EXPECT_TRUE(evaluate_condition(parse_condition(expression("OSFamily", "exists")), variables));
  EXPECT_FALSE(evaluate_condition(parse_condition(expression("Empty", "exists")), variables));
  EXPECT_FALSE(evaluate_condition(parse_condition(expression("Missing", "exists")), variables));
}

TEST(TaskSequence, EvaluatesSeveralExpressionsAsAllAndOperators) {
  Variables variables({{"A", "1"}, {"B", "2"}}, no_environment());
  EXPECT_FALSE(evaluate_condition(
      parse_condition(expression("A", "equals", "1") + expression("B", "equals", "3")), variables));
  EXPECT_TRUE(
      evaluate_condition(parse_condition("<operator type=\"or\">" + expression("A", "equals", "9") +
                                         expression("B", "equals", "2") + "</operator>"),
                         variables));
  EXPECT_TRUE(evaluate_condition(
      parse_condition("<operator type=\"not\">" + expression("A", "equals", "9") + "</operator>"),
      variables));
}

TEST(TaskSequence, ChecksStepTypesAgainstTheRegistry) {
  StepRegistry registry;
  auto sequence = parse_task_sequence(
      "<sequence>\n<group name=\"g\">\n<step type=\"set-variable\"/>\n"
      "<step type=\"no-such-step\"/></group></sequence>",
      "t.xml");
  ASSERT_TRUE(sequence);
  auto checked = check_step_types(*sequence, registry);
  ASSERT_FALSE(checked);
  EXPECT_EQ(checked.error().code(), ErrorCode::step_unknown);
  EXPECT_EQ(checked.error().kind(), ErrorKind::bad_input);
  EXPECT_EQ(checked.error().location(), "t.xml:4");
}

TEST(TaskSequence, ReadsMdtOperatorNamesInAnyLetterCase) {
  Variables variables({{"Memory", "2048"}, {"Model", "Virtual Machine"}, {"Site", "HQ"}},
                      no_environment());
  auto check = [&](const std::string& variable, const std::string& op, const std::string& value) {
    return evaluate_condition(parse_condition(expression(variable, op, value)), variables);
  };
  EXPECT_TRUE(check("Site", "Equals", "hq"));
  EXPECT_TRUE(check("Site", "NOTEQUALS", "Branch"));
  // Integers compare as numbers: 2048 > 512 although "2048" < "512" as text.
  EXPECT_TRUE(check("Memory", "greater", "512"));
  EXPECT_TRUE(check("Memory", "GreaterEqual", "2048"));
  EXPECT_FALSE(check("Memory", "less", "512"));
  EXPECT_TRUE(check("Memory", "lessequal", "2048"));
  EXPECT_FALSE(check("Site", "less", "Branchless"));
  EXPECT_TRUE(check("Model", "like", "virtual*"));
  EXPECT_TRUE(check("Model", "Like", "%Mach?ne"));
  EXPECT_FALSE(check("Model", "like", "Physical%"));
  EXPECT_TRUE(check("Missing", "notExists", ""));
  EXPECT_FALSE(check("Site", "NotExists", ""));
  EXPECT_EQ(describe_condition(parse_condition(expression("Site", "NOTEQUALS", "x"))),
            "Site notEquals \"x\"");
}

std::string wmi_expression() {
  return "<expression type=\"SMS_TaskSequence_WMIConditionExpression\">"
         "<variable name=\"Namespace\">root\\cimv2</variable>"
         "<variable name=\"Query\">SELECT * FROM Win32_ComputerSystem WHERE Model LIKE "
         "'%Virtual%'</variable></expression>";
}

TEST(TaskSequence, AConditionItCannotEvaluateDecidesOnlyWhenTheOthersDoNot) {
  Variables variables({{"A", "1"}}, no_environment());
  auto truth_of = [&](const std::string& inner) {
    return evaluate_condition_here(parse_condition(inner), variables).truth;
  };
  EXPECT_EQ(truth_of(wmi_expression()), Truth::unknown);
  EXPECT_EQ(truth_of(expression("A", "equals", "2") + wmi_expression()), Truth::fails);
  EXPECT_EQ(truth_of(expression("A", "equals", "1") + wmi_expression()), Truth::unknown);
  EXPECT_EQ(truth_of("<operator type=\"or\">" + expression("A", "equals", "1") + wmi_expression() +
                     "</operator>"),
            Truth::holds);
  EXPECT_EQ(truth_of("<operator type=\"not\">" + wmi_expression() + "</operator>"), Truth::unknown);
  // ConfigMgr's "if none": not with several children holds when none of them does.
  EXPECT_EQ(truth_of("<operator type=\"NOT\">" + expression("A", "equals", "2") +
                     expression("A", "equals", "3") + "</operator>"),
            Truth::holds);
  const ConditionResult wmi = evaluate_condition_here(parse_condition(wmi_expression()), variables);
  EXPECT_EQ(wmi.unknown_because,
            "WMI query \"SELECT * FROM Win32_ComputerSystem WHERE Model LIKE '%Virtual%'\"");
  const ConditionResult registry = evaluate_condition_here(
      parse_condition("<expression type=\"SMS_TaskSequence_RegistryConditionExpression\">"
                      "<variable name=\"KeyPath\">HKEY_LOCAL_MACHINE\\SOFTWARE\\Contoso</variable>"
                      "<variable name=\"Operator\">equals</variable>"
                      "<variable name=\"Type\">REG_SZ</variable>"
                      "<variable name=\"Value\">Build</variable>"
                      "<variable name=\"Data\">7</variable></expression>"),
      variables);
  EXPECT_EQ(registry.truth, Truth::unknown);
  EXPECT_EQ(registry.unknown_because,
            "registry value \"HKEY_LOCAL_MACHINE\\SOFTWARE\\Contoso\\Build\" equals \"7\"");
}

TEST(TaskSequence, AnswersFileConditionsThroughTheProbe) {
  Variables variables({}, no_environment());
  const Condition file = parse_condition(
      "<expression type=\"SMS_TaskSequence_FileConditionExpression\">"
      "<variable name=\"Path\">%SystemRoot%\\System32\\slmgr.vbs</variable></expression>");
  std::string asked;
  const ImageEntryProbe probe = [&asked](const std::string& path, bool folder) {
    asked = path + (folder ? " (folder)" : " (file)");
    return ConditionResult{Truth::holds, {}};
  };
  EXPECT_EQ(evaluate_condition_here(file, variables, probe).truth, Truth::holds);
  EXPECT_EQ(asked, "%SystemRoot%\\System32\\slmgr.vbs (file)");
  EXPECT_EQ(evaluate_condition_here(file, variables).truth, Truth::unknown);
  const Condition versioned = parse_condition(
      "<expression type=\"SMS_TaskSequence_FileConditionExpression\">"
      "<variable name=\"Path\">C:\\Windows\\System32\\slmgr.vbs</variable>"
      "<variable name=\"VersionOperator\">greaterEqual</variable>"
      "<variable name=\"Version\">10.0.0.0</variable></expression>");
  EXPECT_EQ(evaluate_condition_here(versioned, variables, probe).truth, Truth::unknown);
}

TEST(TaskSequence, SeedsGlobalsFromGlobalVarListSkippingEmptyValues) {
  auto sequence = parse_task_sequence(
      "<sequence version=\"3.00\"><globalVarList>"
      "<variable name=\"OSGUID\" property=\"OSGUID\">{1}</variable>"
      "<variable name=\"DestinationOSRefresh\" property=\"DestinationOSRefresh\"></variable>"
      "</globalVarList></sequence>",
      "g.xml");
  ASSERT_TRUE(sequence) << sequence.error().to_string();
  EXPECT_EQ(sequence->globals.size(), 1u);
  EXPECT_EQ(sequence->globals.at("osguid"), "{1}");
}

TEST(TaskSequence, AcceptsExactly32NestedGroupsAndRefuses33) {
  auto nested = [](int groups) {
    std::string text = "<sequence>";
    for (int i = 0; i < groups; ++i) text += "<group name=\"g" + std::to_string(i) + "\">";
    text += "<step type=\"set-variable\"/>";
    for (int i = 0; i < groups; ++i) text += "</group>";
    return text + "</sequence>";
  };
  auto accepted = parse_task_sequence(nested(32), "deep.xml");
  ASSERT_TRUE(accepted) << accepted.error().to_string();
  auto refused = parse_task_sequence(nested(33), "deep.xml");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), ErrorCode::xml_too_deep);
}

TEST(TaskSequence, ReportsEveryProblemOfTheFileAtOnceWithItsLine) {
  StepRegistry registry;
  const std::string text =
      "<sequence>\n"
      "<step type=\"set-variable\" disable=\"yes\"/>\n"
      "<step type=\"set-variable\"><condition>\n"
      "<expression type=\"SMS_TaskSequence_VariableConditionExpression\">\n"
      "<variable name=\"Variable\">A</variable><variable name=\"Operator\">between</variable>\n"
      "</expression></condition></step>\n"
      "<step type=\"instal-key\"/>\n"
      "</sequence>\n";
  auto refused = parse_task_sequence(text, "three.xml", SequenceRules{&registry, false});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), ErrorCode::sequence_problems);
  EXPECT_EQ(refused.error().kind(), ErrorKind::bad_input);
  const std::string message = refused.error().to_string();
  EXPECT_NE(message.find("3 problems in three.xml"), std::string::npos) << message;
  EXPECT_NE(message.find("disable=\"yes\""), std::string::npos) << message;
  EXPECT_NE(message.find("[at three.xml:2]"), std::string::npos) << message;
  EXPECT_NE(message.find("\"between\""), std::string::npos) << message;
  EXPECT_NE(message.find("[at three.xml:4]"), std::string::npos) << message;
  EXPECT_NE(message.find("E804"), std::string::npos) << message;
  EXPECT_NE(message.find("[at three.xml:7]"), std::string::npos) << message;
}

TEST(TaskSequence, KeepsMdtAndConfigMgrStepsUnlessStrict) {
  StepRegistry registry;
  const std::string text =
      "<sequence>\n<step type=\"BDD_Gather\" name=\"Gather\"/>\n"
      "<step name=\"Check BIOS\"><action>cscript.exe ZTIBIOSCheck.wsf</action></step>\n"
      "<step type=\"SMS_TaskSequence_RunCommandLineAction\" name=\"Run\"/>\n</sequence>";
  auto kept = parse_task_sequence(text, "mdt.xml", SequenceRules{&registry, false});
  ASSERT_TRUE(kept) << kept.error().to_string();
  ASSERT_EQ(kept->items.size(), 3u);
  EXPECT_EQ(kept->items[1].type, "");
  EXPECT_EQ(kept->items[1].name, "Check BIOS");
  auto strict = parse_task_sequence(text, "mdt.xml", SequenceRules{&registry, true});
  ASSERT_FALSE(strict);
  const std::string message = strict.error().to_string();
  EXPECT_NE(message.find("3 problems"), std::string::npos) << message;
  for (const char* where : {"[at mdt.xml:2]", "[at mdt.xml:3]", "[at mdt.xml:4]"}) {
    EXPECT_NE(message.find(where), std::string::npos) << where << " in " << message;
  }
  EXPECT_TRUE(is_foreign_step_type("bdd_InstallOS"));
  EXPECT_FALSE(is_foreign_step_type("instal-key"));
}

}  // namespace
}  // namespace kmsprep
