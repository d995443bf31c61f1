#include "plugin/task_sequence.hpp"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <map>
#include <pugixml.hpp>

#include "core/file_io.hpp"
#include "core/text.hpp"
#include "core/text_decoding.hpp"
#include "core/text_position.hpp"
#include "core/utf8_path.hpp"

namespace kmsprep {
namespace {

constexpr int kMaxDepth = 32;
constexpr uint64_t kMaxSequenceBytes = 16 * 1024 * 1024;
// A hostile file may hold millions of bad steps; the report names the first ones and counts
// the rest.
constexpr size_t kMaxReportedProblems = 100;
constexpr const char* kVariableExpression = "SMS_TaskSequence_VariableConditionExpression";
constexpr const char* kFileExpression = "SMS_TaskSequence_FileConditionExpression";
constexpr const char* kFolderExpression = "SMS_TaskSequence_FolderConditionExpression";
constexpr const char* kOperatingSystemGroup = "osConditionGroup";

// Numbers in a ts.xml may carry a '+' (MDT reads them with VBScript's CLng, which takes one);
// parse_integer does not, so it is dropped first.
std::string_view without_plus_sign(std::string_view text) {
  if (text.size() > 1 && text[0] == '+' && text[1] >= '0' && text[1] <= '9') text.remove_prefix(1);
  return text;
}

// MDT's operator names (SMS_TaskSequence_VariableConditionExpression.Operator) plus like.
constexpr const char* kOperators[] = {"equals",    "notEquals", "greater",   "greaterEqual", "less",
                                      "lessEqual", "exists",    "notExists", "like"};

bool starts_with_ignoring_case(const std::string& text, std::string_view prefix) {
  return text.size() >= prefix.size() &&
         equals_ignoring_case(std::string_view(text).substr(0, prefix.size()), prefix);
}

bool ends_with_ignoring_case(const std::string& text, std::string_view suffix) {
  return text.size() >= suffix.size() &&
         equals_ignoring_case(std::string_view(text).substr(text.size() - suffix.size()), suffix);
}

struct Problem {
  int line;
  Error error;
};

class Problems {
 public:
  explicit Problems(std::string source) : source_(std::move(source)) {}

  void add(int line, Error error) {
    ++count_;
    if (problems_.size() < kMaxReportedProblems) problems_.push_back({line, std::move(error)});
  }
  bool empty() const { return count_ == 0; }

  // One problem as itself (its code and location stay what a caller checks); several as E809.
  Error to_error() {
    std::stable_sort(problems_.begin(), problems_.end(),
                     [](const Problem& a, const Problem& b) { return a.line < b.line; });
    if (count_ == 1) return problems_.front().error;
    std::string detail = std::to_string(count_) + " problems in " + source_ + ":";
    for (const auto& problem : problems_) detail += "\n  " + problem.error.to_string();
    if (count_ > problems_.size()) {
      detail += "\n  ... and " + std::to_string(count_ - problems_.size()) + " more";
    }
    return Error(ErrorCode::sequence_problems, detail, source_,
                 "fix each of them (the first is at line " +
                     std::to_string(problems_.front().line) + ") and run again");
  }

 private:
  std::string source_;
  std::vector<Problem> problems_;
  size_t count_ = 0;
};

class Parser {
 public:
  Parser(const std::string& text, std::string source, Problems& problems)
      : source_(std::move(source)), problems_(problems), lines_(text) {}

  // Lines only: a step is named by its line, which is what MDT's editors show.
  int line_of(ptrdiff_t offset) const {
    if (offset < 0) return 0;
    return lines_.line_of(static_cast<size_t>(offset));
  }
  int line_of(const pugi::xml_node& node) const { return line_of(node.offset_debug()); }
  std::string where(const pugi::xml_node& node) const {
    return source_ + ":" + std::to_string(line_of(node));
  }

  void malformed(const pugi::xml_node& node, const std::string& detail, std::string hint = {}) {
    problems_.add(line_of(node),
                  Error(ErrorCode::sequence_malformed, detail, where(node), std::move(hint)));
  }

