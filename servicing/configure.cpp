#include "servicing/configure.hpp"

#include <algorithm>
#include <array>

#include "core/product_key.hpp"
#include "core/text.hpp"
#include "servicing/answer_file_locator.hpp"
#include "servicing/licensing_state_store.hpp"
#include "servicing/registry_configure.hpp"
#include "servicing/setup_complete.hpp"
#include "unattend/activation_catalog.hpp"
#include "unattend/activation_commands.hpp"
#include "unattend/answer_file.hpp"
#include "unattend/answer_file_check.hpp"
#include "unattend/processor_architecture.hpp"
#include "unattend/run_synchronous.hpp"

namespace kmsprep {
namespace {

struct FamilyChoice {
  std::optional<OsFamily> family;
  std::string source;
};

// --os, else the family of the installed product (the licensing state, else the GVLK the
// answer file installs), else the WIM's WINDOWS/VERSION. A key that is not a published GVLK
// still tells "8 or later" when it has an N, which is all SLC-versus-SPP needs.
Result<FamilyChoice> resolve_family(const ConfigureOptions& options, const AnswerFile& file,
                                    ImageSession& session) {
  if (options.os) return FamilyChoice{options.os, "--os"};
  auto installed = find_installed_product(session.image());
  if (!installed) return std::move(installed).error();
  if (installed->product) {
    return FamilyChoice{installed->product->family,
                        installed->state ? "licensing state" : "installed product key"};
  }
  if (const XmlElement* key_element =
          file.find(SettingAddress{"specialize", kShellSetupComponent, "ProductKey"})) {
    auto key = ProductKey::parse(key_element->text);
    if (key && key->has_n())
      return FamilyChoice{OsFamily::win8, "product key (Windows 8 or later)"};
  }
  if (auto family = session.family_from_metadata()) {
    return FamilyChoice{family, "WIM WINDOWS/VERSION"};
  }
  return FamilyChoice{std::nullopt, ""};
}

std::string text_at(const AnswerFile& file, const SettingAddress& address,
                    const std::string& architecture) {
  const XmlElement* element = file.find(address, architecture);
  return element ? trim_whitespace(element->text) : std::string();
}

std::vector<std::string> merged_script_commands(const std::vector<std::string>& existing,
                                                const std::optional<std::string>& kms_command,
                                                const std::optional<std::string>& user_command) {
  std::vector<std::string> commands;
  bool kms_placed = false;
  bool user_placed = false;
  for (const auto& line : existing) {
    if (kms_command && parse_slmgr_kms_command(line)) {
      if (!kms_placed) commands.push_back(*kms_command);
      kms_placed = true;
    } else if (user_command && is_user_operations_command(line)) {
      if (!user_placed) commands.push_back(*user_command);
      user_placed = true;
    } else {
      commands.push_back(line);
    }
  }
  if (kms_command && !kms_placed) commands.push_back(*kms_command);
  if (user_command && !user_placed) commands.push_back(*user_command);
  return commands;
}

// On setup media, Setup reads Autounattend.xml at the root for every pass; nothing under
// Windows/ of the media tree is ever read, so kmsprep never creates Windows/Panther there, and
// SetupComplete.cmd has no place on the media.
Result<ImagePath> media_answer_file_for_configure(Image& image, const ConfigureOptions& options,
                                                  const ImageSession& session) {
  if (options.target == ConfigureTarget::registry || options.target == ConfigureTarget::all) {
    return Error(ErrorCode::registry_target_unavailable,
                 std::string("--target ") + to_string(options.target) +
                     " on setup media: the media tree has no SOFTWARE hive (no installed "
                     "Windows whose registry could hold KMS client settings)",
                 session.describe(),
                 "run configure on the OS image inside the media (sources/install.wim with "
                 "--index N), or use --target answer-file for the media's Autounattend.xml");
  }
  const bool script =
      options.target != ConfigureTarget::answer_file &&
      (options.kms_host || options.clear_kms_host || options.standard_user_activation);
  if (script) {
    return Error(ErrorCode::media_answer_file_refused,
                 std::string("--target ") + to_string(options.target) + " on setup media: " +
                     "Windows/Setup/Scripts/SetupComplete.cmd in the media tree is never run",
                 session.describe(),
                 "use --target answer-file (the media's Autounattend.xml), or run configure on "
                 "the OS image (sources/install.wim), or give --unattend-path Autounattend.xml");
  }
  if (options.unattend_path) {
    const ImagePath windows = *ImagePath::parse("Windows");
    if (options.unattend_path->matches(windows) || options.unattend_path->is_below(windows)) {
      return Error(ErrorCode::media_answer_file_refused,
                   "--unattend-path " + options.unattend_path->to_string() +
                       " is inside setup media, where Setup never reads Windows/",
                   session.describe(),
                   "drop --unattend-path to edit the media's Autounattend.xml, or give "
                   "--unattend-path Autounattend.xml");
    }
    return *options.unattend_path;
  }
  auto path = media_answer_file_path(image, false);
  if (!path) return path;
  auto root = image.stat(*path);
  if (!root) return std::move(root).error();
  if (!*root) {
    auto in_sources = image.stat(*ImagePath::parse("sources/Autounattend.xml"));
    if (!in_sources) return std::move(in_sources).error();
    if (*in_sources) {
      return Error(ErrorCode::media_answer_file_refused,
                   "the media's answer file is " + (*in_sources)->path.to_string() +
                       ", which Setup reads only for windowsPE and offlineServicing; the KMS "
                       "client settings belong to generalize and specialize",
                   session.describe(),
                   "move it to the media root, or give --unattend-path Autounattend.xml to "
                   "create one there");
    }
  }
  return path;
}

}  // namespace

Result<ConfigureTarget> parse_configure_target(const std::string& text) {
  if (text == "answer-file") return ConfigureTarget::answer_file;
  if (text == "setupcomplete") return ConfigureTarget::setup_complete;
  if (text == "both") return ConfigureTarget::both;
  if (text == "registry") return ConfigureTarget::registry;
  if (text == "all") return ConfigureTarget::all;
  return Error::usage("--target \"" + text + "\" is not a target",
                      "use answer-file, setupcomplete, both (the two), registry or all");
}

const char* to_string(ConfigureTarget target) {
  switch (target) {
    case ConfigureTarget::answer_file:
      return "answer-file";
    case ConfigureTarget::setup_complete:
      return "setupcomplete";
    case ConfigureTarget::both:
      return "both";
    case ConfigureTarget::registry:
      return "registry";
    case ConfigureTarget::all:
      return "all";
  }
  return "answer-file";
}

Status validate_configure_options(const ConfigureOptions& options) {
  if (options.kms_host && options.clear_kms_host) {
    return Error(ErrorCode::usage_conflicting_arguments,
                 "--kms-host and --clear-kms-host contradict each other", {}, "give one of them");
  }
  if (!options.kms_host && !options.clear_kms_host && !options.skip_rearm &&
      !options.skip_auto_activation && !options.standard_user_activation) {
    return Error(ErrorCode::usage_missing_argument, "nothing to configure", {},
                 "give --kms-host, --clear-kms-host, --skip-rearm, --skip-auto-activation or "
                 "--standard-user-activation");
  }
  if (options.skip_rearm && *options.skip_rearm != 0 && *options.skip_rearm != 1) {
    return Error::usage("--skip-rearm must be 0 or 1");
  }
  return ok_status();
}

namespace {

// Where each requested setting goes, from --target. The registry takes the host and
// SkipRearm; what it cannot hold goes to the answer file.
struct SettingRoutes {
  bool to_answer_file = false;
  bool to_script = false;
  bool to_registry = false;
  bool kms = false;  // --kms-host or --clear-kms-host
  bool user_to_answer_file = false;
  bool skip_rearm_to_answer_file = false;
  bool needs_family = false;
  bool edits_answer_file = false;
};

SettingRoutes route_settings(const ConfigureOptions& options) {
  const ConfigureTarget target = options.target;
  SettingRoutes routes;
  routes.to_answer_file = target == ConfigureTarget::answer_file ||
                          target == ConfigureTarget::both || target == ConfigureTarget::all;
  routes.to_script = target == ConfigureTarget::setup_complete || target == ConfigureTarget::both ||
                     target == ConfigureTarget::all;
  routes.to_registry = target == ConfigureTarget::registry || target == ConfigureTarget::all;
  routes.user_to_answer_file = options.standard_user_activation &&
                               (routes.to_answer_file || target == ConfigureTarget::registry);
  routes.skip_rearm_to_answer_file = options.skip_rearm && target != ConfigureTarget::registry;
  routes.kms = options.kms_host || options.clear_kms_host;
  routes.needs_family = routes.skip_rearm_to_answer_file || options.skip_auto_activation ||
                        options.standard_user_activation;
  routes.edits_answer_file = (routes.to_answer_file && routes.kms) || routes.user_to_answer_file ||
                             routes.skip_rearm_to_answer_file || options.skip_auto_activation;
  return routes;
}

struct AnswerFileToEdit {
  ImagePath path;
  std::string name;  // as the image spells it when it exists
  bool exists = false;
  AnswerFile file;
  std::string text_before;  // empty for a new file
};

// The answer file to edit (parsed), or a new one where none exists yet.
Result<AnswerFileToEdit> answer_file_to_edit(Image& image, const ConfigureOptions& options,
                                             const ImageSession& session) {
  auto media = is_setup_media(image);
  if (!media) return std::move(media).error();
  auto chosen_path =
      *media ? media_answer_file_for_configure(image, options, session)
             : Result<ImagePath>(options.unattend_path.value_or(default_answer_file_path()));
  if (!chosen_path) return std::move(chosen_path).error();
  const ImagePath answer_path = *chosen_path;
  auto answer_entry = image.stat(answer_path);
  if (!answer_entry) return std::move(answer_entry).error();
  if (*answer_entry && (*answer_entry)->type != EntryType::file) {
    return Error(ErrorCode::path_is_directory, answer_path.to_string() + " is a directory",
                 session.describe());
  }
  const bool answer_exists = answer_entry->has_value();
  const std::string answer_name =
      answer_exists ? (*answer_entry)->path.to_string() : answer_path.to_string();
  if (answer_exists && (*answer_entry)->size > kMaxAnswerFileBytes) {
    return Error(ErrorCode::file_too_large,
                 "answer file has " + std::to_string((*answer_entry)->size) +
                     " bytes, more than the " + std::to_string(kMaxAnswerFileBytes) +
                     " kmsprep accepts",
                 session.describe() + ": " + answer_name);
  }
  if (!answer_exists) {
    return AnswerFileToEdit{answer_path, answer_name, false, AnswerFile::create(answer_name), ""};
  }
  auto bytes = image.read(answer_path, kTextFileReadLimit);
  if (!bytes) return std::move(bytes).error();
  auto parsed = AnswerFile::parse(*bytes, answer_name);
  if (!parsed) return std::move(parsed).error().within(session.describe());
  const std::string text_before = parsed->text();
  return AnswerFileToEdit{answer_path, answer_name, true, std::move(*parsed), text_before};
}

// resolve_family, where a setting's place depends on the family and none can be told.
Result<FamilyChoice> required_family(const ConfigureOptions& options, const AnswerFile& file,
                                     ImageSession& session) {
  auto resolved = resolve_family(options, file, session);
  if (!resolved) return std::move(resolved).error();
  if (!resolved->family) {
    return Error(ErrorCode::usage_missing_argument,
                 "cannot tell which Windows version " + session.describe() + " holds", {},
                 "pass --os FAMILY (vista, win7, win8, win81, win10): SkipRearm, "
                 "SkipAutoActivation and standard-user activation live in different places "
                 "on Vista and on 7 and later");
  }
  return resolved;
}

// The command lines the KMS host and standard-user settings become (answer file and script).
struct SettingCommands {
  std::optional<std::string> kms;
  std::optional<std::string> user;
};

SettingCommands setting_commands(const ConfigureOptions& options, const FamilyChoice& family) {
  SettingCommands commands;
  if (options.kms_host) {
    commands.kms = slmgr_set_kms_host_command(options.kms_host->to_slmgr_argument());
  }
  if (options.clear_kms_host) commands.kms = slmgr_clear_kms_host_command();
  if (options.standard_user_activation) {
    commands.user = user_operations_command(*family.family);
  }
  return commands;
}

void note_replaced(ConfigureResult& result, const std::string& answer_name,
                   const std::string& setting, const std::string& before, const std::string& after,
                   const XmlElement* element) {
  if (before.empty() || before == after) return;
  result.replaced.push_back(
      ReplacedValue{answer_name, setting, element ? element->line : 0, before, after});
}

Status set_kms_host_command(AnswerFileToEdit& edit, const std::string& kms_command,
                            const std::string& architecture, ConfigureResult& result) {
  std::string previous;
  if (auto set = set_run_synchronous_command(edit.file, "specialize", kKmsHostCommandDescription,
                                             kms_command, architecture, &previous);
      !set) {
    return set;
  }
  const XmlElement* line_of = nullptr;
  for (const auto& entry : run_synchronous_commands(edit.file, "specialize")) {
    if (entry.description == kKmsHostCommandDescription && entry.path == kms_command) {
      line_of = entry.element;
    }
  }
  note_replaced(result, edit.name,
                std::string("specialize/") + kDeploymentComponent + "/RunSynchronous (" +
                    kKmsHostCommandDescription + ")",
                previous, kms_command, line_of);
  return ok_status();
}

// SkipRearm (generalize) and SkipAutoActivation (specialize): where the family keeps them.
Status set_catalog_setting(AnswerFileToEdit& edit, ActivationSetting setting, OsFamily family,
                           const std::string& pass, const std::string& value,
                           const std::string& architecture, ConfigureResult& result) {
  const CatalogEntry& entry = catalog_entry(setting, family);
  const SettingAddress address{pass, entry.component, entry.path};
  const std::string before = text_at(edit.file, address, architecture);
  if (auto set = edit.file.set_setting(address, value, architecture); !set) return set;
  note_replaced(result, edit.name, pass + "/" + entry.component + "/" + entry.path, before, value,
                edit.file.find(address, architecture));
  return ok_status();
}

Status edit_answer_file(AnswerFileToEdit& edit, const ConfigureOptions& options,
                        const SettingRoutes& routes, const FamilyChoice& family,
                        const std::string& architecture, const SettingCommands& commands,
                        ConfigureResult& result) {
  if (routes.to_answer_file && commands.kms) {
    if (auto set = set_kms_host_command(edit, *commands.kms, architecture, result); !set) {
      return set;
    }
  }
  if (routes.user_to_answer_file && commands.user) {
    if (auto set =
            set_run_synchronous_command(edit.file, "specialize", kUserOperationsCommandDescription,
                                        *commands.user, architecture);
        !set) {
      return set;
    }
  }
  if (routes.skip_rearm_to_answer_file) {
    if (auto set =
            set_catalog_setting(edit, ActivationSetting::skip_rearm, *family.family, "generalize",
                                std::to_string(*options.skip_rearm), architecture, result);
        !set) {
      return set;
    }
  }
  if (options.skip_auto_activation) {
    if (auto set = set_catalog_setting(
            edit, ActivationSetting::skip_auto_activation, *family.family, "specialize",
            *options.skip_auto_activation ? "true" : "false", architecture, result);
        !set) {
      return set;
    }
  }
  return ok_status();
}

// The kmsprep block of SetupComplete.cmd with the new commands; nullopt when no byte changes.
Result<std::optional<std::string>> edit_setup_complete(Image& image, const ImageSession& session,
                                                       const SettingCommands& commands,
                                                       ConfigureResult& result) {
  const ImagePath script_path = *ImagePath::parse(kSetupCompletePath);
  auto script_entry = image.stat(script_path);
  if (!script_entry) return std::move(script_entry).error();
  std::string script;
  std::string script_name = script_path.to_string();
  if (*script_entry) {
    script_name = (*script_entry)->path.to_string();
    auto bytes = image.read(script_path, kTextFileReadLimit);
    if (!bytes) return std::move(bytes).error();
    script = std::move(*bytes);
    // cmd.exe reads batch files byte by byte; a UTF-16 script cannot take ASCII lines.
    if (script.rfind("\xFF\xFE", 0) == 0 || script.rfind("\xFE\xFF", 0) == 0) {
      return Error(ErrorCode::text_encoding_invalid, "SetupComplete.cmd is UTF-16",
                   session.describe() + ": " + script_name,
                   "save it as ANSI or UTF-8 without BOM (cmd.exe cannot run UTF-16 scripts), "
                   "or use --target answer-file");
    }
  }
  const auto block = find_kmsprep_block(script);
  const std::string updated = with_kmsprep_block(
      script, merged_script_commands(block ? block->commands : std::vector<std::string>{},
                                     commands.kms, commands.user));
  if (updated == script) return std::optional<std::string>();
  result.edits.push_back(FileEdit{script_name, !script_entry->has_value(), script, updated});
  return std::optional<std::string>(updated);
}

// Warn when Setup would read another file for a pass this run configures, when the file is not
// one Setup searches, and when the edited file has errors `unattend check` would report.
Status warn_about_edited_answer_file(Image& image, const ImageSession& session,
                                     const ConfigureOptions& options, const SettingRoutes& routes,
                                     const AnswerFileToEdit& edit, const FamilyChoice& family,
                                     ConfigureResult& result) {
  auto search = locate_answer_files(image);
  if (!search) return std::move(search).error();
  std::vector<std::string> passes;
  if ((routes.to_answer_file && routes.kms) || routes.user_to_answer_file ||
      options.skip_auto_activation) {
    passes.push_back("specialize");
  }
  if (routes.skip_rearm_to_answer_file) passes.push_back("generalize");
  for (const auto& pass : passes) {
    if (auto shadow = shadowing_answer_file(*search, edit.path, pass)) {
      result.warnings.push_back(
          Error(ErrorCode::answer_file_shadowed,
                *shadow + " has " + pass + " settings and comes before " + edit.name +
                    " in Setup's search order: Setup reads " + *shadow + " for " + pass +
                    " and ignores these settings",
                session.describe() + ": " + *shadow,
                "configure that file with --unattend-path " + *shadow + ", or use --target both")
              .to_string());
    }
  }
  bool searched = false;
  for (const auto& candidate : answer_file_search_order()) {
    searched = searched || ImagePath::parse(candidate.path)->matches(edit.path);
  }
  if (!searched) {
    result.warnings.push_back(
        Error(ErrorCode::answer_file_not_searched,
              edit.name + " is not a place Setup searches; it is read only when setup "
                          "/unattend or the UnattendFile registry value names it",
              session.describe() + ": " + edit.name,
              "drop --unattend-path to edit " + default_answer_file_path().to_string() +
                  ", or make sure the deployment names this file")
            .to_string());
  }
  CheckContext context;
  context.family = family.family;
  context.family_source = family.source;
  for (const auto& finding : check_answer_file(edit.file, context).findings) {
    if (finding.severity == Severity::error) {
      result.warnings.push_back(finding_text(finding, session.describe() + ": " + edit.name) +
                                " (kmsprep unattend check shows all findings)");
    }
  }
  return ok_status();
}

// Settings that went to the answer file although --target named another place.
void warn_about_answer_file_only_settings(const ImageSession& session,
                                          const ConfigureOptions& options,
                                          const SettingRoutes& routes,
                                          const std::string& answer_name, ConfigureResult& result) {
  if (!routes.to_answer_file && !routes.to_registry &&
      (options.skip_rearm || options.skip_auto_activation)) {
    result.warnings.push_back(
        Error(ErrorCode::answer_file_only_setting,
              "SkipRearm and SkipAutoActivation exist only as answer-file settings; they were "
              "written to " +
                  answer_name,
              session.describe() + ": " + answer_name,
              "nothing to do if that is intended; --target both says so explicitly")
            .to_string());
  }
  if (options.target == ConfigureTarget::registry &&
      (options.skip_auto_activation || options.standard_user_activation)) {
    result.warnings.push_back(
        "SkipAutoActivation and standard-user activation are not "
        "registry values kmsprep writes; they were written to " +
        answer_name);
  }
}

// The SOFTWARE hive's KMS client settings; a hive to write when any value changes.
Result<std::optional<std::pair<ImagePath, MemoryFile>>> plan_registry(
    Image& image, const ConfigureOptions& options, ConfigureResult& result) {
  auto plan = plan_registry_configure(
      image, RegistryConfigureRequest{options.kms_host, options.clear_kms_host, options.skip_rearm,
                                      options.os});
  if (!plan) return std::move(plan).error();
  result.registry_hive = plan->hive_path;
  result.registry_family_source = plan->family_source;
  result.registry_changes = std::move(plan->changes);
  std::optional<std::pair<ImagePath, MemoryFile>> new_hive;
  if (plan->new_hive) {
    new_hive.emplace(*ImagePath::parse(plan->hive_path), std::move(*plan->new_hive));
  }
  return new_hive;
}

// Stages every write and commits them in one commit.
Status write_and_commit(Image& image, std::vector<std::pair<ImagePath, std::string>> writes,
                        std::optional<std::pair<ImagePath, MemoryFile>> new_hive,
                        ConfigureResult& result) {
  for (auto& [path, bytes] : writes) {
    if (auto written = image.write(path, std::move(bytes)); !written) {
      return std::move(written).error();
    }
  }
  if (new_hive) {
    if (auto written = image.write_file(new_hive->first, std::move(new_hive->second)); !written) {
      return std::move(written).error();
    }
  }
  auto committed = image.commit();
  if (!committed) return std::move(committed).error();
  result.committed = committed->wrote;
  return ok_status();
}

}  // namespace

Result<ConfigureResult> configure_image(ImageSession& session, const ConfigureOptions& options,
                                        bool dry_run) {
  if (auto valid = validate_configure_options(options); !valid) return std::move(valid).error();
  Image& image = session.image();
  ConfigureResult result;
  const SettingRoutes routes = route_settings(options);
  auto edit = answer_file_to_edit(image, options, session);
  if (!edit) return std::move(edit).error();

  auto chosen_family = routes.needs_family ? required_family(options, edit->file, session)
                                           : Result<FamilyChoice>(FamilyChoice{});
  if (!chosen_family) return std::move(chosen_family).error();
  const FamilyChoice& family = *chosen_family;
  result.family = family.family;
  result.family_source = family.source;
  const ArchitectureChoice arch = choose_processor_architecture(
      options.architecture, edit->exists ? &edit->file : nullptr, session.property("WINDOWS/ARCH"));
  result.architecture = arch.architecture;
  result.architecture_source = arch.reason;

  const SettingCommands commands = setting_commands(options, family);
  if (auto edited =
          edit_answer_file(*edit, options, routes, family, arch.architecture, commands, result);
      !edited) {
    Error error = edited.error();
    return std::move(error.within(session.describe()));
  }
  std::vector<std::pair<ImagePath, std::string>> writes;
  if (edit->file.modified()) {
    result.edits.push_back(
        FileEdit{edit->name, !edit->exists, edit->text_before, edit->file.text()});
    writes.emplace_back(edit->path, edit->file.bytes());
  }
  if (routes.to_script && (commands.kms || commands.user)) {
    auto script = edit_setup_complete(image, session, commands, result);
    if (!script) return std::move(script).error();
    if (*script) writes.emplace_back(*ImagePath::parse(kSetupCompletePath), std::move(**script));
  }

  if (routes.edits_answer_file) {
    if (auto warned =
            warn_about_edited_answer_file(image, session, options, routes, *edit, family, result);
        !warned) {
      return std::move(warned).error();
    }
  }
  warn_about_answer_file_only_settings(session, options, routes, edit->name, result);

  std::optional<std::pair<ImagePath, MemoryFile>> new_hive;  // a file, so it is not copied
  if (routes.to_registry && (routes.kms || options.skip_rearm)) {
    auto planned = plan_registry(image, options, result);
    if (!planned) return std::move(planned).error();
    new_hive = std::move(*planned);
  }

  if (dry_run || (writes.empty() && !new_hive)) return result;
  Status committed = write_and_commit(image, std::move(writes), std::move(new_hive), result);
  if (!committed) return std::move(committed).error();
  return result;
}

std::string ReplacedValue::message() const {
  return Error(ErrorCode::answer_file_value_replaced, setting + " was " + before + ", now " + after,
               line > 0 ? file + ":" + std::to_string(line) : file,
               "nothing to do if this was intended; the diff (--dry-run) shows the edit")
      .to_string();
}

std::string registry_change_table(const std::string& hive,
                                  const std::vector<RegistryChange>& changes) {
  std::vector<std::array<std::string, 3>> rows = {{"value", "before", "after"}};
  for (const auto& change : changes) {
    rows.push_back({change.key + "\\" + change.value_name, change.before.value_or("(absent)"),
                    change.after.value_or("(deleted)")});
  }
  size_t widths[2] = {0, 0};
  for (const auto& row : rows) {
    widths[0] = std::max(widths[0], row[0].size());
    widths[1] = std::max(widths[1], row[1].size());
  }
  std::string out = "registry " + hive + " (before -> after):\n";
  for (const auto& row : rows) {
    out += "  " + row[0] + std::string(widths[0] - row[0].size() + 2, ' ') + row[1] +
           std::string(widths[1] - row[1].size() + 2, ' ') + row[2] + "\n";
  }
  return mask_product_keys(out);
}

}  // namespace kmsprep
