// SequenceRunner: runs a TaskSequence step by step with MDT/ConfigMgr semantics: disabled
// items and false conditions are skipped, a failure stops the sequence unless the step or an
// enclosing group has continueOnError, a 3010 is remembered. Callers: cli/ (sequence).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/log.hpp"
#include "plugin/step_host.hpp"
#include "plugin/step_registry.hpp"
#include "plugin/task_sequence.hpp"
#include "plugin/variables.hpp"

namespace kmsprep {

enum class StepState {
  succeeded,
  reboot_requested,  // succeeded with 3010
  failed,            // and stopped the sequence (or its group)
  failed_continued,  // continueOnError let the sequence go on
  skipped_disabled,
  skipped_condition,
  not_run,          // after a failure that stopped the sequence, or a cancellation
  would_run,        // --dry-run
  not_runnable,     // an MDT/ConfigMgr action or a step without a type: skipped
  cannot_evaluate,  // its condition (WMI, registry, ...) cannot be evaluated here: skipped
};
// "succeeded", "reboot requested", ..., "not runnable here", "cannot evaluate here".
const char* to_string(StepState state);

struct StepRecord {
  std::string name;
  std::string type;
  std::string group;  // enclosing groups, "Outer/Inner"; empty at top level
  StepState state = StepState::not_run;
  std::optional<int32_t> result;  // for steps that ran
  double seconds = 0;
  std::string note;  // why skipped, what a dry run would miss
};

struct SequenceOutcome {
  std::vector<StepRecord> steps;
  bool failed = false;            // a failure stopped the sequence
  bool reboot_requested = false;  // some step returned 3010
  bool cancelled = false;
  std::vector<std::string> warnings;  // one per step skipped as not runnable or unevaluable
};

class SequenceRunner {
 public:
  SequenceRunner(const StepRegistry& registry, Variables& variables, Logger& logger,
                 CancellationCheck cancelled = {});
  // The sequence's step types must have been checked (SequenceRules, check_step_types). Its
  // <globalVarList> seeds the variables; file and folder conditions look into ImagePath.
  SequenceOutcome run(const TaskSequence& sequence, bool dry_run);

 private:
  // Returns true when a failure must stop the enclosing items.
  bool run_items(const std::vector<SequenceItem>& items, const std::string& group);
  bool run_one(const SequenceItem& step, const std::string& group);
  void record_all(const SequenceItem& item, const std::string& group, StepState state,
                  const std::string& note);
  // Logs and records the warning for an item skipped as not runnable or unevaluable.
  void skip_with_warning(const SequenceItem& item, const std::string& group, StepState state,
                         const std::string& note);

  const StepRegistry& registry_;
  Variables& variables_;
  Logger& logger_;
  CancellationCheck cancelled_;
  ImageEntryProbe probe_;
  bool dry_run_ = false;
  SequenceOutcome outcome_;
};

// 0 success, reboot_required_exit_code() (194 on Linux, 3010 on Windows) success with a reboot
// requested, 1 a failure.
int sequence_exit_code(const SequenceOutcome& outcome);

}  // namespace kmsprep