  // One warning per kind of ignored element or attribute, with its first line and a count.
  void ignore(const std::string& what, const pugi::xml_node& node) {
    auto [it, inserted] = ignored_.try_emplace(what, Ignored{line_of(node), 0, order_});
    if (inserted) ++order_;
    ++it->second.count;
  }

  std::vector<std::string> warnings() const {
    std::vector<std::pair<int, std::string>> ordered;
    for (const auto& [what, ignored] : ignored_) {
      std::string text = source_ + ":" + std::to_string(ignored.first_line) + ": ignored " + what +
                         " (not supported by kmsprep";
      if (ignored.count > 1) text += "; " + std::to_string(ignored.count) + " occurrences";
      ordered.emplace_back(ignored.order, text + ")");
    }
    std::sort(ordered.begin(), ordered.end());
    std::vector<std::string> result;
    for (auto& entry : ordered) result.push_back(std::move(entry.second));
    return result;
  }

  bool boolean_attribute(const pugi::xml_node& node, const char* name) {
    const pugi::xml_attribute attribute = node.attribute(name);
    if (!attribute) return false;
    const std::string value = to_lower_ascii(attribute.value());
    if (value == "true") return true;
    if (value != "false") {
      malformed(node, std::string("attribute ") + name + "=\"" + attribute.value() + "\" of <" +
                          node.name() + "> is not true or false");
    }
    return false;
  }

  std::vector<int32_t> success_codes(const pugi::xml_node& step) {
    const pugi::xml_attribute attribute = step.attribute("successCodeList");
    if (!attribute) return {0, 3010};
    std::vector<int32_t> codes;
    const std::string text = attribute.value();
    size_t pos = 0;
    while ((pos = text.find_first_not_of(" \t\r\n", pos)) != std::string::npos) {
      const size_t end = std::min(text.find_first_of(" \t\r\n", pos), text.size());
      const std::string word = text.substr(pos, end - pos);
      const auto code = parse_integer<long long>(without_plus_sign(word), INT32_MIN, UINT32_MAX);
      if (!code) {
        malformed(step, "successCodeList \"" + text + "\" has \"" + word + "\", not a number",
                  "list the success codes separated by spaces, e.g. \"0 3010\"");
        return {0, 3010};
      }
      // Windows exit codes such as 0x80070005 are unsigned; keep their 32-bit pattern.
      codes.push_back(static_cast<int32_t>(static_cast<uint32_t>(*code)));
      pos = end;
    }
    if (codes.empty()) malformed(step, "successCodeList is empty", "e.g. \"0 3010\"");
    return codes.empty() ? std::vector<int32_t>{0, 3010} : codes;
  }

  // The <variable name="ROLE">VALUE</variable> children of an expression, by role.
  VariableMap expression_variables(const pugi::xml_node& node) {
    VariableMap values;
    for (const auto& child : node.children()) {
      if (child.type() != pugi::node_element) continue;
      if (std::string(child.name()) != "variable") {
        ignore("element <" + std::string(child.name()) + "> in <expression>", child);
        continue;
      }
      values[child.attribute("name").value()] = child.text().get();
    }
    return values;
  }

  std::optional<Condition> variable_expression(const pugi::xml_node& node, Condition condition) {
    condition.kind = Condition::Kind::variable;
    bool usable = true;
    for (const auto& [role, text] : expression_variables(node)) {
      if (equals_ignoring_case(role, "Variable")) {
        condition.variable = text;
      } else if (equals_ignoring_case(role, "Operator")) {
        condition.op = text;
      } else if (equals_ignoring_case(role, "Value")) {
        condition.value = text;
      } else {
        malformed(node, "condition <variable name=\"" + role + "\"> is unknown",
                  "use Variable, Operator and Value");
        usable = false;
      }
    }
    if (!is_valid_variable_name(condition.variable)) {
      malformed(node, "the condition names no valid variable (\"" + condition.variable + "\")",
                "<variable name=\"Variable\"> holds the task-sequence variable to test");
      usable = false;
    }
    const auto known =
        std::find_if(std::begin(kOperators), std::end(kOperators),
                     [&](const char* op) { return equals_ignoring_case(op, condition.op); });
    if (known == std::end(kOperators)) {
      malformed(node, "condition operator \"" + condition.op + "\" is not one of MDT's",
                "use equals, notEquals, greater, greaterEqual, less, lessEqual, exists, "
                "notExists or like (any letter case)");
      usable = false;
    } else {
      condition.op = *known;
    }
    if (!usable) return std::nullopt;
    return condition;
  }

