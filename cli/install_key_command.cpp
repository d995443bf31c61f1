// kmsprep install-key: `slmgr -ipk` for offline images (answer file + licensing state).
#include <nlohmann/json.hpp>

#include "cli/command_line.hpp"
#include "cli/image_argument.hpp"
#include "cli/index_planning.hpp"
#include "cli/json_views.hpp"
#include "core/exit_status.hpp"
#include "core/text.hpp"
#include "core/unified_diff.hpp"
#include "engine/gvlk_catalog.hpp"
#include "servicing/install_key.hpp"
#include "servicing/os_random.hpp"
#include "servicing/setup_media.hpp"
#include "unattend/processor_architecture.hpp"

namespace kmsprep {
namespace {

namespace po = boost::program_options;

struct KeySource {
  std::optional<ProductKey> key;  // nullopt: --key auto, chosen per image
  std::string description;        // "--key", "sources/pid.txt of MEDIA", "auto"
};

Result<KeySource> key_source_from(CommandLine& command) {
  const bool has_key = command.has("key");
  const bool has_media = command.has("media");
  if (has_key == has_media) {
    return Error(ErrorCode::usage_missing_argument,
                 has_key ? "give either --key or --media, not both"
                         : "give the key with --key KEY, --key auto or --media MEDIA");
  }
  if (has_media) {
    auto media = read_setup_media(command.get<std::string>("media"), &command.logger());
    if (!media) return std::move(media).error();
    for (const auto& warning : media->warnings) command.logger().warning("install-key", warning);
    return KeySource{media->pid.key, media->source};
  }
  const std::string text = command.get<std::string>("key");
  if (to_lower_ascii(text) == "auto") return KeySource{std::nullopt, "auto"};
  auto key = ProductKey::parse(text);
  if (!key) {
    Error error = std::move(key).error();
    return Error(ErrorCode::usage_invalid_argument, "--key: " + error.detail(), {}, error.hint());
  }
  return KeySource{*key, "--key"};
}

// The catalog release ("2019", "LTSC 2021") of an installed product, null for a non-GVLK key.
nlohmann::json release_of(const std::optional<std::string>& product_id) {
  const GvlkEntry* product = product_id ? find_gvlk_by_product_id(*product_id) : nullptr;
  return product ? nlohmann::json(std::string(product->release)) : nlohmann::json();
}

Result<InstallKeyOptions> options_from(const CommandLine& command) {
  InstallKeyOptions options;
  if (command.has("os")) {
    auto family = parse_os_family(command.get<std::string>("os"));
    if (!family) return Error::usage("--os: " + family.error().detail(), family.error().hint());
    options.os = *family;
  }
  if (command.has("arch")) {
    auto arch = parse_processor_architecture(command.get<std::string>("arch"));
    if (!arch) return std::move(arch).error();
    options.architecture = *arch;
  }
  options.windows_pe = command.has("windows-pe");
  options.allow_non_gvlk = command.has("allow-non-gvlk");
  options.dry_run = command.has("dry-run");
  return options;
}

void add_install_key_options(CommandLine& command) {
  command.add_options()("key", po::value<std::string>(),
                        "the product key, or auto: each image's GVLK from its "
                        "EditionID and build")("media", po::value<std::string>(),
                                               "setup media (folder, ISO, archive) or a pid.txt "
                                               "whose key to install")(
      "os", po::value<std::string>(), "Windows family when the image metadata does not say")(
      "arch", po::value<std::string>(), "processorArchitecture of new components")(
      "windows-pe", "write Autounattend.xml (windowsPE UserData/ProductKey) on setup media")(
      "allow-non-gvlk", "accept a key that is not a published KMS client setup key")(
      "dry-run", "print what would change and write nothing");
  add_image_arguments(command, true);
}

// With several indexes, plan every one first so a refusal in any leaves all untouched.
Status plan_every_index(const std::string& path, const std::vector<int>& indexes, Logger* logger,
                        const KeySource& source, InstallKeyOptions plan, RandomSource& random) {
  plan.dry_run = true;
  return dry_run_every_index(path, indexes, logger, [&](ImageSession& session) {
    auto key = source.key ? Result<ProductKey>(*source.key) : automatic_key_for(session);
    if (!key) return ok_status();  // reported below, when the image is left alone
    auto result = install_key(session, *key, plan, random);
    return result ? ok_status() : Status(result.error());
  });
}

// What every index adds to the command's output.
struct InstallKeyOutput {
  bool any_skipped = false;
  nlohmann::json results = nlohmann::json::array();
  nlohmann::json warnings = nlohmann::json::array();
  std::string text;
};

// --key auto refused this image (no published key, a build the catalog does not know): the
// message carries the E-code and what to do.
void report_left_alone(CommandLine& command, const ImageSession& session, const Error& refusal,
                       InstallKeyOutput& output) {
  output.any_skipped = true;
  const std::string name = session.describe();
  const std::string why = refusal.to_string();
  command.logger().warning("install-key", name + ": left alone: " + why);
  output.results.push_back({{"index", session.index()},
                            {"skipped", refusal.detail()},
                            {"error_code", static_cast<int>(refusal.code())},
                            {"changed", false}});
  output.text += name + ": left alone: " + why + "\n";
}

void report_installed(CommandLine& command, const ImageSession& session, const ProductKey& key,
                      const KeySource& source, const InstallKeyOptions& options,
                      const InstallKeyResult& result, InstallKeyOutput& output) {
  const std::string name = session.describe();
  for (const auto& warning : result.warnings) {
    command.logger().warning("install-key", name + ": " + warning);
    output.warnings.push_back(name + ": " + warning);
  }
  nlohmann::json replaced = replaced_json(result.replaced);
  for (const auto& value : result.replaced) {
    command.logger().info("install-key", name + ": " + value.message());
    output.text += name + ": " + value.message() + "\n";
  }
  nlohmann::json files = nlohmann::json::array();
  std::string diff;
  for (const auto& edit : result.edits) {
    files.push_back({{"path", edit.path}, {"created", edit.created}});
    diff += unified_diff(edit.path, edit.before, edit.after);
  }
  nlohmann::json entry = {
      {"index", session.index()},
      {"partial_key", result.partial_key},
      {"product_id", result.product_id ? nlohmann::json(*result.product_id) : nlohmann::json()},
      {"release", release_of(result.product_id)},
      {"key_source", source.description},
      {"answer_file", result.answer_file},
      {"changed", !result.edits.empty()},
      {"written", result.committed},
      {"state_created", result.state_created},
      {"files", files},
      {"replaced", replaced}};
  if (options.dry_run) entry["diff"] = mask_product_keys(diff);
  output.results.push_back(entry);
  const std::string product = result.product_id ? *result.product_id : "not a published GVLK";
  if (result.edits.empty()) {
    output.text += name + ": " + key.masked() + " (" + product +
                   ") is already installed; nothing "
                   "changed\n";
  } else if (options.dry_run) {
    output.text += name + ": would install " + key.masked() + " (" + product +
                   ") (dry run, nothing written):\n" + mask_product_keys(diff);
  } else {
    output.text += name + ": installed " + key.masked() + " (" + product + ") into " +
                   result.answer_file +
                   (result.state_created ? "; new licensing state and CMID" : "") + "\n";
  }
  command.logger().info("install-key", name + ": " + key.masked() + " from " + source.description);
}

}  // namespace

int run_install_key_command(const std::vector<std::string>& args, CommandIo& io) {
  CommandLine command("install-key",
                      "IMAGE (--key KEY | --media MEDIA | --key auto) [--index N|all] "
                      "[--os FAMILY] [--arch ARCH] [--windows-pe] [--allow-non-gvlk] "
                      "[--dry-run] [--json]",
                      io);
  add_install_key_options(command);
  if (auto early = command.parse(args)) return *early;
  if (!command.has("image")) return command.fail(Error::usage("IMAGE is missing"));
  const std::string path = command.get<std::vector<std::string>>("image").front();
  auto source = key_source_from(command);
  if (!source) return command.fail(source.error());
  auto options = options_from(command);
  if (!options) return command.fail(options.error());
  auto index = command.index();
  if (!index) return command.fail(index.error());
  Logger* logger = &command.logger();
  auto indexes = resolve_image_indexes(path, *index, logger);
  if (!indexes) return command.fail(indexes.error());

  SeededRandom random = random_seeded_by_operating_system();
  if (!options->dry_run) {
    auto planned = plan_every_index(path, *indexes, logger, *source, *options, random);
    if (!planned) return command.fail(planned.error());
  }
  InstallKeyOutput output;
  for (int each : *indexes) {
    auto session = ImageSession::open(path, each, !options->dry_run, logger);
    if (!session) return command.fail(session.error());
    auto key = source->key ? Result<ProductKey>(*source->key) : automatic_key_for(*session);
    if (!key) {
      report_left_alone(command, *session, key.error(), output);
      continue;
    }
    auto result = install_key(*session, *key, *options, random);
    if (!result) return command.fail(result.error());
    report_installed(command, *session, *key, *source, *options, *result, output);
  }
  if (command.json()) {
    io.out << nlohmann::json({{"image", path},
                              {"dry_run", options->dry_run},
                              {"results", output.results},
                              {"warnings", output.warnings}})
                  .dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
           << "\n";
  } else {
    io.out << output.text;
  }
  return output.any_skipped ? exit_failed : exit_success;
}

}  // namespace kmsprep
