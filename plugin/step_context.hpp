// StepContext: the C++ face of a kmsprep_context for built-in step adapters (plugin/step_*.cpp):
// variables as std::string, the log, cancellation and the run's Logger. run_builtin_step turns
// an adapter's Result into a step result. External plugins use the C API directly.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "core/log.hpp"
#include "core/result.hpp"
#include "plugin/kmsprep_plugin.h"

namespace kmsprep {

class StepContext {
 public:
  explicit StepContext(const kmsprep_context* context) : context_(context) {}

  // nullopt when the variable is unset or empty.
  std::optional<std::string> get(const std::string& name) const;
  // bad input (E807, variable_missing) naming the variable when it is unset or empty.
  Result<std::string> require(const std::string& name) const;
  // true/false, yes/no, 1/0; `fallback` when unset.
  Result<bool> flag(const std::string& name, bool fallback) const;
  Status set(const std::string& name, const std::string& value);

  void info(const std::string& text) const;
  void warning(const std::string& text) const;
  void error(const std::string& text) const;
  bool cancelled() const;

  // The run's Logger and the step's CMTrace component, for servicing functions taking them.
  Logger& logger() const;
  const std::string& component() const;

 private:
  const kmsprep_context* context_;
};

// Calls `body`; an Error is logged and its code becomes the step result, an exception becomes
// 806. `body` returns KMSPREP_STEP_SUCCESS or KMSPREP_STEP_REBOOT_REQUIRED.
int32_t run_builtin_step(const kmsprep_context* context,
                         const std::function<Result<int32_t>(StepContext&)>& body);

}  // namespace kmsprep