  std::optional<Condition> typed_expression(const pugi::xml_node& node, Condition condition) {
    condition.expression_type = node.attribute("type").value();
    const std::string& type = condition.expression_type;
    if (equals_ignoring_case(type, kVariableExpression)) {
      return variable_expression(node, std::move(condition));
    }
    if (!starts_with_ignoring_case(type, "SMS_TaskSequence_") ||
        !ends_with_ignoring_case(type, "ConditionExpression")) {
      malformed(node, "condition type \"" + type + "\" is not an MDT or ConfigMgr expression",
                std::string("use ") + kVariableExpression + " or another " +
                    "SMS_TaskSequence_*ConditionExpression");
      return std::nullopt;
    }
    condition.properties = expression_variables(node);
    if (equals_ignoring_case(type, kFileExpression) ||
        equals_ignoring_case(type, kFolderExpression)) {
      condition.kind = equals_ignoring_case(type, kFileExpression) ? Condition::Kind::file
                                                                   : Condition::Kind::folder;
      const auto path = condition.properties.find("Path");
      if (path == condition.properties.end() || path->second.empty()) {
        malformed(node,
                  "the " +
                      std::string(condition.kind == Condition::Kind::file ? "file" : "folder") +
                      " condition names no Path",
                  "<variable name=\"Path\"> holds the path to test");
        return std::nullopt;
      }
    } else {
      condition.kind = Condition::Kind::foreign;
    }
    return condition;
  }

  std::optional<Condition> expression(const pugi::xml_node& node, int depth) {
    if (depth > kMaxDepth) {
      problems_.add(line_of(node), Error(ErrorCode::xml_too_deep,
                                         "condition operators nested deeper than 32", where(node)));
      return std::nullopt;
    }
    Condition condition;
    condition.line = line_of(node);
    const std::string name = node.name();
    if (name == "expression") return typed_expression(node, std::move(condition));
    if (name == kOperatingSystemGroup) {
      // ConfigMgr's "Operating System Version" condition: the OS the step runs on.
      condition.kind = Condition::Kind::foreign;
      condition.expression_type = kOperatingSystemGroup;
      std::string names;
      for (const auto& child : node.children("osExpressionGroup")) {
        names += (names.empty() ? "" : ", ") + std::string(child.attribute("name").value());
      }
      condition.properties["Name"] = names;
      return condition;
    }
    if (name != "operator") {
      malformed(node, "<" + name + "> inside a condition is not supported",
                "use <expression> and <operator type=\"and|or|not\">");
      return std::nullopt;
    }
    const std::string type = to_lower_ascii(node.attribute("type").value());
    if (type == "and") {
      condition.kind = Condition::Kind::all;
    } else if (type == "or") {
      condition.kind = Condition::Kind::any;
    } else if (type == "not") {
      condition.kind = Condition::Kind::negate;
    } else {
      malformed(node,
                "condition operator type=\"" + std::string(node.attribute("type").value()) +
                    "\" is not supported",
                "use and, or or not");
      return std::nullopt;
    }
    for (const auto& child : node.children()) {
      if (child.type() != pugi::node_element) continue;
      if (auto inner = expression(child, depth + 1))
        condition.children.push_back(std::move(*inner));
    }
    return condition;
  }

  Condition condition(const pugi::xml_node& node) {
    Condition all;
    all.kind = Condition::Kind::all;
    all.line = line_of(node);
    for (const auto& child : node.children()) {
      if (child.type() != pugi::node_element) continue;
      if (auto inner = expression(child, 1)) all.children.push_back(std::move(*inner));
    }
    return all;
  }

