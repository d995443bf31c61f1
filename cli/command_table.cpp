#include "cli/command.hpp"
#include "cli/option_docs.hpp"
#include "cli/usage_hints.hpp"
#include "core/exit_status.hpp"

namespace kmsprep {

// One function per subcommand, each in its own <name>_command.cpp.
int run_image_command(const std::vector<std::string>& args, CommandIo& io);
int run_pid_command(const std::vector<std::string>& args, CommandIo& io);
int run_install_key_command(const std::vector<std::string>& args, CommandIo& io);
int run_inspect_command(const std::vector<std::string>& args, CommandIo& io);
int run_generalize_command(const std::vector<std::string>& args, CommandIo& io);
int run_capture_command(const std::vector<std::string>& args, CommandIo& io);
int run_configure_command(const std::vector<std::string>& args, CommandIo& io);
int run_unattend_command(const std::vector<std::string>& args, CommandIo& io);
int run_simulate_command(const std::vector<std::string>& args, CommandIo& io);
int run_gvlk_command(const std::vector<std::string>& args, CommandIo& io);
int run_steps_command(const std::vector<std::string>& args, CommandIo& io);
int run_step_command(const std::vector<std::string>& args, CommandIo& io);
int run_sequence_command(const std::vector<std::string>& args, CommandIo& io);
int run_validate_command(const std::vector<std::string>& args, CommandIo& io);
int run_report_command(const std::vector<std::string>& args, CommandIo& io);
int run_dns_command(const std::vector<std::string>& args, CommandIo& io);

const std::vector<Command>& command_table() {
  static const std::vector<Command> table = {
      {"image", "inspect and edit images: info, cat, put", run_image_command},
      {"pid", "read the generic setup key from setup media (sources/pid.txt, ei.cfg)",
       run_pid_command},
      {"install-key", "install a product key into an image (slmgr -ipk, offline)",
       run_install_key_command},
      {"configure", "write KMS client settings into an image's answer file", run_configure_command},
      {"inspect", "show an image's licensing view (key, state, SkipRearm, KMS host)",
       run_inspect_command},
      {"generalize", "reset the emulated activation state as sysprep /generalize does",
       run_generalize_command},
      {"capture", "capture a directory into a new image of a WIM", run_capture_command},
      {"unattend", "answer files: locate, show, check", run_unattend_command},
      {"simulate", "simulate a KMS fleet from a topology file", run_simulate_command},
      {"gvlk", "list the published KMS client setup keys", run_gvlk_command},
      {"steps", "list the task-sequence steps, built-in and from plugins", run_steps_command},
      {"step", "run one task-sequence step (exit 0, 194/3010 = reboot, 1)", run_step_command},
      {"sequence", "run a task sequence (ts.xml subset) and print the step table",
       run_sequence_command},
      {"validate", "check an image will activate: checks + engine prediction (text, JSON, JUnit)",
       run_validate_command},
      {"report",
       "what KMS hosts saw: counts, duplicate CMIDs, grace, refusals, from exported event logs",
       run_report_command},
      {"dns", "DNS for KMS discovery: records (the _vlmcs._tcp SRV records a zone needs)",
       run_dns_command},
  };
  return table;
}

int dispatch_subcommand(const std::string& group, const std::vector<Command>& subcommands,
                        const std::vector<std::string>& args, CommandIo& io) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    std::ostream& out = args.empty() ? io.err : io.out;
    out << "Usage: kmsprep " << group << " SUBCOMMAND ...\n";
    for (const auto& sub : subcommands) {
      out << "  " << group << " " << sub.name << "  " << sub.summary << "\n";
    }
    return args.empty() ? exit_usage : exit_success;
  }
  if (args.size() == 1 && args[0] == kCommandDocFlag) {  // generate_docs asks for the list
    nlohmann::json list = nlohmann::json::array();
    for (const auto& sub : subcommands)
      list.push_back({{"name", sub.name}, {"summary", sub.summary}});
    io.out << nlohmann::json{{"subcommands", list}}.dump() << "\n";
    return exit_success;
  }
  for (const auto& sub : subcommands) {
    if (args[0] == sub.name) return sub.run({args.begin() + 1, args.end()}, io);
  }
  std::vector<std::string> names;
  for (const auto& sub : subcommands) names.push_back(sub.name);
  io.err << "kmsprep " << group << ": unknown subcommand \"" << args[0] << "\"";
  if (auto nearest = nearest_word(args[0], names)) io.err << "; did you mean " << *nearest << "?";
  io.err << "\n";
  return exit_usage;
}

}  // namespace kmsprep
