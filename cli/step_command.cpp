// kmsprep step NAME: runs one step as a task-sequence command line (MDT "Run Command Line",
// ConfigMgr). Exit 0 success, reboot_required_exit_code() success with reboot required (194 on
// Linux, 3010 on Windows), 1 failure; the real result goes to the log, to --json and to
// _KMSPREPLastResult.
#include <nlohmann/json.hpp>

#include "cli/command_line.hpp"
#include "core/exit_status.hpp"
#include "plugin/cancellation.hpp"
#include "plugin/step_host.hpp"
#include "plugin/step_log.hpp"
#include "plugin/step_registry.hpp"

namespace kmsprep {

namespace {

namespace po = boost::program_options;

// The outcome as JSON (--json) or text; output variables are masked as the log masks them.
void print_step_outcome(std::ostream& out, bool json, const StepEntry& step,
                        const StepOutcome& outcome, const Variables& variables, int exit_code) {
  if (json) {
    nlohmann::ordered_json outputs = nlohmann::ordered_json::object();
    for (const auto& [variable, value] : variables.outputs()) {
      outputs[variable] = loggable_value(variable, value);
    }
    out << nlohmann::ordered_json{{"step", step.descriptor->name},
                                  {"origin", step.origin},
                                  {"result", outcome.result},
                                  {"succeeded", outcome.succeeded},
                                  {"reboot_required", outcome.reboot_requested},
                                  {"exit_code", exit_code},
                                  {"seconds", outcome.seconds},
                                  {"outputs", outputs}}
               .dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
        << "\n";
  } else {
    out << "Step " << step.descriptor->name << ": result " << outcome.result << " ("
        << (outcome.reboot_requested ? "success, reboot required"
            : outcome.succeeded      ? "success"
                                     : "failure")
        << ")\n";
    for (const auto& [variable, value] : variables.outputs()) {
      out << "  " << variable << " = " << loggable_value(variable, value) << "\n";
    }
  }
}

}  // namespace

int run_step_command(const std::vector<std::string>& args, CommandIo& io) {
  CommandLine command("step", "NAME [--plugin-dir DIR]... [--var NAME=VALUE]... [--json]", io);
  command.add_options()(
      "plugin-dir", po::value<std::vector<std::string>>()->composing(),
      "also load step plugins (*.so) from DIR (repeatable; KMSPREP_PLUGIN_PATH adds more)")(
      "var", po::value<std::vector<std::string>>()->composing(),
      "set a variable (repeatable); above KMSPREP_<NAME> and <NAME> in the environment");
  command.add_positional("name");
  command.add_json_option();
  if (auto early = command.parse(args)) return *early;
  if (!command.has("name")) return command.fail(Error::usage("NAME is missing"));
  const std::string name = command.get<std::vector<std::string>>("name").front();
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
  (void)registry.load_directories(plugin_directories(plugin_dirs), command.logger());
  const StepEntry* step = registry.find(name);
  if (!step) {
    return command.fail(Error(ErrorCode::step_unknown,
                              "no built-in step or loaded plugin is called \"" + name + "\"", {},
                              "`kmsprep steps --plugin-dir DIR` lists the step types"));
  }

  StepRun run;
  run.step = step;
  run.component = step->descriptor->name;
  const StepOutcome outcome = run_step(run, variables, command.logger(), cancel_on_signals());
  const int exit_code = !outcome.succeeded         ? exit_failed
                        : outcome.reboot_requested ? reboot_required_exit_code()
                                                   : exit_success;
  print_step_outcome(io.out, command.json(), *step, outcome, variables, exit_code);
  return exit_code;
}

}  // namespace kmsprep
