// Man pages (roff, man macros) and bash/zsh completion scripts written from the CommandDocs
// that the option tables give (option_docs.hpp). `kmsprep --generate-docs DIR` (hidden; run by
// the build) collects the docs of every command of the command table and writes them.
#pragma once

#include <string>
#include <vector>

#include "cli/option_docs.hpp"

namespace kmsprep {

// A top-level command: a leaf ("validate", one doc) or a group ("image": info, cat, put).
struct CommandManual {
  std::string name;
  std::string summary;
  std::vector<CommandDoc> docs;        // one per subcommand for a group, else one
  std::vector<std::string> summaries;  // the group's summary of each subcommand
  bool group = false;
};

std::string overview_manual_page(const std::vector<CommandManual>& commands,
                                 const std::string& version);
std::string command_manual_page(const CommandManual& command, const std::string& version);
std::string bash_completion_script(const std::vector<CommandManual>& commands);
std::string zsh_completion_script(const std::vector<CommandManual>& commands);

// Runs every command of the table with the hidden --kmsprep-doc and writes DIR/man1/*.1,
// DIR/bash-completion/kmsprep and DIR/zsh/_kmsprep. Returns the exit code.
int generate_docs(const std::string& directory);

}  // namespace kmsprep