  // <defaultVarList> and <globalVarList>: <variable name="N" property="P">VALUE</variable>.
  void variable_list(const pugi::xml_node& list, VariableMap& variables, bool skip_empty) {
    const std::string element = list.name();
    for (const auto& attribute : list.attributes()) {
      ignore("attribute " + std::string(attribute.name()) + " of <" + element + ">", list);
    }
    for (const auto& child : list.children()) {
      if (child.type() != pugi::node_element) continue;
      if (std::string(child.name()) != "variable") {
        ignore("element <" + std::string(child.name()) + "> in <" + element + ">", child);
        continue;
      }
      for (const auto& attribute : child.attributes()) {
        const std::string attribute_name = attribute.name();
        if (attribute_name != "name" && attribute_name != "property") {
          ignore("attribute " + attribute_name + " of <variable>", child);
        }
      }
      const std::string name = child.attribute("name").value();
      if (!is_valid_variable_name(name)) {
        malformed(child,
                  "<variable name=\"" + name + "\"> in <" + element + "> is not a variable name",
                  "letters, digits and '_', not starting with a digit");
        continue;
      }
      const std::string value = child.text().get();
      // In ConfigMgr an empty value deletes a variable: a global without a value sets nothing.
      if (skip_empty && value.empty()) continue;
      variables[name] = value;
    }
  }

  std::optional<SequenceItem> item(const pugi::xml_node& node, int depth) {
    SequenceItem item;
    item.line = line_of(node);
    const std::string element = node.name();
    item.kind = element == "group" ? SequenceItem::Kind::group : SequenceItem::Kind::step;
    const bool is_step = item.kind == SequenceItem::Kind::step;
    // The limit counts groups: a step inside the 32nd group is within it.
    if (!is_step && depth > kMaxDepth) {
      problems_.add(item.line, Error(ErrorCode::xml_too_deep, "groups nested deeper than 32",
                                     where(node), "flatten the inner groups"));
      return std::nullopt;
    }
    for (const auto& attribute : node.attributes()) {
      const std::string name = attribute.name();
      const bool known = name == "name" || name == "disable" || name == "continueOnError" ||
                         (is_step && (name == "type" || name == "successCodeList"));
      if (!known) ignore("attribute " + name + " of <" + element + ">", node);
    }
    item.name = node.attribute("name").value();
    item.disabled = boolean_attribute(node, "disable");
    item.continue_on_error = boolean_attribute(node, "continueOnError");
    if (is_step) {
      item.type = node.attribute("type").value();
      if (item.name.empty()) item.name = item.type.empty() ? "(unnamed step)" : item.type;
      item.success_codes = success_codes(node);
    } else if (item.name.empty()) {
      item.name = "group";
    }
    for (const auto& child : node.children()) {
      if (child.type() != pugi::node_element) continue;
      const std::string name = child.name();
      if (name == "condition") {
        item.condition = condition(child);
      } else if (is_step && name == "defaultVarList") {
        variable_list(child, item.defaults, false);
      } else if (!is_step && (name == "group" || name == "step")) {
        if (auto inner = this->item(child, depth + 1)) item.children.push_back(std::move(*inner));
      } else {
        ignore("element <" + name + "> in <" + element + ">", child);
      }
    }
    return item;
  }

  std::optional<TaskSequence> sequence(const pugi::xml_document& document) {
    const pugi::xml_node root = document.document_element();
    if (!root || std::string(root.name()) != "sequence") {
      problems_.add(
          line_of(root),
          Error(ErrorCode::sequence_malformed,
                std::string("the root element is <") + root.name() + ">, not <sequence>",
                where(root), "a task sequence is MDT's ts.xml: <sequence><group>/<step>..."));
      return std::nullopt;
    }
    TaskSequence sequence;
    sequence.source = source_;
    for (const auto& attribute : root.attributes()) {
      ignore(std::string("attribute ") + attribute.name() + " of <sequence>", root);
    }
    for (const auto& child : root.children()) {
      if (child.type() != pugi::node_element) continue;
      const std::string name = child.name();
      if (name == "group" || name == "step") {
        if (auto parsed = item(child, 1)) sequence.items.push_back(std::move(*parsed));
      } else if (name == "globalVarList") {
        variable_list(child, sequence.globals, true);
      } else {
        ignore("element <" + name + "> in <sequence>", child);
      }
    }
    sequence.warnings = warnings();
    return sequence;
  }

