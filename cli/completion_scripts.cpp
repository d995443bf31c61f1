// bash and zsh completion for kmsprep, written from the same CommandDocs as --help and the man
// pages: commands, subcommands, options, an option's fixed values (--format text|json|junit),
// file names for file-like values, and for --index the indexes of the WIM on the line.
#include <set>
#include <sstream>

#include "cli/manual_pages.hpp"

namespace kmsprep {
namespace {

std::string joined(const std::vector<std::string>& words) {
  std::string text;
  for (const auto& word : words) text += (text.empty() ? "" : " ") + word;
  return text;
}

std::string function_suffix(const std::string& name) {
  std::string suffix;
  for (char c : name) suffix += (c == ' ' || c == '-') ? '_' : c;
  return suffix;
}

// Values that name a path complete as file names; fixed choices complete as themselves.
bool takes_path(const OptionDoc& option) {
  const std::string& value = option.value_name;
  return value.find("FILE") != std::string::npos || value.find("DIR") != std::string::npos ||
         value.find("MEDIA") != std::string::npos || value.find("IMAGE") != std::string::npos ||
         value.find(".xml") != std::string::npos || value.find(".csv") != std::string::npos;
}

void bash_options_case(std::ostream& out, const CommandDoc& doc) {
  std::vector<std::string> words;
  for (const auto& option : doc.options) words.push_back("--" + option.name);
  out << "    \"" << doc.name << "\")\n      case \"$previous\" in\n";
  for (const auto& option : doc.options) {
    if (option.value_name.empty()) continue;
    out << "        --" << option.name << ")\n";
    if (option.name == "index") {
      out << "          _kmsprep_indexes \"" << joined(option.choices) << "\"; return ;;\n";
    } else if (!option.choices.empty()) {
      out << "          COMPREPLY=($(compgen -W \"" << joined(option.choices)
          << "\" -- \"$current\")); return ;;\n";
    } else if (takes_path(option)) {
      out << "          COMPREPLY=($(compgen -f -- \"$current\")); return ;;\n";
    } else {
      out << "          return ;;\n";
    }
  }
  out << "      esac\n      options=\"" << joined(words) << "\" ;;\n";
}

}  // namespace

// Long on purpose: the bash script written top to bottom as bash reads it.
std::string bash_completion_script(const std::vector<CommandManual>& commands) {
  std::vector<std::string> names;
  for (const auto& command : commands) names.push_back(command.name);
  std::ostringstream out;
  out << "# bash completion for kmsprep; generated from its option tables at build time.\n"
         "# shellcheck shell=bash\n\n"
         "# WIM image indexes of the first IMAGE-like word, from `kmsprep image info --json`.\n"
         "_kmsprep_indexes() {\n"
         "  local image word indexes\n"
         "  for word in \"${COMP_WORDS[@]:2}\"; do\n"
         "    case $word in *.wim|*.WIM|*.esd|*.ESD) image=$word; break ;; esac\n"
         "  done\n"
         "  if [[ -n $image && -f $image ]]; then\n"
         "    indexes=$(kmsprep image info \"$image\" --json 2>/dev/null |\n"
         "      sed -n 's/^ *\"index\": *\\([0-9][0-9]*\\).*/\\1/p' | sort -un)\n"
         "  fi\n"
         "  COMPREPLY=($(compgen -W \"$indexes $1\" -- \"$current\"))\n"
         "}\n\n"
         "_kmsprep() {\n"
         "  local current=${COMP_WORDS[COMP_CWORD]} previous=${COMP_WORDS[COMP_CWORD-1]}\n"
         "  local command options\n"
         "  if ((COMP_CWORD == 1)); then\n"
         "    COMPREPLY=($(compgen -W \"help --help --version "
      << joined(names)
      << "\" -- \"$current\"))\n"
         "    return\n"
         "  fi\n"
         "  command=${COMP_WORDS[1]}\n"
         "  if [[ $command == help ]]; then\n"
         "    ((COMP_CWORD == 2)) && COMPREPLY=($(compgen -W \""
      << joined(names)
      << "\" -- \"$current\"))\n"
         "    return\n"
         "  fi\n"
         "  case $command in\n";
  for (const auto& command : commands) {
    if (!command.group) continue;
    std::vector<std::string> subcommands;
    for (const auto& doc : command.docs)
      subcommands.push_back(doc.name.substr(command.name.size() + 1));
    out << "    " << command.name << ")\n"
        << "      if ((COMP_CWORD == 2)); then\n"
        << "        COMPREPLY=($(compgen -W \"" << joined(subcommands) << "\" -- \"$current\"))\n"
        << "        return\n      fi\n"
        << "      command=\"" << command.name << " ${COMP_WORDS[2]}\" ;;\n";
  }
  out << "  esac\n  case $command in\n";
  for (const auto& command : commands) {
    for (const auto& doc : command.docs) bash_options_case(out, doc);
  }
  out << "    *) return ;;\n  esac\n"
         "  if [[ $current == -* ]]; then\n"
         "    COMPREPLY=($(compgen -W \"$options\" -- \"$current\"))\n"
         "  else\n"
         "    COMPREPLY=($(compgen -f -- \"$current\"))\n"
         "  fi\n"
         "}\n"
         "complete -o filenames -F _kmsprep kmsprep\n";
  return out.str();
}

// Long on purpose: the zsh script written top to bottom as zsh reads it.
std::string zsh_completion_script(const std::vector<CommandManual>& commands) {
  auto quoted = [](std::string text) {
    std::string out;
    for (char c : text) {
      if (c == '\'')
        out += "'\\''";
      else if (c == '[' || c == ']' || c == ':')
        out += std::string("\\") + c;
      else
        out += c;
    }
    return out;
  };
  std::ostringstream out;
  out << "#compdef kmsprep\n# zsh completion for kmsprep; generated from its option tables at "
         "build time.\n\n";
  for (const auto& command : commands) {
    for (const auto& doc : command.docs) {
      out << "_kmsprep_" << function_suffix(doc.name) << "() {\n  _arguments -s \\\n";
      for (const auto& option : doc.options) {
        out << "    '--" << option.name << "[" << quoted(option.description) << "]";
        if (!option.value_name.empty()) {
          out << ":" << quoted(option.value_name) << ":";
          if (!option.choices.empty() && option.name != "index") {
            out << "(" << joined(option.choices) << ")";
          } else if (takes_path(option)) {
            out << "_files";
          } else {
            out << " ";
          }
        }
        out << "' \\\n";
      }
      out << "    '*:argument:_files'\n}\n\n";
    }
  }
  out << "_kmsprep() {\n  local -a commands\n  commands=(\n";
  for (const auto& command : commands) {
    out << "    '" << command.name << ":" << quoted(command.summary) << "'\n";
  }
  out << "  )\n  if (( CURRENT == 2 )); then\n"
         "    _describe -t commands 'kmsprep command' commands\n    return\n  fi\n"
         "  case $words[2] in\n"
         "    help) (( CURRENT == 3 )) && _describe -t commands 'kmsprep command' commands ;;\n";
  for (const auto& command : commands) {
    if (command.group) {
      out << "    " << command.name << ")\n      if (( CURRENT == 3 )); then\n"
          << "        local -a subcommands\n        subcommands=(";
      for (size_t i = 0; i < command.docs.size(); ++i) {
        out << " '" << command.docs[i].name.substr(command.name.size() + 1) << ":"
            << quoted(command.summaries[i]) << "'";
      }
      out << " )\n        _describe -t commands 'kmsprep " << command.name
          << " command' subcommands\n      else\n"
          << "        shift 2 words; (( CURRENT -= 2 ))\n"
          << "        case $words[1] in\n";
      for (const auto& doc : command.docs) {
        out << "          " << doc.name.substr(command.name.size() + 1) << ") _kmsprep_"
            << function_suffix(doc.name) << " ;;\n";
      }
      out << "        esac\n      fi ;;\n";
    } else {
      out << "    " << command.name << ") shift words; (( CURRENT-- )); _kmsprep_"
          << function_suffix(command.name) << " ;;\n";
    }
  }
  out << "  esac\n}\n\n_kmsprep \"$@\"\n";
  return out.str();
}

}  // namespace kmsprep
