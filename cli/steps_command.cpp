// kmsprep steps: the step types a task sequence can use, built-in and from plugin directories.
#include <algorithm>
#include <nlohmann/json.hpp>

#include "cli/command_line.hpp"
#include "core/exit_status.hpp"
#include "plugin/step_registry.hpp"

namespace kmsprep {

namespace po = boost::program_options;

int run_steps_command(const std::vector<std::string>& args, CommandIo& io) {
  CommandLine command("steps", "[--plugin-dir DIR]... [--json]", io);
  command.add_options()("plugin-dir", po::value<std::vector<std::string>>()->composing(),
                        "also load step plugins (*.so) from DIR (repeatable; "
                        "KMSPREP_PLUGIN_PATH adds more)");
  command.add_json_option();
  if (auto early = command.parse(args)) return *early;

  StepRegistry registry;
  const auto plugin_dirs = command.has("plugin-dir")
                               ? command.get<std::vector<std::string>>("plugin-dir")
                               : std::vector<std::string>{};
  (void)registry.load_directories(plugin_directories(plugin_dirs), command.logger());

  if (command.json()) {
    nlohmann::ordered_json steps = nlohmann::ordered_json::array();
    for (const auto& entry : registry.steps()) {
      const kmsprep_step& step = *entry.descriptor;
      nlohmann::ordered_json variables = nlohmann::ordered_json::array();
      for (size_t i = 0; i < step.variable_count; ++i) {
        const kmsprep_variable_spec& spec = step.variables[i];
        variables.push_back({{"name", spec.name},
                             {"required", spec.required != 0},
                             {"direction", direction_name(spec.direction)},
                             {"description", spec.description ? spec.description : ""}});
      }
      steps.push_back({{"name", step.name},
                       {"description", step.description ? step.description : ""},
                       {"origin", entry.origin},
                       {"variables", variables}});
    }
    io.out << nlohmann::ordered_json{{"steps", steps}}.dump(
                  2, ' ', false, nlohmann::json::error_handler_t::replace)
           << "\n";
    return exit_success;
  }
  for (const auto& entry : registry.steps()) {
    const kmsprep_step& step = *entry.descriptor;
    io.out << step.name << "  (" << entry.origin << ")\n  "
           << (step.description ? step.description : "") << "\n";
    for (size_t i = 0; i < step.variable_count; ++i) {
      const kmsprep_variable_spec& spec = step.variables[i];
      std::string name = spec.name;
      name.resize(std::max<size_t>(name.size() + 1, 24), ' ');
      io.out << "    " << name << direction_name(spec.direction)
             << (spec.required ? ", required" : "") << "  "
             << (spec.description ? spec.description : "") << "\n";
    }
  }
  return exit_success;
}

}  // namespace kmsprep
