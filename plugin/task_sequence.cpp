#include "plugin/task_sequence.hpp"

#include <pugixml.hpp>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <map>

#include "core/file_io.hpp"
#include "core/image_path.hpp"
#include "core/text_decoding.hpp"

namespace kmsprep {
namespace {

constexpr int kMaxDepth = 32;
constexpr uint64_t kMaxSequenceBytes = 16 * 1024 * 1024;
constexpr const char* kVariableExpression = "SMS_TaskSequence_VariableConditionExpression";

class Parser {
 public:
  Parser(const std::string& text, std::string source) : source_(std::move(source)) {
    line_starts_.push_back(0);
    for (size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\n') line_starts_.push_back(i + 1);
    }
  }

  int line_of(ptrdiff_t offset) const {
    if (offset < 0) return 0;
    auto after = std::upper_bound(line_starts_.begin(), line_starts_.end(),
                                  static_cast<size_t>(offset));
    return static_cast<int>(after - line_starts_.begin());
  }
  int line_of(const pugi::xml_node& node) const { return line_of(node.offset_debug()); }
  std::string where(const pugi::xml_node& node) const {
    return source_ + ":" + std::to_string(line_of(node));
  }

  Error malformed(const pugi::xml_node& node, const std::string& detail,
                  std::string hint = {}) const {
    return Error(ErrorCode::sequence_malformed, detail, where(node), std::move(hint));
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
      std::string text = source_ + ":" + std::to_string(ignored.first_line) + ": ignored " +
                         what + " (not supported by kmsprep";
      if (ignored.count > 1) text += "; " + std::to_string(ignored.count) + " occurrences";
      ordered.emplace_back(ignored.order, text + ")");
    }
    std::sort(ordered.begin(), ordered.end());
    std::vector<std::string> result;
    for (auto& entry : ordered) result.push_back(std::move(entry.second));
    return result;
  }

  Result<bool> boolean_attribute(const pugi::xml_node& node, const char* name) const {
    const pugi::xml_attribute attribute = node.attribute(name);
    if (!attribute) return false;
    const std::string value = to_lower_ascii(attribute.value());
    if (value == "true") return true;
    if (value == "false") return false;
    return malformed(node, std::string("attribute ") + name + "=\"" + attribute.value() +
                               "\" of <" + node.name() + "> is not true or false");
  }

  Result<std::vector<int32_t>> success_codes(const pugi::xml_node& step) const {
    const pugi::xml_attribute attribute = step.attribute("successCodeList");
    if (!attribute) return std::vector<int32_t>{0, 3010};
    std::vector<int32_t> codes;
    const std::string text = attribute.value();
    size_t pos = 0;
    while ((pos = text.find_first_not_of(" \t\r\n", pos)) != std::string::npos) {
      const size_t end = std::min(text.find_first_of(" \t\r\n", pos), text.size());
      const std::string word = text.substr(pos, end - pos);
      char* rest = nullptr;
      errno = 0;
      const long long code = std::strtoll(word.c_str(), &rest, 10);
      if (*rest != '\0' || errno != 0 || code < INT32_MIN || code > UINT32_MAX) {
        return malformed(step, "successCodeList \"" + text + "\" has \"" + word +
                                   "\", not a number",
                         "list the success codes separated by spaces, e.g. \"0 3010\"");
      }
      // Windows exit codes such as 0x80070005 are unsigned; keep their 32-bit pattern.
      codes.push_back(static_cast<int32_t>(static_cast<uint32_t>(code)));
      pos = end;
    }
    if (codes.empty()) return malformed(step, "successCodeList is empty");
    return codes;
  }