 private:
  struct Ignored {
    int first_line;
    int count;
    int order;
  };
  std::string source_;
  Problems& problems_;
  LineIndex lines_;  // over the caller's text, which outlives the parser
  std::map<std::string, Ignored> ignored_;
  int order_ = 0;
};

std::string location(const std::string& source, int line) {
  return source + ":" + std::to_string(line);
}

void check_strict_condition(const Condition& condition, const std::string& source,
                            Problems& problems) {
  if (condition.kind == Condition::Kind::foreign) {
    problems.add(
        condition.line,
        Error(ErrorCode::sequence_malformed,
              "condition " + describe_condition(condition) + " cannot be evaluated here (--strict)",
              location(source, condition.line),
              "without --strict the step is skipped as \"cannot evaluate here\""));
  }
  for (const auto& child : condition.children) check_strict_condition(child, source, problems);
}

void check_items(const std::vector<SequenceItem>& items, const SequenceRules& rules,
                 const std::string& source, Problems& problems) {
  for (const auto& item : items) {
    if (rules.strict && item.condition) check_strict_condition(*item.condition, source, problems);
    if (item.kind == SequenceItem::Kind::group) {
      check_items(item.children, rules, source, problems);
      continue;
    }
    const std::string where = location(source, item.line);
    if (item.type.empty()) {
      if (rules.strict) {
        problems.add(item.line,
                     Error(ErrorCode::sequence_malformed,
                           "<step> \"" + item.name + "\" has no type (--strict)", where,
                           "type names a step; see `kmsprep steps`; without --strict it is "
                           "skipped as \"not runnable here\""));
      }
      continue;
    }
    if (!rules.registry || rules.registry->find(item.type)) continue;
    if (!is_foreign_step_type(item.type)) {
      problems.add(item.line,
                   Error(ErrorCode::step_unknown,
                         "step \"" + item.name + "\" has type \"" + item.type +
                             "\", which no built-in step or loaded plugin provides",
                         where, "`kmsprep steps --plugin-dir DIR` lists the step types"));
    } else if (rules.strict) {
      problems.add(item.line,
                   Error(ErrorCode::step_unknown,
                         "step \"" + item.name + "\" has type \"" + item.type +
                             "\", an MDT/ConfigMgr action kmsprep cannot run (--strict)",
                         where, "without --strict it is skipped as \"not runnable here\""));
    }
  }
}

// A condition's integer: up to 18 digits, so any two compare without overflow.
std::optional<long long> condition_integer(const std::string& text) {
  constexpr long long kLimit = 999999999999999999;
  return parse_integer<long long>(without_plus_sign(text), -kLimit, kLimit);
}

// Two integers compare as numbers ("10" > "9"), anything else as text ignoring letter case.
int compare_values(const std::string& left, const std::string& right) {
  const auto a = condition_integer(left);
  const auto b = condition_integer(right);
  if (a && b) return *a < *b ? -1 : (*a > *b ? 1 : 0);
  return to_lower_ascii(left).compare(to_lower_ascii(right));
}

// * and % match any run of characters, ? one; letter case is ignored. Iterative with one
// backtrack point, so a hostile pattern costs at most |text| * |pattern|.
bool like(const std::string& text_in, const std::string& pattern_in) {
  const std::string text = to_lower_ascii(text_in);
  const std::string pattern = to_lower_ascii(pattern_in);
  size_t t = 0, p = 0, star = std::string::npos, resume = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
      ++t;
      ++p;
    } else if (p < pattern.size() && (pattern[p] == '*' || pattern[p] == '%')) {
      star = p++;
      resume = t;
    } else if (star != std::string::npos) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && (pattern[p] == '*' || pattern[p] == '%')) ++p;
  return p == pattern.size();
}

