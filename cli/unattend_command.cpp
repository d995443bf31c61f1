// kmsprep unattend locate|show|check: where an image's answer files are, what they set for
// activation, and what is wrong with them.
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cli/command_line.hpp"
#include "cli/image_argument.hpp"
#include "cli/json_views.hpp"
#include "core/exit_status.hpp"
#include "core/file_io.hpp"
#include "core/strings.hpp"
#include "core/text.hpp"
#include "core/utf8_path.hpp"
#include "servicing/answer_file_locator.hpp"
#include "servicing/image_session.hpp"
#include "servicing/kms_host_address.hpp"
#include "servicing/setup_complete.hpp"
#include "unattend/activation_commands.hpp"
#include "unattend/activation_view.hpp"
#include "unattend/answer_file_check.hpp"

namespace kmsprep {
namespace {

namespace po = boost::program_options;
using nlohmann::json;

// One answer file to look at, read from a local file or from inside an image.
struct LoadedFile {
  std::string name;  // "unattend.xml" or "install.wim index 1: Windows/Panther/unattend.xml"
  std::string path_in_image;  // empty for a local file
  AnswerFile file;
  bool media_autounattend = false;
};

struct Target {
  std::vector<LoadedFile> files;
  std::optional<AnswerFileSearch> search;
  std::optional<OsFamily> image_family;
  std::optional<std::string> image_architecture;     // WIM WINDOWS/ARCH
  std::vector<std::string> setup_complete_commands;  // the script's slmgr/reg lines
  std::string setup_complete_name;
  std::vector<int> setup_complete_lines;
};

// An answer file given directly: its bytes start with a BOM or, after blanks, with '<'.
bool looks_like_answer_file(const std::string& path) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(utf8_path(path), error)) return false;
  // Only the first bytes: IMAGE may be a WIM of several gigabytes.
  std::ifstream in(utf8_path(path), std::ios::binary);
  std::string bytes(256, '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  bytes.resize(static_cast<size_t>(in.gcount()));
  if (bytes.rfind("\xFF\xFE", 0) == 0 || bytes.rfind("\xFE\xFF", 0) == 0 ||
      bytes.rfind("\xEF\xBB\xBF", 0) == 0) {
    return true;
  }
  const size_t first = bytes.find_first_not_of(" \t\r\n");
  return first != std::string::npos && bytes[first] == '<';
}

Result<Target> load_target(const std::string& path, int index, Logger* logger) {
  Target target;
  if (looks_like_answer_file(path)) {
    auto bytes = read_file(utf8_path(path), kMaxAnswerFileBytes);
    if (!bytes) return std::move(bytes).error();
    auto file = AnswerFile::parse(*bytes, path);
    if (!file) return std::move(file).error();
    target.files.push_back(LoadedFile{path, "", std::move(*file), false});
    return target;
  }
  auto session = ImageSession::open(path, index, false, logger);
  if (!session) return std::move(session).error();
  target.image_family = session->family_from_metadata();
  target.image_architecture = session->architecture();
  auto search = locate_answer_files(session->image());
  if (!search) return std::move(search).error();
  for (const auto& found : search->found) {
    const ImagePath inner = *ImagePath::parse(found.path);
    auto bytes = session->image().read(inner, kTextFileReadLimit);
    if (!bytes) return std::move(bytes).error();
    auto file = AnswerFile::parse(*bytes, found.path);
    if (!file) return std::move(file).error().within(session->describe());
    const auto& candidate = answer_file_search_order()[found.precedence];
    const bool media = candidate.passes.front() == "windowsPE";
    target.files.push_back(
        LoadedFile{session->describe() + ": " + found.path, found.path, std::move(*file), media});
  }
  const ImagePath script_path = *ImagePath::parse(kSetupCompletePath);
  auto script_entry = session->image().stat(script_path);
  if (!script_entry) return std::move(script_entry).error();
  if (*script_entry) {
    auto script = session->image().read(script_path, kTextFileReadLimit);
    if (!script) return std::move(script).error();
    target.setup_complete_name = session->describe() + ": " + (*script_entry)->path.to_string();
    int line_number = 0;
    size_t begin = 0;
    while (begin < script->size()) {
      size_t end = script->find('\n', begin);
      if (end == std::string::npos) end = script->size();
      std::string line = script->substr(begin, end - begin);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      ++line_number;
      if (parse_slmgr_kms_command(line) || is_user_operations_command(line)) {
        target.setup_complete_commands.push_back(line);
        target.setup_complete_lines.push_back(line_number);
      }
      begin = end + 1;
    }
  }
  target.search = std::move(*search);
  return target;
}

// ---- locate

int run_locate(const std::vector<std::string>& args, CommandIo& io) {
  CommandLine command("unattend locate", "IMAGE [--index N] [--json]", io);
  add_image_arguments(command);
  if (auto early = command.parse(args)) return *early;
  auto image = image_argument(command);
  if (!image) return command.fail(image.error());
  auto session = ImageSession::open(image->path, image->index, false, &command.logger());
  if (!session) return command.fail(session.error());
  auto search = locate_answer_files(session->image());
  if (!search) return command.fail(search.error());
  const auto& order = answer_file_search_order();

  if (command.json()) {
    json document = answer_file_search_json(*search);
    document["image"] = session->describe();
    document["warnings"] = json::array();
    io.out << document.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return exit_success;
  }
  io.out << "Answer files in " << session->describe()
         << " (Setup's search order, highest first):\n";
  if (search->found.empty()) io.out << "  none\n";
  for (const auto& file : search->found) {
    io.out << "  " << file.precedence + 1 << ". " << escape_for_display(file.path) << "  ("
           << order[file.precedence].where << ")";
    if (!file.problem.empty()) {
      io.out << "  UNREADABLE: " << file.problem;
    } else if (file.passes_with_settings.empty()) {
      io.out << "  no settings";
    } else {
      io.out << "  passes:";
      for (const auto& pass : file.passes_with_settings) io.out << " " << pass;
    }
    io.out << "\n";
  }
  io.out << "Used by Setup:\n";
  for (const auto& choice : search->used) {
    io.out << "  " << choice.pass << ": " << (choice.path ? *choice.path : "(none)") << "\n";
  }
  io.out << "Not checked (cannot be seen offline):\n";
  for (const auto& location : search->not_checked) io.out << "  " << location << "\n";
  if (search->media && !search->os_image) {
    io.out << "kmsprep configure and install-key edit the media's Autounattend.xml (at the root; "
              "created when absent).\n";
  } else {
    io.out << "kmsprep configure and install-key edit " << default_answer_file_path().to_string()
           << " unless --unattend-path says otherwise.\n";
  }
  return exit_success;
}

// ---- show

json located_json(const std::optional<LocatedValue>& value, const std::string& file) {
  if (!value) return nullptr;
  return {{"value", value->value},
          {"pass", value->pass},
          {"component", value->component},
          {"file", file},
          {"line", value->line}};
}

// For an image, each pass's settings come from the file Setup uses for that pass.
const LoadedFile* file_for_pass(const Target& target, const std::string& pass) {
  if (!target.search) return target.files.empty() ? nullptr : &target.files.front();
  for (const auto& choice : target.search->used) {
    if (choice.pass != pass || !choice.path) continue;
    for (const auto& loaded : target.files) {
      if (loaded.path_in_image == *choice.path) return &loaded;
    }
  }
  return nullptr;
}

struct ShownSetting {
  std::string label;
  std::optional<LocatedValue> value;
  std::string file;
};

// In the order the text lists them; the last one is standard_user_activation.
std::vector<ShownSetting> shown_settings(const Target& target) {
  std::vector<ShownSetting> rows;
  const auto pick = [&](const std::string& label, const std::string& pass,
                        std::optional<LocatedValue> ActivationView::*member) {
    const LoadedFile* loaded = file_for_pass(target, pass);
    ShownSetting row{label, std::nullopt, ""};
    if (loaded) {
      row.value = activation_view(loaded->file).*member;
      row.file = loaded->name;
    }
    rows.push_back(row);
  };
  pick("product_key", "specialize", &ActivationView::product_key);
  pick("setup_product_key", "windowsPE", &ActivationView::setup_product_key);
  pick("will_show_ui", "windowsPE", &ActivationView::will_show_ui);
  pick("skip_rearm", "generalize", &ActivationView::skip_rearm);
  pick("skip_auto_activation", "specialize", &ActivationView::skip_auto_activation);
  pick("standard_user_activation", "specialize", &ActivationView::standard_user_activation);
  return rows;
}

struct HostSource {
  std::string mode;  // "host" | "clear"
  std::string argument;
  std::string file;
  int line = 0;
};

struct KmsHostCommands {
  std::vector<HostSource> hosts;
  bool script_user_operations = false;  // SetupComplete.cmd lines other than slmgr (reg add)
};

// KMS host: RunSynchronous commands of the specialize file, then SetupComplete.cmd (which
// runs later and so wins).
KmsHostCommands kms_host_commands(const Target& target) {
  KmsHostCommands commands;
  if (const LoadedFile* loaded = file_for_pass(target, "specialize")) {
    for (const auto& command_view : activation_view(loaded->file).kms_host_commands) {
      commands.hosts.push_back({command_view.clear ? "clear" : "host", command_view.host_and_port,
                                loaded->name, command_view.line});
    }
  }
  for (size_t i = 0; i < target.setup_complete_commands.size(); ++i) {
    if (auto slmgr = parse_slmgr_kms_command(target.setup_complete_commands[i])) {
      commands.hosts.push_back({slmgr->clear ? "clear" : "host", slmgr->host_and_port,
                                target.setup_complete_name, target.setup_complete_lines[i]});
    } else {
      commands.script_user_operations = true;
    }
  }
  return commands;
}

json shown_json(const std::string& path, const Target& target,
                const std::vector<ShownSetting>& rows, const KmsHostCommands& commands) {
  json document = {{"source", path}};
  json files = json::array();
  for (const auto& loaded : target.files) files.push_back(loaded.name);
  document["files"] = files;
  for (const auto& row : rows) document[row.label] = located_json(row.value, row.file);
  json host_list = json::array();
  for (const auto& host : commands.hosts) {
    json item = {{"mode", host.mode}, {"file", host.file}, {"line", host.line}};
    if (host.mode == "host") {
      item["argument"] = host.argument;
      if (auto address = parse_kms_host_address(host.argument)) {
        item["host"] = address->host;
        item["port"] = address->port;
      }
    }
    host_list.push_back(item);
  }
  document["kms_host_commands"] = host_list;
  document["kms_host"] = commands.hosts.empty() || commands.hosts.back().mode == "clear"
                             ? json("DNS auto-discovery")
                             : json(commands.hosts.back().argument);
  if (commands.script_user_operations && document["standard_user_activation"].is_null()) {
    document["standard_user_activation"] = {{"value", "reg add (SetupComplete.cmd)"},
                                            {"file", target.setup_complete_name}};
  }
  document["warnings"] = json::array();
  return document;
}

void print_shown_setting(std::ostream& out, const std::string& title, const ShownSetting& row) {
  out << title;
  if (!row.value) {
    out << "(not set)\n";
    return;
  }
  // Values and names come from the image's answer files.
  out << escape_for_display(row.value->value) << "  [" << escape_for_display(row.file) << ":"
      << row.value->line << ", " << escape_for_display(row.value->pass) << ", "
      << escape_for_display(row.value->component) << "]\n";
}

void print_kms_hosts(std::ostream& out, const std::vector<HostSource>& hosts) {
  out << "  KMS host:                          ";
  if (hosts.empty()) {
    out << "DNS auto-discovery (no slmgr /skms command)\n";
    return;
  }
  for (size_t i = 0; i < hosts.size(); ++i) {
    const auto& host = hosts[i];
    if (i > 0) out << "                                     then ";
    if (host.mode == "clear") {
      out << "DNS auto-discovery (slmgr /ckms)";
    } else if (auto address = parse_kms_host_address(host.argument)) {
      out << address->host << " port " << address->port;
    } else {
      out << host.argument << " (not a valid HOST:PORT)";
    }
    out << "  [" << host.file << ":" << host.line << "]\n";
  }
}

void print_shown_text(std::ostream& out, const std::string& path, const Target& target,
                      const std::vector<ShownSetting>& rows, const KmsHostCommands& commands) {
  out << "Activation settings of " << path << "\n";
  print_shown_setting(out, "  Product key (specialize):          ", rows[0]);
  print_shown_setting(out, "  Setup product key (windowsPE):     ", rows[1]);
  print_shown_setting(out, "  WillShowUI (windowsPE):            ", rows[2]);
  print_shown_setting(out, "  SkipRearm (generalize):            ", rows[3]);
  print_shown_setting(out, "  SkipAutoActivation (specialize):   ", rows[4]);
  print_kms_hosts(out, commands.hosts);
  out << "  Standard-user activation:          ";
  if (rows[5].value) {
    out << "yes (UserOperations=1)  [" << rows[5].file << ":" << rows[5].value->line << "]\n";
  } else if (commands.script_user_operations) {
    out << "yes (UserOperations=1)  [" << target.setup_complete_name << "]\n";
  } else {
    out << "no\n";
  }
}

int run_show(const std::vector<std::string>& args, CommandIo& io) {
  CommandLine command("unattend show", "FILE|IMAGE [--index N] [--json]", io);
  add_image_arguments(command, false, "source");
  if (auto early = command.parse(args)) return *early;
  auto source = image_argument(command, "source", "FILE or IMAGE is missing");
  if (!source) return command.fail(source.error());
  auto target = load_target(source->path, source->index, &command.logger());
  if (!target) return command.fail(target.error());
  const std::vector<ShownSetting> rows = shown_settings(*target);
  const KmsHostCommands commands = kms_host_commands(*target);
  if (command.json()) {
    io.out << shown_json(source->path, *target, rows, commands)
                  .dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
           << "\n";
  } else {
    print_shown_text(io.out, source->path, *target, rows, commands);
  }
  return exit_success;
}

// ---- check

struct CheckTotals {
  int errors = 0;
  int warnings = 0;
  json files = json::array();
  std::string text;
};

// One answer file's findings, into the JSON list and the text.
void check_loaded_file(const LoadedFile& loaded, CheckContext context, bool media_option,
                       CheckTotals& totals) {
  // A local file counts as media's Autounattend.xml when told so or when it has that name.
  const bool local = loaded.path_in_image.empty();
  context.autounattend_on_media =
      loaded.media_autounattend ||
      (local &&
       (media_option ||
        equals_ignoring_case(utf8_string(utf8_path(loaded.name).filename()), "Autounattend.xml")));
  const CheckReport report = check_answer_file(loaded.file, context);
  json findings = json::array();
  std::string& text = totals.text;
  text += loaded.name + ": family " +
          (report.family
               ? std::string(to_string(*report.family)) + " (from " + report.family_source + ")"
               : std::string("unknown")) +
          "\n";
  for (const auto& finding : report.findings) {
    if (finding.severity == Severity::error) ++totals.errors;
    if (finding.severity == Severity::warning) ++totals.warnings;
    const std::string location =
        finding.line > 0 ? loaded.name + ":" + std::to_string(finding.line) : loaded.name;
    findings.push_back({{"severity", to_string(finding.severity)},
                        {"id", finding.id},
                        {"code", static_cast<int>(finding.code)},
                        {"message", finding.message},
                        {"line", finding.line == 0 ? json(nullptr) : json(finding.line)},
                        {"location", location},
                        {"fix", finding.fix}});
    text += "  " + std::string(to_string(finding.severity)) + " E" +
            std::to_string(static_cast<int>(finding.code)) + ": ";
    if (finding.line > 0) text += "line " + std::to_string(finding.line) + ": ";
    text += finding.message + "\n    at: " + location + "\n    fix: " + finding.fix + "\n";
  }
  if (report.findings.empty()) text += "  no findings\n";
  totals.files.push_back(
      {{"file", loaded.name},
       {"family", report.family ? json(to_string(*report.family)) : json(nullptr)},
       {"family_source", report.family_source},
       {"family_checks_skipped", report.family_checks_skipped},
       {"findings", findings}});
}

int run_check(const std::vector<std::string>& args, CommandIo& io) {
  CommandLine command("unattend check", "FILE|IMAGE [--os F] [--index N] [--json]", io);
  command.add_options()("os", po::value<std::string>(),
                        "Windows family: vista, win7, win8, win81, win10, ...")(
      "media", "FILE is an Autounattend.xml on setup media");
  add_image_arguments(command, false, "source");
  if (auto early = command.parse(args)) return *early;
  auto source = image_argument(command, "source", "FILE or IMAGE is missing");
  if (!source) return command.fail(source.error());
  const std::string& path = source->path;
  std::optional<OsFamily> os;
  if (command.has("os")) {
    auto family = parse_os_family(command.get<std::string>("os"));
    if (!family)
      return command.fail(Error::usage("--os: " + family.error().detail(), family.error().hint()));
    os = *family;
  }
  auto target = load_target(path, source->index, &command.logger());
  if (!target) return command.fail(target.error());

  CheckContext context;
  context.architecture = target->image_architecture;
  if (os) {
    context.family = os;
    context.family_source = "--os";
  } else if (target->image_family) {
    context.family = target->image_family;
    context.family_source = "image";
  }
  CheckTotals totals;
  if (target->files.empty()) totals.text += "No answer file found in " + path + ".\n";
  for (const auto& loaded : target->files) {
    check_loaded_file(loaded, context, command.has("media"), totals);
  }
  if (command.json()) {
    json document = {{"source", path},
                     {"files", totals.files},
                     {"errors", totals.errors},
                     {"warnings", totals.warnings},
                     {"passed", totals.errors == 0}};
    io.out << document.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  } else {
    io.out << totals.text << totals.errors << " error(s), " << totals.warnings << " warning(s)\n";
  }
  return totals.errors > 0 ? exit_failed : exit_success;
}

}  // namespace

int run_unattend_command(const std::vector<std::string>& args, CommandIo& io) {
  static const std::vector<Command> subcommands = {
      {"locate", "every answer file in an image, and which one Setup uses per pass", run_locate},
      {"show", "the activation settings of an answer file or image (keys masked)", run_show},
      {"check", "activation findings with line and fix; exit 1 on errors", run_check},
  };
  return dispatch_subcommand("unattend", subcommands, args, io);
}

}  // namespace kmsprep