  Result<Condition> expression(const pugi::xml_node& node, int depth) {
    if (depth > kMaxDepth) return Error(ErrorCode::xml_too_deep, "condition nesting", where(node));
    Condition condition;
    condition.line = line_of(node);
    const std::string name = node.name();
    if (name == "operator") {
      const std::string type = node.attribute("type").value();
      if (type == "and") {
        condition.kind = Condition::Kind::all;
      } else if (type == "or") {
        condition.kind = Condition::Kind::any;
      } else if (type == "not") {
        condition.kind = Condition::Kind::negate;
      } else {
        return malformed(node, "condition operator type=\"" + type + "\" is not supported",
                         "use and, or or not");
      }
      for (const auto& child : node.children()) {
        if (child.type() != pugi::node_element) continue;
        auto inner = expression(child, depth + 1);
        if (!inner) return inner.error();
        condition.children.push_back(std::move(*inner));
      }
      if (condition.kind == Condition::Kind::negate && condition.children.size() != 1) {
        return malformed(node, "a \"not\" operator needs exactly one expression");
      }
      return condition;
    }
    if (name != "expression") {
      return malformed(node, "<" + name + "> inside a condition is not supported",
                       "use <expression> and <operator type=\"and|or|not\">");
    }
    const std::string type = node.attribute("type").value();
    if (type != kVariableExpression) {
      return malformed(node, "condition type \"" + type + "\" is not supported",
                       std::string("kmsprep evaluates ") + kVariableExpression + " only");
    }
    condition.kind = Condition::Kind::variable;
    bool has_variable = false;
    for (const auto& child : node.children("variable")) {
      const std::string role = child.attribute("name").value();
      const std::string text = child.text().get();
      if (role == "Variable") {
        condition.variable = text;
        has_variable = true;
      } else if (role == "Operator") {
        condition.op = text;
      } else if (role == "Value") {
        condition.value = text;
      } else {
        return malformed(child, "condition <variable name=\"" + role + "\"> is unknown",
                         "use Variable, Operator and Value");
      }
    }
    if (!has_variable || !is_valid_variable_name(condition.variable)) {
      return malformed(node, "the condition names no valid variable");
    }
    if (condition.op != "equals" && condition.op != "notEquals" && condition.op != "exists") {
      return malformed(node, "condition operator \"" + condition.op + "\" is not supported",
                       "use equals, notEquals or exists");
    }
    return condition;
  }

  Result<Condition> condition(const pugi::xml_node& node) {
    Condition all;
    all.kind = Condition::Kind::all;
    all.line = line_of(node);
    for (const auto& child : node.children()) {
      if (child.type() != pugi::node_element) continue;
      auto inner = expression(child, 1);
      if (!inner) return inner.error();
      all.children.push_back(std::move(*inner));
    }
    return all;
  }

  Status default_variables(const pugi::xml_node& list, VariableMap& defaults) {
    for (const auto& attribute : list.attributes()) {
      ignore(std::string("attribute ") + attribute.name() + " of <defaultVarList>", list);
    }
    for (const auto& child : list.children()) {
      if (child.type() != pugi::node_element) continue;
      if (std::string(child.name()) != "variable") {
        ignore("element <" + std::string(child.name()) + "> in <defaultVarList>", child);
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
        return malformed(child, "<variable name=\"" + name + "\"> is not a variable name");
      }
      defaults[name] = child.text().get();
    }
    return ok_status();
  }

  Result<SequenceItem> item(const pugi::xml_node& node, int depth) {
    if (depth > kMaxDepth) {
      return Error(ErrorCode::xml_too_deep, "groups nested deeper than 32", where(node));
    }
    SequenceItem item;
    item.line = line_of(node);
    const std::string element = node.name();
    item.kind = element == "group" ? SequenceItem::Kind::group : SequenceItem::Kind::step;
    const bool is_step = item.kind == SequenceItem::Kind::step;
    for (const auto& attribute : node.attributes()) {
      const std::string name = attribute.name();
      const bool known = name == "name" || name == "disable" || name == "continueOnError" ||
                         (is_step && (name == "type" || name == "successCodeList"));
      if (!known) ignore("attribute " + name + " of <" + element + ">", node);
    }
    item.name = node.attribute("name").value();
    auto disabled = boolean_attribute(node, "disable");
    if (!disabled) return disabled.error();
    item.disabled = *disabled;
    auto continue_on_error = boolean_attribute(node, "continueOnError");
    if (!continue_on_error) return continue_on_error.error();
    item.continue_on_error = *continue_on_error;
    if (is_step) {
      item.type = node.attribute("type").value();
      if (item.type.empty()) {
        return malformed(node, "<step> has no type", "type names a step; see `kmsprep steps`");
      }
      if (item.name.empty()) item.name = item.type;
      auto codes = success_codes(node);
      if (!codes) return codes.error();
      item.success_codes = std::move(*codes);
    } else if (item.name.empty()) {
      item.name = "group";
    }
    for (const auto& child : node.children()) {
      if (child.type() != pugi::node_element) continue;
      const std::string name = child.name();
      if (name == "condition") {
        auto parsed = condition(child);
        if (!parsed) return parsed.error();
        item.condition = std::move(*parsed);
      } else if (is_step && name == "defaultVarList") {
        if (auto parsed = default_variables(child, item.defaults); !parsed) return parsed.error();
      } else if (!is_step && (name == "group" || name == "step")) {
        auto inner = this->item(child, depth + 1);
        if (!inner) return inner.error();
        item.children.push_back(std::move(*inner));
      } else {
        ignore("element <" + name + "> in <" + element + ">", child);
      }
    }
    return item;
  }

