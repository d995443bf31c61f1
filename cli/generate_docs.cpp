// `kmsprep --generate-docs DIR` (hidden, run by the build): asks every command of the table for
// its option table through the hidden --kmsprep-doc, so the man pages and completion scripts are
// written from exactly what --help shows, including commands other people add to the table.
#include <filesystem>
#include <iostream>
#include <optional>
#include <sstream>

#include "cli/command.hpp"
#include "cli/manual_pages.hpp"
#include "core/exit_status.hpp"
#include "core/file_io.hpp"
#include "core/utf8_path.hpp"

namespace kmsprep {
namespace {

namespace fs = std::filesystem;

std::optional<nlohmann::json> ask_for_doc(const Command& command, std::vector<std::string> args) {
  std::ostringstream out;
  std::ostringstream err;
  CommandIo io{out, err};
  args.push_back(kCommandDocFlag);
  if (command.run(args, io) != exit_success) return std::nullopt;
  return nlohmann::json::parse(out.str(), nullptr, false);
}

}  // namespace

int generate_docs(const std::string& directory) {
  std::vector<CommandManual> manuals;
  for (const auto& command : command_table()) {
    const auto answer = ask_for_doc(command, {});
    if (!answer || answer->is_discarded()) {
      std::cerr << "kmsprep: command \"" << command.name << "\" gave no --kmsprep-doc answer\n";
      return exit_environment;
    }
    CommandManual manual{command.name, command.summary, {}, {}, answer->contains("subcommands")};
    if (manual.group) {
      for (const auto& sub : (*answer)["subcommands"]) {
        const auto sub_answer = ask_for_doc(command, {sub["name"].get<std::string>()});
        if (!sub_answer || sub_answer->is_discarded()) {
          std::cerr << "kmsprep: \"" << command.name << " " << sub["name"].get<std::string>()
                    << "\" gave no --kmsprep-doc answer\n";
          return exit_environment;
        }
        manual.docs.push_back(command_doc_from_json(*sub_answer));
        manual.summaries.push_back(sub["summary"].get<std::string>());
      }
    } else {
      manual.docs.push_back(command_doc_from_json(*answer));
    }
    manuals.push_back(std::move(manual));
  }
  const fs::path root = utf8_path(directory);
  std::vector<std::pair<fs::path, std::string>> files = {
      {root / "man1" / "kmsprep.1", overview_manual_page(manuals, KMSPREP_VERSION)},
      {root / "bash-completion" / "kmsprep", bash_completion_script(manuals)},
      {root / "zsh" / "_kmsprep", zsh_completion_script(manuals)},
  };
  for (const auto& manual : manuals) {
    std::string page = "kmsprep-" + manual.name + ".1";
    files.emplace_back(root / "man1" / page, command_manual_page(manual, KMSPREP_VERSION));
  }
  for (const auto& [path, text] : files) {
    std::error_code ignored;
    fs::create_directories(path.parent_path(), ignored);
    if (auto written = replace_file_atomically(path, text); !written) {
      std::cerr << "kmsprep: " << written.error().to_string() << "\n";
      return exit_code_for(written.error());
    }
  }
  return exit_success;
}

}  // namespace kmsprep
