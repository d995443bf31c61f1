// CommandDoc: one subcommand's options as people and shells read them, derived from its
// Boost.Program_options table and synopsis, so that --help, the man pages and the bash/zsh
// completion all come from the same table and cannot drift apart.
#pragma once

#include <boost/program_options.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace kmsprep {

// The hidden argument that makes a command print its CommandDoc as JSON (a command group
// prints its subcommands) instead of running; only generate_docs uses it.
inline constexpr const char* kCommandDocFlag = "--kmsprep-doc";

struct OptionDoc {
  std::string name;                  // long name without dashes: "index"
  char short_name = 0;               // 'v' for -v, 0 for none
  std::string value_name;            // "N|all", "FILE"; empty for a flag
  std::vector<std::string> choices;  // the literal values it takes ("text", "json"), if a set
  std::string description;
};

struct CommandExample {
  std::string command_line;  // "kmsprep validate install.wim --index 2"
  std::string explanation;
};

struct CommandDoc {
  std::string name;  // "validate", "image info"
  std::string synopsis;
  std::vector<OptionDoc> options;
  std::vector<CommandExample> examples;
};

// The value name comes from the synopsis ("--index N|all" gives "N|all", with the choice
// "all"); an option the synopsis does not show gets FILE, DIR or its own name in capitals.
CommandDoc describe_command(const std::string& name, const std::string& synopsis,
                            const boost::program_options::options_description& options);

// "Usage: ..., Options: --index N|all  WIM image index ..., Examples: ..." for --help.
std::string help_text(const CommandDoc& doc);

// The hidden `--kmsprep-doc` answer that tools/generators read back.
nlohmann::json to_json(const CommandDoc& doc);
CommandDoc command_doc_from_json(const nlohmann::json& document);

// The examples `kmsprep help CMD` prints (command_examples.cpp); two or three per command.
std::vector<CommandExample> command_examples(const std::string& name);

}  // namespace kmsprep
