// kmsprep configure: KMS client settings into an image's answer file, SetupComplete.cmd and/or
// its SOFTWARE hive.
#include <nlohmann/json.hpp>

#include "cli/command_line.hpp"
#include "cli/image_argument.hpp"
#include "cli/index_planning.hpp"
#include "cli/json_views.hpp"
#include "core/exit_status.hpp"
#include "core/image_path.hpp"
#include "core/text.hpp"
#include "core/unified_diff.hpp"
#include "servicing/configure.hpp"
#include "servicing/image_session.hpp"
#include "unattend/processor_architecture.hpp"

namespace kmsprep {
namespace {

namespace po = boost::program_options;

Result<ConfigureOptions> options_from(const CommandLine& command) {
  ConfigureOptions options;
  if (command.has("kms-host")) {
    auto address = parse_kms_host_address(command.get<std::string>("kms-host"));
    if (!address) return std::move(address).error();
    options.kms_host = *address;
  }
  options.clear_kms_host = command.has("clear-kms-host");
  if (command.has("skip-rearm")) {
    const std::string value = command.get<std::string>("skip-rearm");
    if (value != "0" && value != "1") {
      return Error::usage("--skip-rearm \"" + value + "\" is not 0 or 1",
                          "0 rearms at generalize (the default), 1 keeps the licensing state");
    }
    options.skip_rearm = value == "1" ? 1 : 0;
  }
  if (command.has("skip-auto-activation")) {
    const std::string value = to_lower_ascii(command.get<std::string>("skip-auto-activation"));
    if (value != "true" && value != "false") {
      return Error::usage("--skip-auto-activation \"" +
                          command.get<std::string>("skip-auto-activation") +
                          "\" is not true or false");
    }
    options.skip_auto_activation = value == "true";
  }
  options.standard_user_activation = command.has("standard-user-activation");
  auto target = parse_configure_target(command.get<std::string>("target"));
  if (!target) return std::move(target).error();
  options.target = *target;
  if (command.has("os")) {
    auto family = parse_os_family(command.get<std::string>("os"));
    if (!family) {
      return Error::usage("--os: " + family.error().detail(), family.error().hint());
    }
    options.os = *family;
  }
  if (command.has("arch")) {
    auto arch = parse_processor_architecture(command.get<std::string>("arch"));
    if (!arch) return std::move(arch).error();
    options.architecture = *arch;
  }
  if (command.has("unattend-path")) {
    auto path = ImagePath::parse(command.get<std::string>("unattend-path"));
    if (!path) {
      return Error::usage("--unattend-path: " + path.error().detail(), path.error().hint());
    }
    options.unattend_path = *path;
  }
  if (auto valid = validate_configure_options(options); !valid) return std::move(valid).error();
  return options;
}

void add_configure_options(CommandLine& command) {
  command.add_options()(
      "kms-host", po::value<std::string>(),
      "KMS host for the clients: DNS name, IPv4, or [IPv6]; :PORT optional (default 1688)")(
      "clear-kms-host", "go back to DNS auto-discovery (slmgr /ckms)")(
      "skip-rearm", po::value<std::string>(), "SkipRearm at generalize: 0 or 1")(
      "skip-auto-activation", po::value<std::string>(),
      "SkipAutoActivation at specialize: true or false")(
      "standard-user-activation", "let standard users activate (UserOperations=1)")(
      "target", po::value<std::string>()->default_value("answer-file"),
      "where the settings go: answer-file, setupcomplete, both (those two), registry (the "
      "SOFTWARE hive) or all (the three)")("os", po::value<std::string>(),
                                           "Windows family when the image does not say: vista, "
                                           "win7, win8, win81, win10 (and server aliases)")(
      "arch", po::value<std::string>(), "processorArchitecture of new components")(
      "unattend-path", po::value<std::string>(),
      "answer file to edit inside the image (default Windows/Panther/unattend.xml)")(
      "dry-run", "print the changes as a diff and write nothing");
  add_image_arguments(command, true);
}

// What every index adds to the command's output.
struct ConfigureOutput {
  nlohmann::json results = nlohmann::json::array();
  nlohmann::json warnings = nlohmann::json::array();
  std::string text;
};

void log_configure_choices(CommandLine& command, const std::string& name,
                           const ConfigureResult& result) {
  if (result.family) {
    command.logger().info("configure", name + ": family " + to_string(*result.family) + " (from " +
                                           result.family_source + ")");
  }
  command.logger().info("configure", name + ": new components for " + result.architecture +
                                         " (from " + result.architecture_source + ")");
}

nlohmann::json registry_changes_json(const ConfigureResult& result) {
  nlohmann::json changes = nlohmann::json::array();
  for (const auto& change : result.registry_changes) {
    changes.push_back(
        {{"key", change.key},
         {"value", change.value_name},
         {"before", change.before ? nlohmann::json(*change.before) : nlohmann::json(nullptr)},
         {"after", change.after ? nlohmann::json(*change.after) : nlohmann::json(nullptr)}});
  }
  return changes;
}

std::string configured_text(const std::string& name, const ConfigureResult& result, bool dry_run,
                            const std::string& diff) {
  if (result.edits.empty() && result.registry_changes.empty()) {
    return name + ": nothing to change\n";
  }
  if (dry_run) return name + ": would change (dry run, nothing written):\n" + diff;
  std::string text;
  for (const auto& edit : result.edits) {
    text += name + ": " + (edit.created ? "created " : "updated ") + edit.path + "\n";
  }
  if (!result.registry_changes.empty()) {
    text += name + ": updated " + result.registry_hive + "\n" +
            registry_change_table(result.registry_hive, result.registry_changes);
  }
  return text;
}

void report_configured(CommandLine& command, const ImageSession& session, bool dry_run,
                       const ConfigureResult& result, ConfigureOutput& output) {
  const std::string name = session.describe();
  log_configure_choices(command, name, result);
  for (const auto& warning : result.warnings) {
    command.logger().warning("configure", name + ": " + warning);
    output.warnings.push_back(name + ": " + warning);
  }
  std::string replaced_text;
  for (const auto& value : result.replaced) {
    command.logger().info("configure", name + ": " + value.message());
    replaced_text += name + ": " + value.message() + "\n";
  }
  nlohmann::json files = nlohmann::json::array();
  std::string diff;
  for (const auto& edit : result.edits) {
    files.push_back({{"path", edit.path}, {"created", edit.created}});
    diff += unified_diff(edit.path, edit.before, edit.after);
  }
  if (!result.registry_changes.empty()) {
    files.push_back({{"path", result.registry_hive}, {"created", false}});
    diff += registry_change_table(result.registry_hive, result.registry_changes);
  }
  const bool changed = !result.edits.empty() || !result.registry_changes.empty();
  nlohmann::json entry = {{"index", session.index()},
                          {"family", result.family ? nlohmann::json(to_string(*result.family))
                                                   : nlohmann::json(nullptr)},
                          {"family_source", result.family_source},
                          {"architecture", result.architecture},
                          {"architecture_source", result.architecture_source},
                          {"changed", changed},
                          {"written", result.committed},
                          {"files", files},
                          {"replaced", replaced_json(result.replaced)},
                          {"registry_changes", registry_changes_json(result)}};
  if (dry_run) entry["diff"] = diff;
  output.results.push_back(entry);
  output.text += replaced_text + configured_text(name, result, dry_run, diff);
}

}  // namespace

int run_configure_command(const std::vector<std::string>& args, CommandIo& io) {
  CommandLine command(
      "configure",
      "IMAGE [--kms-host HOST[:PORT]] [--clear-kms-host] [--skip-rearm 0|1] "
      "[--skip-auto-activation true|false] [--standard-user-activation] "
      "[--target answer-file|setupcomplete|both|registry|all] [--os FAMILY] [--arch ARCH] "
      "[--unattend-path P] [--index N|all] [--dry-run] [--json]",
      io);
  add_configure_options(command);
  if (auto early = command.parse(args)) return *early;
  if (!command.has("image")) return command.fail(Error::usage("IMAGE is missing"));
  const std::string path = command.get<std::vector<std::string>>("image").front();
  auto options = options_from(command);
  if (!options) return command.fail(options.error());
  auto index = command.index();
  if (!index) return command.fail(index.error());
  const bool dry_run = command.has("dry-run");
  Logger* logger = &command.logger();

  auto indexes = resolve_image_indexes(path, *index, logger);
  if (!indexes) return command.fail(indexes.error());
  // With several indexes, plan every one first so an error in any leaves all untouched.
  if (!dry_run) {
    auto planned = dry_run_every_index(path, *indexes, logger, [&](ImageSession& session) {
      auto result = configure_image(session, *options, true);
      return result ? ok_status() : Status(result.error());
    });
    if (!planned) return command.fail(planned.error());
  }
  ConfigureOutput output;
  for (int each : *indexes) {
    auto session = ImageSession::open(path, each, !dry_run, logger);
    if (!session) return command.fail(session.error());
    auto result = configure_image(*session, *options, dry_run);
    if (!result) return command.fail(result.error());
    report_configured(command, *session, dry_run, *result, output);
  }
  if (command.json()) {
    nlohmann::json document = {{"image", path},
                               {"dry_run", dry_run},
                               {"target", to_string(options->target)},
                               {"results", output.results},
                               {"warnings", output.warnings}};
    io.out << document.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  } else {
    io.out << output.text;
  }
  return exit_success;
}

}  // namespace kmsprep
