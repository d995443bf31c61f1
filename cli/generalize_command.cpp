// kmsprep generalize: sysprep /generalize's effect on activation, on the emulated state.
#include <iomanip>
#include <sstream>

#include "cli/command_line.hpp"
#include "cli/image_argument.hpp"
#include "cli/index_planning.hpp"
#include "cli/json_views.hpp"
#include "core/exit_status.hpp"
#include "sysprep/generalize.hpp"

namespace kmsprep {
namespace {

namespace po = boost::program_options;

std::string cell(const LicensingView& view, const std::string& row) {
  if (!view.state) return "unknown";
  const LicensingState& state = *view.state;
  if (row == "License status") return to_string(state.status);
  if (row == "Grace left (minutes)") {
    return view.grace_minutes_left ? std::to_string(*view.grace_minutes_left) : "-";
  }
  if (row == "Rearms left")
    return state.rearms_left ? std::to_string(*state.rearms_left) : "unlimited";
  if (row == "Sysprep runs left") {
    return state.sysprep_runs_left ? std::to_string(*state.sysprep_runs_left) : "n/a";
  }
  if (row == "CMID present") return state.cmid ? "yes" : "no";
  return to_string(state.generalization);
}

std::string before_after_table(const GeneralizeResult& result) {
  std::ostringstream table;
  table << std::left << std::setw(22) << "" << std::setw(26) << "before"
        << "after\n";
  for (const char* row : {"License status", "Grace left (minutes)", "Rearms left",
                          "Sysprep runs left", "CMID present", "Generalization"}) {
    table << std::setw(22) << row << std::setw(26) << cell(result.before, row)
          << cell(result.after, row) << "\n";
  }
  return table.str();
}

nlohmann::json generalize_json(const std::string& path, bool dry_run, const nlohmann::json& results,
                               const nlohmann::json& warnings) {
  nlohmann::json document = {{"image", path},
                             {"dry_run", dry_run},
                             {"notice", kRealSysprepNotice},
                             {"warnings", warnings}};
  // One image: `before` and `after` at the top level, as inspect objects.
  if (results.size() == 1) {
    document["before"] = results[0]["before"];
    document["after"] = results[0]["after"];
    document["skip_rearm"] = results[0]["skip_rearm"];
    document["changed"] = results[0]["changed"];
    document["written"] = results[0]["written"];
    document["real_setup_state"] = results[0]["real_setup_state"];
  }
  document["results"] = results;
  return document;
}

}  // namespace

int run_generalize_command(const std::vector<std::string>& args, CommandIo& io) {
  CommandLine command("generalize", "IMAGE [--index N|all] [--dry-run] [--json]", io);
  command.add_index_option(true);
  command.add_options()("dry-run", "show the before/after and write nothing");
  command.add_positional("image");
  command.add_json_option();
  if (auto early = command.parse(args)) return *early;
  auto image = image_argument(command);
  if (!image) return command.fail(image.error());
  const std::string& path = image->path;
  const bool dry_run = command.has("dry-run");
  Logger* logger = &command.logger();
  auto indexes = resolve_image_indexes(path, image->index, logger);
  if (!indexes) return command.fail(indexes.error());
  // With several indexes, try every one first so an exhausted image stops all of them.
  if (!dry_run) {
    auto planned = dry_run_every_index(path, *indexes, logger, [](ImageSession& session) {
      auto result = generalize_image(session, true);
      return result ? ok_status() : Status(result.error());
    });
    if (!planned) return command.fail(planned.error());
  }
  nlohmann::json results = nlohmann::json::array();
  nlohmann::json warnings = nlohmann::json::array();
  std::string text;
  for (int each : *indexes) {
    auto session = ImageSession::open(path, each, !dry_run, logger);
    if (!session) return command.fail(session.error());
    auto result = generalize_image(*session, dry_run);
    if (!result) return command.fail(result.error());
    for (const auto& warning : result->warnings) {
      command.logger().warning("generalize", session->describe() + ": " + warning);
      warnings.push_back(session->describe() + ": " + warning);
    }
    command.logger().info("generalize", session->describe() +
                                            ": SkipRearm=" + (result->skip_rearm ? "1" : "0") +
                                            "; " + kRealSysprepNotice);
    results.push_back({{"index", session->index()},
                       {"skip_rearm", result->skip_rearm},
                       {"changed", result->changed},
                       {"written", result->committed},
                       {"real_setup_state", result->real_setup_state.empty()
                                                ? nlohmann::json(nullptr)
                                                : nlohmann::json(result->real_setup_state)},
                       {"before", licensing_view_json(result->before)},
                       {"after", licensing_view_json(result->after)}});
    text += session->describe() + (dry_run ? " (dry run, nothing written)" : "") +
            ": SkipRearm=" + (result->skip_rearm ? "1" : "0") + "\n" + before_after_table(*result) +
            (result->real_setup_state.empty() ? "" : result->real_setup_state + ".\n");
  }
  if (command.json()) {
    io.out << generalize_json(path, dry_run, results, warnings)
                  .dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
           << "\n";
  } else {
    io.out << text << "Note: " << kRealSysprepNotice << ".\n";
  }
  return exit_success;
}

}  // namespace kmsprep
