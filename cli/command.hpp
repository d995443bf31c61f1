// The subcommand table: one {name, summary, run} row per subcommand; `kmsprep --help` and
// `kmsprep help CMD` are generated from it. Rows live in command_table.cpp.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace kmsprep {

struct CommandIo {
  std::ostream& out;
  std::ostream& err;
};

// `args` are the words after the subcommand name. Returns the process exit code.
using CommandFunction = int (*)(const std::vector<std::string>& args, CommandIo& io);

struct Command {
  const char* name;
  const char* summary;
  CommandFunction run;
};

const std::vector<Command>& command_table();

// Runs the subcommand of a command group ("kmsprep image info ...") named by args[0]; prints
// the group's usage for no argument or --help, and a usage error for an unknown name.
int dispatch_subcommand(const std::string& group, const std::vector<Command>& subcommands,
                        const std::vector<std::string>& args, CommandIo& io);

}  // namespace kmsprep
