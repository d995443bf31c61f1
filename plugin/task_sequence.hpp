// TaskSequence: MDT/ConfigMgr ts.xml as kmsprep reads it (docs/task-sequence.md): <sequence>
// with its <globalVarList>, <group>, <step> with <defaultVarList> and <condition>s of every
// kind. Steps of MDT or ConfigMgr types are kept (the runner skips them as "not runnable here");
// every problem of a file is collected with its line and reported at once. Callers: the
// sequence runner, cli/.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "plugin/step_registry.hpp"
#include "plugin/variables.hpp"

namespace kmsprep {

struct Condition {
  enum class Kind {
    variable,  // SMS_TaskSequence_VariableConditionExpression
    all,       // <condition> itself, <operator type="and">
    any,       // <operator type="or">
    negate,    // <operator type="not">: none of its children holds
    file,      // SMS_TaskSequence_FileConditionExpression: against the image
    folder,    // SMS_TaskSequence_FolderConditionExpression: against the image
    foreign,   // WMI, registry, software, operating system: never evaluated here
  };
  Kind kind = Kind::all;
  // Kind::variable. `op` is MDT's spelling whatever the file's letter case: equals, notEquals,
  // greater, greaterEqual, less, lessEqual, exists, notExists, like.
  std::string variable;
  std::string op;
  std::string value;
  // file, folder, foreign: the expression's type as written and its <variable name="Path">,
  // <variable name="Query">, ... values.
  std::string expression_type;
  VariableMap properties;
  std::vector<Condition> children;  // all / any / negate
  int line = 0;
};

struct SequenceItem {
  enum class Kind { group, step };
  Kind kind = Kind::step;
  std::string name;
  std::string type;  // steps: the step plugin's name, an MDT/ConfigMgr action type, or empty
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
  VariableMap globals;  // <globalVarList>: seeds the variables (docs/task-sequence.md)
  std::vector<SequenceItem> items;
  std::vector<std::string> warnings;  // one per ignored element or attribute kind
};

// With a registry the step types are checked too: a type that is neither a registered step
// nor an MDT/ConfigMgr one (BDD_*, SMS_TaskSequence_*, none) is E804. `strict` also refuses
// those MDT/ConfigMgr steps and conditions kmsprep cannot evaluate, as kmsprep did before it read
// real MDT files.
struct SequenceRules {
  const StepRegistry* registry = nullptr;
  bool strict = false;
};

// Every problem comes back at once: one problem as its own Error, several as E809 listing each
// with its line. Malformed XML and a DOCTYPE stop the reading at once (E400, E401).
Result<TaskSequence> parse_task_sequence(std::string_view bytes, const std::string& source,
                                         const SequenceRules& rules = {});
Result<TaskSequence> read_task_sequence(const std::string& path, const SequenceRules& rules = {});

// The registry check of SequenceRules for a sequence already read.
Status check_step_types(const TaskSequence& sequence, const StepRegistry& registry,
                        bool strict = false);

// True for the types of MDT (BDD_*) and ConfigMgr (SMS_TaskSequence_*) actions and for a step
// without a type (MDT's "Run Command Line" steps often have none): steps kmsprep lists as
// "not runnable here" instead of refusing the sequence.
bool is_foreign_step_type(const std::string& type);

enum class Truth { holds, fails, unknown };
struct ConditionResult {
  Truth truth = Truth::holds;
  std::string unknown_because;  // Truth::unknown: what could not be evaluated, for the note
};

// Answers a file or folder condition against the image: whether `windows_path` exists there (as
// a folder when `folder`), or unknown with the reason. Empty: file and folder conditions are
// unknown.
using ImageEntryProbe =
    std::function<ConditionResult(const std::string& windows_path, bool folder)>;

// MDT semantics: unset variables compare as empty; exists means set and not empty; two integers
// compare as numbers, other values as text ignoring letter case; like matches * and % (any run)
// and ? (one character). and/or/not follow three-valued logic: an unknown expression decides
// only when the known ones do not (`A or WMI` holds when A does).
ConditionResult evaluate_condition_here(const Condition& condition, const Variables& variables,
                                        const ImageEntryProbe& probe = {});
// Variables only, for callers that need a yes or no: anything unknown counts as false.
bool evaluate_condition(const Condition& condition, const Variables& variables,
                        const VariableMap* defaults = nullptr);
// "OSFamily equals \"win10\"", "WMI query \"SELECT ...\"", for logs and notes.
std::string describe_condition(const Condition& condition);

}  // namespace kmsprep
