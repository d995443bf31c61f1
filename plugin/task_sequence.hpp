// TaskSequence: the subset of MDT/ConfigMgr ts.xml kmsprep runs (docs/task-sequence.md):
// <sequence>, <group>, <step> with <defaultVarList> and variable <condition>s. Everything else is
// ignored with one warning per kind; unsupported conditions, bad attribute values and
// malformed XML are bad input with file:line. Callers: the sequence runner, cli/.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "plugin/step_registry.hpp"
#include "plugin/variables.hpp"

namespace kmsprep {

struct Condition {
  enum class Kind { variable, all, any, negate };
  Kind kind = Kind::all;
  // Kind::variable: MDT's SMS_TaskSequence_VariableConditionExpression.
  std::string variable;
  std::string op;  // "equals", "notEquals", "exists"
  std::string value;
  std::vector<Condition> children;  // all / any / negate (one child)
  int line = 0;
};

struct SequenceItem {
  enum class Kind { group, step };
  Kind kind = Kind::step;
  std::string name;
  std::string type;  // steps: the step plugin's name
  bool disabled = false;
  bool continue_on_error = false;
  std::vector<int32_t> success_codes = {0, 3010};
  VariableMap defaults;                // steps: <defaultVarList>
  std::optional<Condition> condition;  // all of its expressions must hold
  std::vector<SequenceItem> children;  // groups
  int line = 0;
};

struct TaskSequence {
  std::string source;
  std::vector<SequenceItem> items;
  std::vector<std::string> warnings;  // one per ignored element or attribute kind
};

Result<TaskSequence> parse_task_sequence(std::string_view bytes, const std::string& source);
Result<TaskSequence> read_task_sequence(const std::string& path);

// Every step type must name a step of the registry (E804 with file:line otherwise).
Status check_step_types(const TaskSequence& sequence, const StepRegistry& registry);

// Unset variables compare as empty; equals/notEquals ignore letter case; exists means set and
// not empty. `defaults` are the step's own <defaultVarList>, or nullptr.
bool evaluate_condition(const Condition& condition, const Variables& variables,
                        const VariableMap* defaults = nullptr);
// "OSFamily equals win10", for logs.
std::string describe_condition(const Condition& condition);

}  // namespace kmsprep