bool holds(const Condition& condition, const std::string& value) {
  const std::string& op = condition.op;
  if (op == "exists") return !value.empty();
  if (op == "notExists") return value.empty();
  if (op == "like") return like(value, condition.value);
  const int order = compare_values(value, condition.value);
  if (op == "equals") return order == 0;
  if (op == "notEquals") return order != 0;
  if (op == "greater") return order > 0;
  if (op == "greaterEqual") return order >= 0;
  if (op == "less") return order < 0;
  return order <= 0;  // lessEqual
}

ConditionResult truth(bool value) { return {value ? Truth::holds : Truth::fails, {}}; }

ConditionResult evaluate(const Condition& condition, const Variables& variables,
                         const VariableMap* defaults, const ImageEntryProbe& probe) {
  switch (condition.kind) {
    case Condition::Kind::variable:
      return truth(holds(condition, variables.get(condition.variable, defaults).value_or("")));
    case Condition::Kind::all:
    case Condition::Kind::any:
    case Condition::Kind::negate: {
      // and: one false decides; or (and not, which is "none of"): one true decides.
      const Truth deciding = condition.kind == Condition::Kind::all ? Truth::fails : Truth::holds;
      std::optional<ConditionResult> unknown;
      for (const auto& child : condition.children) {
        ConditionResult result = evaluate(child, variables, defaults, probe);
        if (result.truth == deciding) {
          if (condition.kind == Condition::Kind::negate) return truth(false);
          return result;
        }
        if (result.truth == Truth::unknown && !unknown) unknown = std::move(result);
      }
      if (unknown) return *unknown;
      if (condition.kind == Condition::Kind::all) return truth(true);
      return truth(condition.kind == Condition::Kind::negate);
    }
    case Condition::Kind::file:
    case Condition::Kind::folder: {
      const bool folder = condition.kind == Condition::Kind::folder;
      if (!probe) return {Truth::unknown, describe_condition(condition) + ": no image to look in"};
      ConditionResult found = probe(condition.properties.at("Path"), folder);
      if (found.truth != Truth::holds) return found;
      for (const char* detail : {"DateTime", "Version"}) {
        const auto it = condition.properties.find(detail);
        if (it != condition.properties.end() && !it->second.empty()) {
          return {Truth::unknown, describe_condition(condition) + ": it exists, but its " +
                                      to_lower_ascii(detail) + " cannot be read here"};
        }
      }
      return found;
    }
    case Condition::Kind::foreign:
      return {Truth::unknown, describe_condition(condition)};
  }
  return {Truth::unknown, "unknown condition"};
}

std::string property(const Condition& condition, const char* name) {
  const auto found = condition.properties.find(name);
  return found == condition.properties.end() ? std::string() : found->second;
}

std::string describe_foreign(const Condition& condition) {
  const std::string& type = condition.expression_type;
  if (type == kOperatingSystemGroup) {
    return "operating system is one of \"" + property(condition, "Name") + "\"";
  }
  if (ends_with_ignoring_case(type, "_WMIConditionExpression")) {
    const std::string name_space = property(condition, "Namespace");
    return "WMI query \"" + property(condition, "Query") + "\"" +
           (name_space.empty() || equals_ignoring_case(name_space, "root\\cimv2")
                ? ""
                : " in " + name_space);
  }
  if (ends_with_ignoring_case(type, "_RegistryConditionExpression")) {
    return "registry value \"" + property(condition, "KeyPath") + "\\" +
           property(condition, "Value") + "\" " + property(condition, "Operator") + " \"" +
           property(condition, "Data") + "\"";
  }
  std::string text = type;
  if (ends_with_ignoring_case(type, "_SoftwareConditionExpression")) text = "installed software";
  std::string details;
  for (const auto& [name, value] : condition.properties) {
    if (!value.empty()) details += (details.empty() ? "" : ", ") + name + "=" + value;
  }
  return details.empty() ? text : text + " (" + details + ")";
}

}  // namespace

