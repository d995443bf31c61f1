#include "plugin/variables.hpp"

#include "core/product_key.hpp"
#include "core/text.hpp"
#include "plugin/environment.hpp"

namespace kmsprep {

bool VariableNameLess::operator()(const std::string& a, const std::string& b) const {
  return to_lower_ascii(a) < to_lower_ascii(b);
}

EnvironmentLookup process_environment() {
  return [](const std::string& name) { return environment_variable(name); };
}

Variables::Variables(VariableMap command_line, EnvironmentLookup environment)
    : command_line_(std::move(command_line)), environment_(std::move(environment)) {}

std::optional<std::string> Variables::get(const std::string& name,
                                          const VariableMap* step_defaults) const {
  const auto alias = configmgr_alias(name);
  if (!alias) return get_exact(name, step_defaults);
  // Layer by layer, so an OSDProductKey from --var beats a ProductKey in a defaultVarList.
  const VariableMap* layers[] = {&outputs_, &command_line_};
  for (const VariableMap* layer : layers) {
    for (const std::string* spelling : {&name, &*alias}) {
      if (auto found = layer->find(*spelling); found != layer->end()) return found->second;
    }
  }
  if (environment_ && is_valid_variable_name(name)) {
    for (const char* prefix : {"KMSPREP_", ""}) {
      for (const std::string* spelling : {&name, &*alias}) {
        if (auto value = environment_(prefix + *spelling)) return value;
      }
    }
  }
  const VariableMap* lower[] = {&globals_, step_defaults};
  for (const VariableMap* layer : lower) {
    if (!layer) continue;
    for (const std::string* spelling : {&name, &*alias}) {
      if (auto found = layer->find(*spelling); found != layer->end()) return found->second;
    }
  }
  return std::nullopt;
}

std::optional<std::string> Variables::get_exact(const std::string& name,
                                                const VariableMap* step_defaults) const {
  if (auto found = outputs_.find(name); found != outputs_.end()) return found->second;
  if (auto found = command_line_.find(name); found != command_line_.end()) return found->second;
  if (environment_ && is_valid_variable_name(name)) {
    if (auto value = environment_("KMSPREP_" + name)) return value;
    if (auto value = environment_(name)) return value;
  }
  if (auto found = globals_.find(name); found != globals_.end()) return found->second;
  if (step_defaults) {
    if (auto found = step_defaults->find(name); found != step_defaults->end()) {
      return found->second;
    }
  }
  return std::nullopt;
}

std::optional<std::string> configmgr_alias(const std::string& name) {
  static const std::pair<const char*, const char*> kAliases[] = {
      {"ProductKey", "OSDProductKey"},
      {"CaptureDestination", "OSDCaptureDestination"},
      {"CaptureName", "OSDImageName"},
      {"CaptureDescription", "OSDImageDescription"},
  };
  for (const auto& [ours, configmgr] : kAliases) {
    if (equals_ignoring_case(name, ours)) return std::string(configmgr);
    if (equals_ignoring_case(name, configmgr)) return std::string(ours);
  }
  return std::nullopt;
}

void Variables::set_output(const std::string& name, std::string value) {
  outputs_[name] = std::move(value);
}

bool is_valid_variable_name(std::string_view name) {
  if (name.empty() || name.size() > 256) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
    const bool digit = c >= '0' && c <= '9';
    if (!letter && !(digit && i > 0)) return false;
  }
  return true;
}

Result<std::pair<std::string, std::string>> parse_variable_assignment(std::string_view text) {
  const size_t equals = text.find('=');
  const std::string name(text.substr(0, equals));
  if (equals == std::string_view::npos || !is_valid_variable_name(name)) {
    return Error::usage(
        "--var \"" + loggable_value(name, std::string(text)) + "\" is not NAME=VALUE",
        "a variable name is letters, digits and '_', not starting with a digit");
  }
  return std::make_pair(name, std::string(text.substr(equals + 1)));
}

Result<VariableMap> parse_variable_assignments(const std::vector<std::string>& texts) {
  VariableMap variables;
  for (const auto& text : texts) {
    auto assignment = parse_variable_assignment(text);
    if (!assignment) return assignment.error();
    variables[assignment->first] = std::move(assignment->second);
  }
  return variables;
}

Result<bool> parse_boolean_variable(const std::string& name, const std::string& value) {
  const std::string lower = to_lower_ascii(value);
  if (lower == "true" || lower == "yes" || lower == "1") return true;
  if (lower == "false" || lower == "no" || lower == "0") return false;
  return Error(ErrorCode::usage_invalid_argument,
               "variable " + name + " is \"" + value + "\", not a boolean", {},
               "use true or false");
}

std::string loggable_value(const std::string& name, const std::string& value) {
  if (!equals_ignoring_case(name, "ProductKey") && !equals_ignoring_case(name, "OSDProductKey")) {
    return mask_product_keys(value);
  }
  if (value.empty()) return value;
  auto key = ProductKey::parse(value);
  return key ? key->masked() : std::string("(hidden)");
}

}  // namespace kmsprep
