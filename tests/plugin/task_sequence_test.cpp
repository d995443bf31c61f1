#include "plugin/task_sequence.hpp"

#include <gtest/gtest.h>

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
      "ts.xml:3: ignored element <globalVarList> in <sequence> (not supported by kmsprep)",
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
      "<?xml version=\"1.0\"?>\n<!DOCTYPE sequence [<!ENTITY x \"y\">]>\n<sequence/>\n",
      "dtd.xml");
  ASSERT_FALSE(sequence);
  EXPECT_EQ(sequence.error().code(), ErrorCode::xml_doctype_forbidden);
  EXPECT_EQ(sequence.error().location(), "dtd.xml:2");
}

TEST(TaskSequence, RefusesOtherRootStepWithoutTypeAndBadValues) {
  EXPECT_EQ(parse_task_sequence("<ts/>", "a.xml").error().code(), ErrorCode::sequence_malformed);
  EXPECT_EQ(parse_task_sequence("<sequence>\n<step name=\"x\"/></sequence>", "a.xml")
                .error()
                .location(),
            "a.xml:2");
  EXPECT_FALSE(parse_task_sequence("<sequence><step type=\"a\" disable=\"maybe\"/></sequence>",
                                   "a.xml"));
  EXPECT_FALSE(parse_task_sequence(
      "<sequence><step type=\"a\" successCodeList=\"0 x\"/></sequence>", "a.xml"));
}

TEST(TaskSequence, RefusesConditionsItCannotEvaluate) {
  const char* wmi = R"(<sequence><step type="a"><condition>
    <expression type="SMS_TaskSequence_WMIConditionExpression"/></condition></step></sequence>)";
  EXPECT_EQ(parse_task_sequence(wmi, "a.xml").error().code(), ErrorCode::sequence_malformed);
  const char* greater = R"(<sequence><step type="a"><condition>
    <expression type="SMS_TaskSequence_VariableConditionExpression">
      <variable name="Variable">A</variable><variable name="Operator">greater</variable>
    </expression></condition></step></sequence>)";
  auto refused = parse_task_sequence(greater, "a.xml");
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().to_string().find("greater"), std::string::npos);
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
      "<sequence><step type=\"a\"><condition>" + inner + "</condition></step></sequence>",
      "c.xml");
  EXPECT_TRUE(sequence) << sequence.error().to_string();
  return *sequence->items.at(0).condition;
}

std::string expression(const std::string& variable, const std::string& op,
                       const std::string& value = "") {
  return "<expression type=\"SMS_TaskSequence_VariableConditionExpression\">"
         "<variable name=\"Variable\">" + variable + "</variable>"
         "<variable name=\"Operator\">" + op + "</variable>"
         "<variable name=\"Value\">" + value + "</variable></expression>";
}

TEST(TaskSequence, EvaluatesEqualsNotEqualsAndExists) {
  Variables variables({{"OSFamily", "Win10"}, {"Empty", ""}}, no_environment());
  EXPECT_TRUE(evaluate_condition(parse_condition(expression("OSFamily", "equals", "win10")),
                                 variables));
  EXPECT_FALSE(evaluate_condition(parse_condition(expression("OSFamily", "notEquals", "WIN10")),
                                  variables));
  EXPECT_TRUE(evaluate_condition(parse_condition(expression("Missing", "notEquals", "x")),
                                 variables));
  EXPECT_TRUE(evaluate_condition(parse_condition(expression("OSFamily", "exists")), variables));
  EXPECT_FALSE(evaluate_condition(parse_condition(expression("Empty", "exists")), variables));
  EXPECT_FALSE(evaluate_condition(parse_condition(expression("Missing", "exists")), variables));
}

TEST(TaskSequence, EvaluatesSeveralExpressionsAsAllAndOperators) {
  Variables variables({{"A", "1"}, {"B", "2"}}, no_environment());
  EXPECT_FALSE(evaluate_condition(
      parse_condition(expression("A", "equals", "1") + expression("B", "equals", "3")),
      variables));
  EXPECT_TRUE(evaluate_condition(
      parse_condition("<operator type=\"or\">" + expression("A", "equals", "9") +
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

}  // namespace
}  // namespace kmsprep
