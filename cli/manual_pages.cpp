#include "cli/manual_pages.hpp"

#include <cctype>
#include <sstream>

namespace kmsprep {
namespace {

// Text as roff reads it: backslashes escaped, dashes as \- (so options copy and search as
// ASCII), and no line that starts with a control character.
std::string roff(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\\')
      out += "\\e";
    else if (c == '-')
      out += "\\-";
    else
      out += c;
  }
  if (!out.empty() && (out[0] == '.' || out[0] == '\'')) out.insert(0, "\\&");
  return out;
}

std::string page_name(const std::string& command) {
  std::string name = "kmsprep-" + command;
  for (char& c : name) {
    if (c == ' ') c = '-';
  }
  return name;
}

std::string upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

void write_options(std::ostream& out, const CommandDoc& doc) {
  for (const auto& option : doc.options) {
    out << ".TP\n";
    if (option.short_name) out << "\\fB\\-" << option.short_name << "\\fR, ";
    out << "\\fB\\-\\-" << roff(option.name) << "\\fR";
    if (!option.value_name.empty()) out << " \\fI" << roff(option.value_name) << "\\fR";
    out << "\n" << roff(option.description) << "\n";
  }
}

void write_examples(std::ostream& out, const CommandDoc& doc) {
  for (const auto& example : doc.examples) {
    out << ".PP\n"
        << roff(example.explanation) << ":\n.PP\n.RS 4\n.EX\n"
        << roff(example.command_line) << "\n.EE\n.RE\n";
  }
}

const char* exit_status_section =
    ".SH EXIT STATUS\n"
    ".TP\n0\nsuccess\n"
    ".TP\n1\nchecks or a step failed\n"
    ".TP\n2\nusage error\n"
    ".TP\n3\nbad, unsupported or missing input; the input is left byte\\-identical\n"
    ".TP\n4\nenvironment failure: permissions, disk full, missing tool\n"
    ".TP\n194 (Linux), 3010 (Windows)\nsuccess with reboot required (task\\-sequence steps)\n";

}  // namespace

std::string overview_manual_page(const std::vector<CommandManual>& commands,
                                 const std::string& version) {
  std::ostringstream out;
  out << ".TH KMSPREP 1 \"\" \"kmsprep " << roff(version) << "\" \"User Commands\"\n"
      << ".SH NAME\nkmsprep \\- prepare Windows images for KMS volume activation, offline\n"
      << ".SH SYNOPSIS\n\\fBkmsprep\\fR \\fICOMMAND\\fR [\\fIARGS\\fR...]\n.br\n"
      << "\\fBkmsprep help\\fR \\fICOMMAND\\fR\n.br\n\\fBkmsprep \\-\\-version\\fR\n"
      << ".SH DESCRIPTION\nkmsprep services Windows deployment images (directories, WIM and "
         "ISO files) from Linux for KMS volume activation: it installs KMS client setup keys, "
         "configures the KMS host, generalizes, and validates the result against a KMS client "
         "engine. Each command has its own page, listed below.\n"
      << ".SH COMMANDS\n";
  for (const auto& command : commands) {
    out << ".TP\n\\fB" << roff(command.name) << "\\fR\n"
        << roff(command.summary) << " (\\fB" << roff(page_name(command.name)) << "\\fR(1))\n";
  }
  out << ".SH ENVIRONMENT\n.TP\nKMSPREP_PLUGIN_PATH\ncolon\\-separated directories to load "
         "step plugins from, after every \\-\\-plugin\\-dir\n.TP\nTZ\nthe time zone of CMTrace "
         "log lines (\\-\\-log); they carry its bias in minutes as ConfigMgr writes it\n"
      << exit_status_section << ".SH SEE ALSO\n";
  for (size_t i = 0; i < commands.size(); ++i) {
    out << "\\fB" << roff(page_name(commands[i].name)) << "\\fR(1)"
        << (i + 1 < commands.size() ? ",\n" : "\n");
  }
  return out.str();
}

std::string command_manual_page(const CommandManual& command, const std::string& version) {
  std::ostringstream out;
  out << ".TH " << roff(upper(page_name(command.name))) << " 1 \"\" \"kmsprep " << roff(version)
      << "\" \"User Commands\"\n.SH NAME\n"
      << roff(page_name(command.name)) << " \\- " << roff(command.summary) << "\n.SH SYNOPSIS\n";
  for (const auto& doc : command.docs) {
    out << "\\fBkmsprep " << roff(doc.name) << "\\fR " << roff(doc.synopsis) << "\n.br\n";
  }
  if (command.group) {
    out << ".SH COMMANDS\n";
    for (size_t i = 0; i < command.docs.size(); ++i) {
      out << ".SS kmsprep " << roff(command.docs[i].name) << "\n"
          << roff(command.summaries[i]) << ".\n";
      write_options(out, command.docs[i]);
    }
  } else {
    out << ".SH DESCRIPTION\n" << roff(command.summary) << ".\n.SH OPTIONS\n";
    write_options(out, command.docs.front());
  }
  out << ".SH EXAMPLES\n";
  for (const auto& doc : command.docs) write_examples(out, doc);
  out << exit_status_section << ".SH SEE ALSO\n\\fBkmsprep\\fR(1)\n";
  return out.str();
}

}  // namespace kmsprep
