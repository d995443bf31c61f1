#include "cli/command.hpp"

namespace kmsprep {

// One function per subcommand, each in its own <name>_command.cpp.
int run_image_command(const std::vector<std::string>& args, CommandIo& io);

const std::vector<Command>& command_table() {
  static const std::vector<Command> table = {
      {"image", "inspect and edit images: info, cat, put", run_image_command},
  };
  return table;
}

}  // namespace kmsprep
