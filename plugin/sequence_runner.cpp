#include "plugin/sequence_runner.hpp"

#include "core/exit_status.hpp"
#include "core/text.hpp"
#include "plugin/image_entry_probe.hpp"

namespace kmsprep {
namespace {

constexpr const char* kComponent = "sequence";

std::string join_group(const std::string& outer, const std::string& inner) {
  return outer.empty() ? inner : outer + "/" + inner;
}

std::string not_runnable_note(const SequenceItem& step) {
  if (step.type.empty()) {
    return "no type (MDT runs its <action> command line); kmsprep runs only its own steps";
  }
  const std::string whose = to_lower_ascii(step.type).rfind("bdd_", 0) == 0 ? "an MDT"
                            : is_foreign_step_type(step.type)               ? "a ConfigMgr"
                                                                            : "an unknown";
  return step.type + " is " + whose + " action; kmsprep runs only its own steps (`kmsprep steps`)";
}

}  // namespace

const char* to_string(StepState state) {
  switch (state) {
    case StepState::succeeded:
      return "succeeded";
    case StepState::reboot_requested:
      return "reboot requested";
    case StepState::failed:
      return "failed";
    case StepState::failed_continued:
      return "failed, continued";
    case StepState::skipped_disabled:
      return "skipped (disabled)";
    case StepState::skipped_condition:
      return "skipped (condition)";
    case StepState::not_run:
      return "not run";
    case StepState::would_run:
      return "would run";
    case StepState::not_runnable:
      return "not runnable here";
    case StepState::cannot_evaluate:
      return "cannot evaluate here";
  }
  return "";
}

SequenceRunner::SequenceRunner(const StepRegistry& registry, Variables& variables, Logger& logger,
                               CancellationCheck cancelled)
    : registry_(registry),
      variables_(variables),
      logger_(logger),
      cancelled_(std::move(cancelled)) {}

SequenceOutcome SequenceRunner::run(const TaskSequence& sequence, bool dry_run) {
  dry_run_ = dry_run;
  outcome_ = SequenceOutcome{};
  variables_.set_sequence_globals(sequence.globals);
  probe_ = image_entry_probe(variables_, &logger_);
  logger_.info(kComponent, std::string(dry_run ? "dry run of" : "running") + " task sequence " +
                               sequence.source);
  for (const auto& warning : sequence.warnings) logger_.warning(kComponent, warning);
  outcome_.failed = run_items(sequence.items, "");
  std::string summary = "task sequence ";
  if (outcome_.cancelled) {
    summary += "cancelled";
  } else if (outcome_.failed) {
    summary += "failed";
  } else {
    summary += outcome_.reboot_requested ? "succeeded, reboot requested" : "succeeded";
  }
  logger_.log(outcome_.failed ? LogLevel::error : LogLevel::info, kComponent,
              summary + " (exit " + std::to_string(sequence_exit_code(outcome_)) + ")");
  return std::move(outcome_);
}

void SequenceRunner::record_all(const SequenceItem& item, const std::string& group, StepState state,
                                const std::string& note) {
  if (item.kind == SequenceItem::Kind::group) {
    for (const auto& child : item.children) {
      record_all(child, join_group(group, item.name), state, note);
    }
    return;
  }
  outcome_.steps.push_back(StepRecord{item.name, item.type, group, state, std::nullopt, 0, note});
}

void SequenceRunner::skip_with_warning(const SequenceItem& item, const std::string& group,
                                       StepState state, const std::string& note) {
  const std::string kind = item.kind == SequenceItem::Kind::group ? "group" : "step";
  std::string what = kind + " \"" + join_group(group, item.name) + "\"";
  if (item.kind == SequenceItem::Kind::step) {
    what += " (" + (item.type.empty() ? std::string("no type") : item.type) + ")";
  }
  const std::string warning = what + " skipped, " + to_string(state) + ": " + note;
  logger_.warning(kComponent, warning);
  outcome_.warnings.push_back(warning);
  record_all(item, group, state, note);
}

bool SequenceRunner::run_items(const std::vector<SequenceItem>& items, const std::string& group) {
  for (size_t i = 0; i < items.size(); ++i) {
    const SequenceItem& item = items[i];
    const char* kind = item.kind == SequenceItem::Kind::group ? "group" : "step";
    if (item.disabled) {
      logger_.info(kComponent, std::string(kind) + " " + item.name + " is disabled, skipped");
      record_all(item, group, StepState::skipped_disabled, "disable=\"true\"");
      continue;
    }
    // An MDT action is listed as such whatever its condition says: it cannot run here anyway.
    if (item.kind == SequenceItem::Kind::step && !registry_.find(item.type)) {
      skip_with_warning(item, group, StepState::not_runnable, not_runnable_note(item));
      continue;
    }
    if (item.condition) {
      const ConditionResult result = evaluate_condition_here(*item.condition, variables_, probe_);
      if (result.truth == Truth::unknown) {
        skip_with_warning(item, group, StepState::cannot_evaluate, result.unknown_because);
        continue;
      }
      if (result.truth == Truth::fails) {
        const std::string note = "condition false: " + describe_condition(*item.condition);
        logger_.info(kComponent, std::string(kind) + " " + item.name + " skipped, " + note);
        record_all(item, group, StepState::skipped_condition, note);
        continue;
      }
    }
    bool stop = false;
    if (item.kind == SequenceItem::Kind::group) {
      logger_.info(kComponent, "entering group " + item.name);
      stop = run_items(item.children, join_group(group, item.name));
      if (stop && item.continue_on_error && !outcome_.cancelled) {
        logger_.warning(kComponent,
                        "group " + item.name + " failed; the sequence goes on (continueOnError)");
        stop = false;
      }
    } else {
      stop = run_one(item, group);
    }
    if (stop) {
      for (size_t j = i + 1; j < items.size(); ++j) {
        record_all(items[j], group, StepState::not_run,
                   outcome_.cancelled ? "cancelled" : "an earlier step failed");
      }
      return true;
    }
  }
  return false;
}

bool SequenceRunner::run_one(const SequenceItem& item, const std::string& group) {
  const StepEntry* step = registry_.find(item.type);
  StepRecord record{item.name, item.type, group, StepState::not_run, std::nullopt, 0, {}};
  if (dry_run_) {
    record.state = StepState::would_run;
    const kmsprep_step& descriptor = *step->descriptor;
    for (size_t i = 0; i < descriptor.variable_count; ++i) {
      const kmsprep_variable_spec& spec = descriptor.variables[i];
      if (!spec.required || spec.direction == KMSPREP_OUT) continue;
      const auto value = variables_.get(spec.name, &item.defaults);
      if (!value || value->empty()) {
        record.note += std::string(record.note.empty() ? "" : ", ") + spec.name + " not set yet";
      }
    }
    logger_.info(kComponent, "would run step " + item.name + " (" + item.type + ", " +
                                 step->origin + ")" +
                                 (record.note.empty() ? "" : ": " + record.note));
    outcome_.steps.push_back(std::move(record));
    return false;
  }
  if (cancelled_ && cancelled_()) {
    outcome_.cancelled = true;
    logger_.error(kComponent, "cancelled before step " + item.name);
    record.note = "cancelled";
    outcome_.steps.push_back(std::move(record));
    return true;
  }
  StepRun run;
  run.step = step;
  run.component = item.name;
  run.defaults = &item.defaults;
  run.success_codes = item.success_codes;
  const StepOutcome result = run_step(run, variables_, logger_, cancelled_);
  record.result = result.result;
  record.seconds = result.seconds;
  if (result.reboot_requested) outcome_.reboot_requested = true;
  if (result.succeeded) {
    record.state = result.reboot_requested ? StepState::reboot_requested : StepState::succeeded;
    outcome_.steps.push_back(std::move(record));
    return false;
  }
  if (cancelled_ && cancelled_()) {
    outcome_.cancelled = true;
  } else if (item.continue_on_error) {
    record.state = StepState::failed_continued;
    logger_.warning(kComponent, "step " + item.name + " failed with " +
                                    std::to_string(result.result) +
                                    "; the sequence goes on (continueOnError)");
    outcome_.steps.push_back(std::move(record));
    return false;
  }
  record.state = StepState::failed;
  outcome_.steps.push_back(std::move(record));
  return true;
}

int sequence_exit_code(const SequenceOutcome& outcome) {
  if (outcome.failed) return exit_failed;
  return outcome.reboot_requested ? reboot_required_exit_code() : exit_success;
}

}  // namespace kmsprep
