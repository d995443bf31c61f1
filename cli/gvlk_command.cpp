// kmsprep gvlk: lists the published KMS client setup keys the catalog knows, masked unless the
// user asks for them with --show-key.
#include <iomanip>
#include <nlohmann/json.hpp>

#include "cli/command_line.hpp"
#include "core/exit_status.hpp"
#include "engine/gvlk_catalog.hpp"

namespace kmsprep {

namespace po = boost::program_options;

int run_gvlk_command(const std::vector<std::string>& args, CommandIo& io) {
  CommandLine command("gvlk", "[--family FAMILY] [--json] [--show-key]", io);
  command.add_options()("family", po::value<std::string>(),
                        "only this OS family (vista, win7, win8, win81, win10 "
                        "or an alias such as server2019)")(
      "show-key", "print the full keys (never written to a log)");
  command.add_json_option();
  if (auto early = command.parse(args)) return *early;
  std::vector<const GvlkEntry*> entries;
  if (command.has("family")) {
    auto family = parse_os_family(command.get<std::string>("family"));
    if (!family)
      return command.fail(
          Error::usage(family.error().detail() + " is not an OS family", family.error().hint()));
    entries = gvlk_entries_for_family(*family);
  } else {
    for (const auto& entry : gvlk_catalog()) entries.push_back(&entry);
  }
  const bool show_key = command.has("show-key");
  const auto shown_key = [&](const GvlkEntry& entry) {
    auto key = ProductKey::parse(entry.key);
    if (!key) return std::string("*****-*****-*****-*****-*****");
    return show_key ? key->formatted() : key->masked();
  };
  if (command.json()) {
    nlohmann::json products = nlohmann::json::array();
    for (const GvlkEntry* entry : entries) {
      nlohmann::json item = {
          {"product_id", entry->product_id},
          {"product", entry->display_name},
          {"family", to_string(entry->family)},
          {"type", to_string(entry->type)},
          {"edition_id", entry->edition_id},
          {"partial_key", std::string(entry->key.substr(24))},
          {"release", entry->release},
          {"min_build", entry->min_build},
          {"max_build", entry->max_build == kOpenEndedBuild ? nlohmann::json(nullptr)
                                                            : nlohmann::json(entry->max_build)}};
      if (show_key) item["key"] = std::string(entry->key);
      products.push_back(item);
    }
    io.out << nlohmann::json{{"products", products}, {"warnings", nlohmann::json::array()}}.dump(
                  2, ' ', false, nlohmann::json::error_handler_t::replace)
           << "\n";
    return exit_success;
  }
  io.out << std::left << std::setw(32) << "PRODUCT ID" << std::setw(7) << "FAMILY" << std::setw(7)
         << "TYPE" << std::setw(26) << "EDITION ID" << std::setw(17) << "BUILDS" << std::setw(31)
         << "KEY"
         << "PRODUCT\n";
  for (const GvlkEntry* entry : entries) {
    io.out << std::left << std::setw(32) << entry->product_id << std::setw(7)
           << to_string(entry->family) << std::setw(7) << to_string(entry->type) << std::setw(26)
           << entry->edition_id << std::setw(17) << entry->builds() << std::setw(31)
           << shown_key(*entry) << entry->display_name << "\n";
  }
  return exit_success;
}

}  // namespace kmsprep
