// Task-sequence variables, MDT/ConfigMgr style: names compare without letter case, values are
// strings. Variables resolves a name through the layers of docs/task-sequence.md; the step host
// and the sequence runner own one and pass it to every step.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace kmsprep {

struct VariableNameLess {
  bool operator()(const std::string& a, const std::string& b) const;
};
using VariableMap = std::map<std::string, std::string, VariableNameLess>;

// Looks a name up in the process environment (exact spelling); injected so tests need no
// setenv.
using EnvironmentLookup = std::function<std::optional<std::string>(const std::string& name)>;
EnvironmentLookup process_environment();

class Variables {
 public:
  explicit Variables(VariableMap command_line = {},
                     EnvironmentLookup environment = process_environment());

  // Highest first: outputs of earlier steps, --var, KMSPREP_<name> in the environment, plain
  // <name> in the environment, the sequence's <globalVarList>, and last `step_defaults` (the
  // running step's <defaultVarList>): as ConfigMgr's action variables, a step's defaults apply
  // only where nothing else set the variable. In each layer a name is also found under its
  // ConfigMgr spelling (configmgr_alias).
  std::optional<std::string> get(const std::string& name,
                                 const VariableMap* step_defaults = nullptr) const;
  // Records a step output; later steps see it above --var and the environment.
  void set_output(const std::string& name, std::string value);
  const VariableMap& outputs() const { return outputs_; }
  // The sequence's <globalVarList>, below everything set from outside the file.
  void set_sequence_globals(VariableMap globals) { globals_ = std::move(globals); }

 private:
  std::optional<std::string> get_exact(const std::string& name,
                                       const VariableMap* step_defaults) const;

  VariableMap command_line_;
  VariableMap outputs_;
  VariableMap globals_;
  EnvironmentLookup environment_;
};

// The other spelling of a variable that ConfigMgr names differently but that means the same
// (ProductKey / OSDProductKey, CaptureDestination / OSDCaptureDestination, CaptureName /
// OSDImageName, CaptureDescription / OSDImageDescription; docs/steps.md), in either direction.
std::optional<std::string> configmgr_alias(const std::string& name);

// [A-Za-z_][A-Za-z0-9_]*: what MDT, ConfigMgr and a POSIX environment all accept.
bool is_valid_variable_name(std::string_view name);
// "NAME=VALUE" from --var; the value may be empty or contain '='.
Result<std::pair<std::string, std::string>> parse_variable_assignment(std::string_view text);
// Every --var of a command line; a later assignment of the same name wins.
Result<VariableMap> parse_variable_assignments(const std::vector<std::string>& texts);
// true/false, yes/no, 1/0 (any case); anything else is bad input naming the variable.
Result<bool> parse_boolean_variable(const std::string& name, const std::string& value);
// The value as it may appear in a log or report: ProductKey values are masked.
std::string loggable_value(const std::string& name, const std::string& value);

}  // namespace kmsprep