bool is_foreign_step_type(const std::string& type) {
  return type.empty() || starts_with_ignoring_case(type, "BDD_") ||
         starts_with_ignoring_case(type, "SMS_TaskSequence_");
}

Result<TaskSequence> parse_task_sequence(std::string_view bytes, const std::string& source,
                                         const SequenceRules& rules) {
  auto decoded = decode_text(bytes, source);
  if (!decoded) return decoded.error();
  const std::string& text = decoded->utf8;
  Problems problems(source);
  Parser parser(text, source, problems);
  pugi::xml_document document;
  const unsigned flags = (pugi::parse_default | pugi::parse_doctype) & ~pugi::parse_eol;
  const pugi::xml_parse_result parsed =
      document.load_buffer(text.data(), text.size(), flags, pugi::encoding_utf8);
  if (!parsed) {
    return Error(ErrorCode::xml_malformed, parsed.description(),
                 source + ":" + std::to_string(parser.line_of(parsed.offset)),
                 "fix the XML of the task sequence");
  }
  for (const auto& node : document.children()) {
    if (node.type() == pugi::node_doctype) {
      return Error(ErrorCode::xml_doctype_forbidden,
                   "the task sequence declares a DOCTYPE; kmsprep refuses DTDs and entities",
                   parser.where(node), "remove the <!DOCTYPE ...> declaration");
    }
  }
  auto sequence = parser.sequence(document);
  if (sequence) check_items(sequence->items, rules, source, problems);
  if (!problems.empty()) return problems.to_error();
  return std::move(*sequence);
}

Result<TaskSequence> read_task_sequence(const std::string& path, const SequenceRules& rules) {
  auto bytes = read_file(utf8_path(path), kMaxSequenceBytes);
  if (!bytes) return bytes.error();
  return parse_task_sequence(*bytes, path, rules);
}

Status check_step_types(const TaskSequence& sequence, const StepRegistry& registry, bool strict) {
  Problems problems(sequence.source);
  check_items(sequence.items, SequenceRules{&registry, strict}, sequence.source, problems);
  if (!problems.empty()) return problems.to_error();
  return ok_status();
}

ConditionResult evaluate_condition_here(const Condition& condition, const Variables& variables,
                                        const ImageEntryProbe& probe) {
  return evaluate(condition, variables, nullptr, probe);
}

bool evaluate_condition(const Condition& condition, const Variables& variables,
                        const VariableMap* defaults) {
  return evaluate(condition, variables, defaults, {}).truth == Truth::holds;
}

std::string describe_condition(const Condition& condition) {
  switch (condition.kind) {
    case Condition::Kind::variable: {
      const bool unary = condition.op == "exists" || condition.op == "notExists";
      return condition.variable + " " + condition.op +
             (unary ? "" : " \"" + loggable_value(condition.variable, condition.value) + "\"");
    }
    case Condition::Kind::file:
    case Condition::Kind::folder: {
      std::string text = std::string(condition.kind == Condition::Kind::file ? "file" : "folder") +
                         " \"" + property(condition, "Path") + "\" exists";
      if (!property(condition, "Version").empty()) {
        text += ", version " + property(condition, "VersionOperator") + " " +
                property(condition, "Version");
      }
      if (!property(condition, "DateTime").empty()) {
        text += ", timestamp " + property(condition, "DateTimeOperator") + " " +
                property(condition, "DateTime");
      }
      return text;
    }
    case Condition::Kind::foreign:
      return describe_foreign(condition);
    case Condition::Kind::negate:
    case Condition::Kind::all:
    case Condition::Kind::any: {
      std::string text;
      const bool all = condition.kind == Condition::Kind::all;
      for (const auto& child : condition.children) {
        if (!text.empty()) text += all ? " and " : " or ";
        text += condition.children.size() > 1 ? "(" + describe_condition(child) + ")"
                                              : describe_condition(child);
      }
      if (condition.kind == Condition::Kind::negate) return "not (" + text + ")";
      if (text.empty()) return all ? "true" : "false";
      return text;
    }
  }
  return "";
}

}  // namespace kmsprep
