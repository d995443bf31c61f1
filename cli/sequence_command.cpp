// kmsprep sequence FILE.xml: runs a task sequence (ts.xml subset, docs/task-sequence.md) and
// prints the step table. MDT/ConfigMgr steps are listed as not runnable here and skipped (--strict
// refuses them). Exit 0 success, 194 on Linux / 3010 on Windows success with a reboot requested,
// 1 a step failed, 3 the sequence or a step type is bad (every problem of the file at once).
#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "cli/command_line.hpp"
#include "core/exit_status.hpp"
#include "core/strings.hpp"
#include "plugin/cancellation.hpp"
#include "plugin/sequence_runner.hpp"
#include "plugin/step_log.hpp"
#include "plugin/step_registry.hpp"
#include "plugin/task_sequence.hpp"

namespace kmsprep {
namespace {

namespace po = boost::program_options;

std::string overall(const SequenceOutcome& outcome, bool dry_run) {
  if (dry_run) return "dry run";
  if (outcome.cancelled) return "cancelled";
  if (outcome.failed) return "failed";
  return outcome.reboot_requested ? "succeeded, reboot required" : "succeeded";
}

std::string seconds_text(double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f", seconds);
  return text;
}

std::string padded(std::string text, size_t width) {
  text.resize(std::max(text.size() + 2, width), ' ');
  return text;
}

std::string type_text(const StepRecord& step) {
  return step.type.empty() ? "(no type)" : step.type;
}

// Step, type, result, seconds and the note (why skipped, what a dry run would miss).
void print_table(const SequenceOutcome& outcome, std::ostream& out) {
  size_t name_width = 6;
  size_t type_width = 6;
  size_t result_width = 34;
  for (const auto& step : outcome.steps) {
    const std::string name =
        escape_for_display(step.group.empty() ? step.name : step.group + "/" + step.name);
    name_width = std::max(name_width, name.size() + 2);
    type_width = std::max(type_width, escape_for_display(type_text(step)).size() + 2);
  }
  out << padded("Step", name_width) << padded("Type", type_width) << padded("Result", result_width)
      << padded("Seconds", 9) << "Note\n";
  for (const auto& step : outcome.steps) {
    // Names, types and notes come from the ts.xml.
    const std::string name =
        escape_for_display(step.group.empty() ? step.name : step.group + "/" + step.name);
    const std::string result = step.result
                                   ? std::to_string(*step.result) + " " + to_string(step.state)
                                   : to_string(step.state);
    std::string line =
        padded(name, name_width) + padded(escape_for_display(type_text(step)), type_width) +
        padded(result, result_width) + padded(step.result ? seconds_text(step.seconds) : "-", 9) +
        escape_for_display(step.note);
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << "\n";
  }
}

nlohmann::ordered_json to_json(const SequenceOutcome& outcome, const std::string& source,
                               bool dry_run, int exit_code,
                               const std::vector<std::string>& warnings) {
  nlohmann::ordered_json steps = nlohmann::ordered_json::array();
  for (const auto& step : outcome.steps) {
    steps.push_back(
        {{"name", step.name},
         {"type", step.type},
         {"group", step.group},
         {"state", to_string(step.state)},
         {"result", step.result ? nlohmann::ordered_json(*step.result) : nlohmann::ordered_json()},
         {"seconds", step.seconds},
         {"note", step.note}});
  }
  return {{"sequence", source},
          {"dry_run", dry_run},
          {"result", overall(outcome, dry_run)},
          {"reboot_required", outcome.reboot_requested},
          {"exit_code", exit_code},
          {"steps", steps},
          {"warnings", warnings}};
}

}  // namespace

int run_sequence_command(const std::vector<std::string>& args, CommandIo& io) {
  CommandLine command("sequence",
                      "FILE.xml [--var NAME=VALUE]... [--log FILE] [--plugin-dir DIR]... "
                      "[--dry-run] [--strict] [--json]",
                      io);
  command.add_options()(
      "var", po::value<std::vector<std::string>>()->composing(),
      "set a variable (repeatable); above KMSPREP_<NAME> and <NAME> in the environment")(
      "plugin-dir", po::value<std::vector<std::string>>()->composing(),
      "also load step plugins (*.so) from DIR (repeatable; KMSPREP_PLUGIN_PATH adds more)")(
      "dry-run", "check the sequence and list the steps that would run, run none")(
      "strict",
      "refuse MDT/ConfigMgr steps and conditions kmsprep cannot run or evaluate "
      "instead of skipping them");
  command.add_positional("file");
  command.add_json_option();
  if (auto early = command.parse(args)) return *early;
  if (!command.has("file")) return command.fail(Error::usage("FILE.xml is missing"));
  const std::string file = command.get<std::vector<std::string>>("file").front();
  const bool dry_run = command.has("dry-run");

  auto assignments =
      parse_variable_assignments(command.has("var") ? command.get<std::vector<std::string>>("var")
                                                    : std::vector<std::string>{});
  if (!assignments) return command.fail(assignments.error());
  Variables variables(std::move(*assignments));
  if (auto opened = open_step_log(command.logger(), variables); !opened) {
    return command.fail(opened.error());
  }
  StepRegistry registry;
  const auto plugin_dirs = command.has("plugin-dir")
                               ? command.get<std::vector<std::string>>("plugin-dir")
                               : std::vector<std::string>{};
  const auto refusals =
      registry.load_directories(plugin_directories(plugin_dirs), command.logger());
  auto sequence = read_task_sequence(file, SequenceRules{&registry, command.has("strict")});
  if (!sequence) return command.fail(sequence.error());

  SequenceRunner runner(registry, variables, command.logger(), cancel_on_signals());
  const SequenceOutcome outcome = runner.run(*sequence, dry_run);
  const int exit_code = dry_run ? exit_success : sequence_exit_code(outcome);
  if (command.json()) {
    std::vector<std::string> warnings = sequence->warnings;
    for (const auto& refusal : refusals) warnings.push_back(refusal.to_string());
    warnings.insert(warnings.end(), outcome.warnings.begin(), outcome.warnings.end());
    io.out << to_json(outcome, file, dry_run, exit_code, warnings)
                  .dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
           << "\n";
  } else {
    print_table(outcome, io.out);
    io.out << "Sequence " << overall(outcome, dry_run) << " (exit " << exit_code << ")\n";
  }
  return exit_code;
}

}  // namespace kmsprep
