// The host side of the step ABI: runs one step (built-in or external) with its variables,
// logger, images and cancellation, contains anything it throws, and commits the images it
// staged only when it succeeded. Callers: the sequence runner and `kmsprep step`.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/log.hpp"
#include "plugin/kmsprep_plugin.h"
#include "plugin/step_registry.hpp"
#include "plugin/variables.hpp"

namespace kmsprep {

using CancellationCheck = std::function<bool()>;

struct StepRun {
  const StepEntry* step = nullptr;
  std::string component;                  // CMTrace component: the step's name
  const VariableMap* defaults = nullptr;  // its <defaultVarList>, visible to it only
  std::vector<int32_t> success_codes = {KMSPREP_STEP_SUCCESS, KMSPREP_STEP_REBOOT_REQUIRED};
};

struct StepOutcome {
  int32_t result = 0;             // what the step returned, or 806/807/808 and image errors
  bool succeeded = false;         // result is one of the success codes
  bool reboot_requested = false;  // succeeded with 3010
  double seconds = 0;
};

// Refuses to start without the step's required variables (result 807) or once cancelled
// (808); a thrown exception is result 806. Afterwards sets _KMSPREPLastResult and, for a
// successful 3010, SMSTSRebootRequested=true.
StepOutcome run_step(const StepRun& run, Variables& variables, Logger& logger,
                     const CancellationCheck& cancelled);

// For built-in steps only (they live in this binary): the Logger of the run, to hand to
// servicing functions that take one.
Logger& host_logger(kmsprep_host* host);
const std::string& host_component(kmsprep_host* host);

}  // namespace kmsprep