  Result<TaskSequence> sequence(const pugi::xml_document& document) {
    TaskSequence sequence;
    sequence.source = source_;
    const pugi::xml_node root = document.document_element();
    if (!root || std::string(root.name()) != "sequence") {
      return Error(ErrorCode::sequence_malformed,
                   std::string("the root element is <") + root.name() + ">, not <sequence>",
                   where(root), "a task sequence is MDT's ts.xml: <sequence><group>/<step>...");
    }
    for (const auto& attribute : root.attributes()) {
      ignore(std::string("attribute ") + attribute.name() + " of <sequence>", root);
    }
    for (const auto& child : root.children()) {
      if (child.type() != pugi::node_element) continue;
      const std::string name = child.name();
      if (name == "group" || name == "step") {
        auto parsed = item(child, 1);
        if (!parsed) return parsed.error();
        sequence.items.push_back(std::move(*parsed));
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
  std::vector<size_t> line_starts_;
  std::map<std::string, Ignored> ignored_;
  int order_ = 0;
};

Status check_items(const std::vector<SequenceItem>& items, const StepRegistry& registry,
                   const std::string& source) {
  for (const auto& item : items) {
    if (item.kind == SequenceItem::Kind::group) {
      if (auto checked = check_items(item.children, registry, source); !checked) return checked;
    } else if (!registry.find(item.type)) {
      return Error(ErrorCode::step_unknown,
                   "step \"" + item.name + "\" has type \"" + item.type +
                       "\", which no built-in step or loaded plugin provides",
                   source + ":" + std::to_string(item.line),
                   "`kmsprep steps --plugin-dir DIR` lists the step types");
    }
  }
  return ok_status();
}

}  // namespace

Result<TaskSequence> parse_task_sequence(std::string_view bytes, const std::string& source) {
  auto decoded = decode_text(bytes, source);
  if (!decoded) return decoded.error();
  const std::string& text = decoded->utf8;
  Parser parser(text, source);
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
  return parser.sequence(document);
}

Result<TaskSequence> read_task_sequence(const std::string& path) {
  auto bytes = read_file(path, kMaxSequenceBytes);
  if (!bytes) return bytes.error();
  return parse_task_sequence(*bytes, path);
}

Status check_step_types(const TaskSequence& sequence, const StepRegistry& registry) {
  return check_items(sequence.items, registry, sequence.source);
}

bool evaluate_condition(const Condition& condition, const Variables& variables,
                        const VariableMap* defaults) {
  switch (condition.kind) {
    case Condition::Kind::variable: {
      const std::string value = variables.get(condition.variable, defaults).value_or("");
      if (condition.op == "exists") return !value.empty();
      const bool equal = equals_ignoring_case(value, condition.value);
      return condition.op == "equals" ? equal : !equal;
    }
    case Condition::Kind::all:
      return std::all_of(condition.children.begin(), condition.children.end(),
                         [&](const Condition& child) {
                           return evaluate_condition(child, variables, defaults);
                         });
    case Condition::Kind::any:
      return std::any_of(condition.children.begin(), condition.children.end(),
                         [&](const Condition& child) {
                           return evaluate_condition(child, variables, defaults);
                         });
    case Condition::Kind::negate:
      return !evaluate_condition(condition.children.front(), variables, defaults);
  }
  return false;
}

std::string describe_condition(const Condition& condition) {
  switch (condition.kind) {
    case Condition::Kind::variable:
      return condition.variable + " " + condition.op +
             (condition.op == "exists" ? "" : " \"" + loggable_value(condition.variable,
                                                                    condition.value) + "\"");
    case Condition::Kind::negate:
      return "not (" + describe_condition(condition.children.front()) + ")";
    case Condition::Kind::all:
    case Condition::Kind::any: {
      std::string text;
      for (const auto& child : condition.children) {
        if (!text.empty()) text += condition.kind == Condition::Kind::all ? " and " : " or ";
        text += condition.children.size() > 1 ? "(" + describe_condition(child) + ")"
                                              : describe_condition(child);
      }
      return text.empty() ? "true" : text;
    }
  }
  return "";
}

}  // namespace kmsprep
