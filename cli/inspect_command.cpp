// kmsprep inspect: the licensing view of an image.
#include "cli/command_line.hpp"
#include "cli/image_argument.hpp"
#include "cli/installation_views.hpp"
#include "cli/json_views.hpp"
#include "core/exit_status.hpp"

namespace kmsprep {
namespace {

namespace po = boost::program_options;

std::string state_row(const std::optional<LicensingState>& state,
                      const std::optional<int> LicensingState::*member) {
  if (!state) return "unknown";
  const auto& value = (*state).*member;
  if (value) return std::to_string(*value);
  return member == &LicensingState::rearms_left ? "unlimited" : "n/a (rearms count instead)";
}

std::string licensing_view_text(const LicensingView& view) {
  const GvlkEntry* product = view.installed.product;
  const auto partial = installed_partial_key(view);
  std::string text = "Image:            " + view.image + "\n";
  text += "Product:          " +
          (product ? std::string(product->display_name) + " (" + std::string(product->product_id) +
                         ", " + to_string(product->family) + ")"
                   : std::string("none: no published KMS client setup key installed")) +
          (partial ? ", key *****-*****-*****-*****-" + *partial : std::string()) + "\n";
  text += "State file:       " +
          std::string(view.state_file_present ? "Windows/kmsprep/licensing-state.xml"
                                              : "none (implied from the installed key)") +
          "\n";
  if (view.state) {
    const LicensingState& state = *view.state;
    text += "License status:   " + std::string(to_string(state.status));
    if (view.grace_minutes_left) {
      text += ", " + std::to_string(*view.grace_minutes_left) + " minutes of grace" +
              (state.grace_deadline ? " left" : " from first boot");
    }
    text += "\n";
    text += "Rearms left:      " + state_row(view.state, &LicensingState::rearms_left) + "\n";
    text += "Sysprep runs left:" + std::string(" ") +
            state_row(view.state, &LicensingState::sysprep_runs_left) + "\n";
    text += "CMID:             " +
            (state.cmid ? *state.cmid : std::string("none (a new one at first boot)")) + "\n";
    text += "Generalization:   " + std::string(to_string(state.generalization)) +
            (view.generalization_source.empty() ? std::string()
                                                : " (" + view.generalization_source + ")") +
            "\n";
  }
  text += "SkipRearm:        " +
          (view.skip_rearm_source.empty()
               ? std::string("0 (default)")
               : std::string(view.skip_rearm ? "1" : "0") + " (" + view.skip_rearm_source + ")") +
          "\n";
  text += "KMS host:         " +
          (view.kms_host && !view.kms_host->clear
               ? view.kms_host->name + ":" + std::to_string(view.kms_host->port) + " (" +
                     view.kms_host->source + ")"
               : std::string("DNS auto-discovery")) +
          "\n";
  text += "Answer files:    ";
  if (view.answer_files.found.empty()) text += " none";
  for (const auto& file : view.answer_files.found) text += " " + file.path;
  text += "\nSysprep evidence:";
  if (view.sysprep_evidence.empty()) text += " none";
  for (const auto& evidence : view.sysprep_evidence) text += "\n  " + evidence;
  return text + "\n" + installation_view_text(view);
}

}  // namespace

int run_inspect_command(const std::vector<std::string>& args, CommandIo& io) {
  CommandLine command("inspect", "IMAGE [--index N] [--json]", io);
  add_image_arguments(command);
  if (auto early = command.parse(args)) return *early;
  auto image = image_argument(command);
  if (!image) return command.fail(image.error());
  auto session = ImageSession::open(image->path, image->index, false, &command.logger());
  if (!session) return command.fail(session.error());
  auto view = inspect_image(*session);
  if (!view) return command.fail(view.error());
  if (command.json()) {
    nlohmann::json document = licensing_view_json(*view);
    document["warnings"] = nlohmann::json::array();
    io.out << document.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  } else {
    io.out << licensing_view_text(*view);
  }
  return exit_success;
}

}  // namespace kmsprep
