// kmsprep pid: which key the media's sources/pid.txt holds, and whether Setup will use it.
#include <nlohmann/json.hpp>

#include "cli/command_line.hpp"
#include "core/exit_status.hpp"
#include "core/text.hpp"
#include "engine/gvlk_catalog.hpp"
#include "servicing/setup_media.hpp"

namespace kmsprep {
namespace {

nlohmann::json optional_text(const std::optional<std::string>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

nlohmann::json ei_config_json(const std::optional<EiConfig>& config) {
  if (!config) return nullptr;
  return {{"edition_id", optional_text(config->edition_id)},
          {"channel", optional_text(config->channel)},
          {"volume", config->volume ? nlohmann::json(*config->volume) : nlohmann::json(nullptr)}};
}

// Every product the key serves: one key can be the GVLK of several releases (Windows 10 and 11
// Enterprise), and pid.txt does not say which the media holds.
nlohmann::json served_product_ids(const ProductKey& key) {
  nlohmann::json ids = nlohmann::json::array();
  for (const GvlkEntry* product : find_gvlks_by_key(key)) ids.push_back(product->product_id);
  return ids;
}

std::string also_served(const ProductKey& key) {
  std::string names;
  for (const GvlkEntry* product : find_gvlks_by_key(key)) {
    if (product == find_gvlk_by_key(key)) continue;
    names += (names.empty() ? "" : ", ") + std::string(product->display_name) + " (" +
             std::string(product->product_id) + ")";
  }
  return names.empty() ? std::string() : " The same key is the GVLK of " + names + ".";
}

std::string setup_use_sentence(const SetupMedia& media) {
  if (media.answer_files.empty()) {
    return "Setup installs it to choose the edition when it starts from this media (the key "
           "is never used to activate).";
  }
  std::string files;
  for (const auto& file : media.answer_files) files += (files.empty() ? "" : " and ") + file;
  return "Setup will ignore it: the media carries " + files +
         ", and any answer file makes Setup ignore pid.txt and ei.cfg.";
}

}  // namespace

// Long on purpose: reads, then prints one document in text or JSON; the two views share every
// field.
int run_pid_command(const std::vector<std::string>& args, CommandIo& io) {
  CommandLine command("pid", "MEDIA [--json] [--show-key]", io);
  command.add_options()("show-key", "print the full key (never into a log)");
  command.add_positional("media");
  command.add_json_option();
  if (auto early = command.parse(args)) return *early;
  if (!command.has("media")) return command.fail(Error::usage("MEDIA is missing"));
  const std::string path = command.get<std::vector<std::string>>("media").front();
  auto media = read_setup_media(path, &command.logger());
  if (!media) return command.fail(media.error());
  const ProductKey& key = media->pid.key;
  const GvlkEntry* product = find_gvlk_by_key(key);
  std::vector<std::string> warnings = media->warnings;
  if (!media->answer_files.empty()) {
    warnings.push_back("Setup ignores pid.txt: the media carries an Autounattend.xml");
  }
  if (media->ei_config && product && media->ei_config->edition_id &&
      !equals_ignoring_case(*media->ei_config->edition_id, product->edition_id)) {
    warnings.push_back("ei.cfg names EditionID " + *media->ei_config->edition_id +
                       " but the pid.txt key is for " + std::string(product->edition_id));
  }
  command.logger().info("pid", media->source + ": " + key.masked());

  if (command.json()) {
    nlohmann::json document = {
        {"source", media->source},
        {"partial_key", key.partial()},
        {"gvlk", product != nullptr},
        {"product_id", product ? nlohmann::json(product->product_id) : nlohmann::json(nullptr)},
        {"product", product ? nlohmann::json(product->display_name) : nlohmann::json(nullptr)},
        {"family", product ? nlohmann::json(to_string(product->family)) : nlohmann::json(nullptr)},
        {"type", product ? nlohmann::json(to_string(product->type)) : nlohmann::json(nullptr)},
        {"edition_id", product ? nlohmann::json(product->edition_id) : nlohmann::json(nullptr)},
        {"release", product ? nlohmann::json(product->release) : nlohmann::json(nullptr)},
        {"product_ids", served_product_ids(key)},
        {"ei_cfg", ei_config_json(media->ei_config)},
        {"warnings", warnings}};
    if (command.has("show-key")) document["key"] = key.formatted();
    io.out << document.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return exit_success;
  }
  const std::string shown = command.has("show-key") ? key.formatted() : key.masked();
  std::string text = media->source + " holds " + shown + ", ";
  if (product) {
    text += "the KMS client setup key (GVLK) of " + std::string(product->display_name) + " (" +
            std::string(product->product_id) + ", " + to_string(product->family) + ", " +
            to_string(product->type) + ", EditionID " + std::string(product->edition_id) + ")." +
            also_served(key) + " ";
  } else {
    text +=
        "which is not a published KMS client setup key: images installed from this media "
        "will not activate against a KMS host. ";
  }
  text += setup_use_sentence(*media);
  if (media->ei_config) {
    text += " ei.cfg: EditionID " + media->ei_config->edition_id.value_or("(none)") + ", channel " +
            media->ei_config->channel.value_or("(none)") + ", VL " +
            (media->ei_config->volume ? (*media->ei_config->volume ? "1" : "0") : "(none)") + ".";
  }
  io.out << text << "\n";
  for (const auto& warning : warnings) io.out << "Warning: " << warning << "\n";
  return exit_success;
}

}  // namespace kmsprep
