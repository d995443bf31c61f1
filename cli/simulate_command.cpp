// kmsprep simulate: reads a topology file, runs the fleet simulation and reports per site as
// a text table with a verdict, stable JSON or CSV; --events writes every event record.
#include <cstdio>
#include <iomanip>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "cli/command_line.hpp"
#include "cli/events_csv_writer.hpp"
#include "core/exit_status.hpp"
#include "core/file_io.hpp"
#include "core/strings.hpp"
#include "core/text.hpp"
#include "core/utf8_path.hpp"
#include "engine/fleet_simulation.hpp"
#include "engine/reading_outcomes.hpp"
#include "events/kms_report_writers.hpp"
#include "events/observed_fleet.hpp"

namespace kmsprep {
namespace {

namespace po = boost::program_options;

constexpr uint64_t kMaximumTopologyBytes = 16 * 1024 * 1024;

nlohmann::json optional_hours(const std::optional<int64_t>& minutes) {
  if (!minutes) return nullptr;
  return static_cast<double>(*minutes) / 60.0;
}

std::string hours_text(const std::optional<int64_t>& minutes) {
  if (!minutes) return "-";
  std::ostringstream text;
  text << std::fixed << std::setprecision(1) << static_cast<double>(*minutes) / 60.0 << " h";
  return text.str();
}

std::string failures_text(const std::map<Hresult, uint64_t>& failures) {
  std::string text;
  for (const auto& [code, count] : failures) {
    text += (text.empty() ? "" : ";") + format_hresult(code) + ":" + std::to_string(count);
  }
  return text;
}

nlohmann::json to_json(const SimulationReport& report) {
  nlohmann::json sites = nlohmann::json::array();
  for (const SiteReport& site : report.sites) {
    nlohmann::json status_counts = nlohmann::json::object();
    for (int i = 0; i < kLicenseStatusCount; ++i) {
      status_counts[to_string(static_cast<LicenseStatus>(i))] = site.tally.status_counts[i];
    }
    nlohmann::json failures = nlohmann::json::object();
    for (const auto& [code, count] : site.tally.failures) failures[format_hresult(code)] = count;
    sites.push_back({{"name", site.name},
                     {"clients", site.tally.clients},
                     {"activated", site.tally.activated},
                     {"status_counts", status_counts},
                     {"first_activation_hours", optional_hours(site.tally.first_activation_minute)},
                     {"last_activation_hours", optional_hours(site.tally.last_activation_minute)},
                     {"failures", failures},
                     {"verdict", site.verdict}});
  }
  nlohmann::json hosts = nlohmann::json::array();
  for (const HostReport& host : report.hosts) {
    hosts.push_back(
        {{"name", host.name},
         {"activation_error", host.activation_error == 0
                                  ? nlohmann::json(nullptr)
                                  : nlohmann::json(format_hresult(host.activation_error))},
         {"count", host.count},
         {"requests", host.requests},
         {"activations", host.activations}});
  }
  return {{"days", report.days},
          {"seed", report.seed},
          {"sites", sites},
          {"hosts", hosts},
          {"traffic", {{"requests", report.traffic_requests}, {"bytes", report.traffic_bytes}}},
          {"events",
           {{"12288", report.events_12288},
            {"12289", report.events_12289},
            {"12290", report.events_12290}}}};
}

void write_csv(const SimulationReport& report, std::ostream& out) {
  out << "site,clients,activated";
  for (int i = 0; i < kLicenseStatusCount; ++i)
    out << "," << to_string(static_cast<LicenseStatus>(i));
  out << ",first_activation_hours,last_activation_hours,failures\n";
  for (const SiteReport& site : report.sites) {
    out << escape_for_display(site.name) << "," << site.tally.clients << ","
        << site.tally.activated;
    for (uint64_t count : site.tally.status_counts) out << "," << count;
    const auto hours = [](const std::optional<int64_t>& minutes) {
      return minutes ? optional_hours(minutes).dump(-1, ' ', false,
                                                    nlohmann::json::error_handler_t::replace)
                     : std::string();
    };
    out << "," << hours(site.tally.first_activation_minute) << ","
        << hours(site.tally.last_activation_minute) << "," << failures_text(site.tally.failures)
        << "\n";
  }
}

void write_text(const SimulationReport& report, const Topology& topology, std::ostream& out) {
  out << "Simulated " << report.days << " days from " << format_utc(report.start) << " (seed "
      << report.seed << ")\n\n";
  for (const SiteReport& site : report.sites) {
    const ActivationTally& tally = site.tally;
    out << "Site " << escape_for_display(site.name) << "\n";  // names come from the topology
    out << "  clients              " << tally.clients << "\n";
    out << "  activated (licensed) " << tally.activated << "\n";
    for (int i = 0; i < kLicenseStatusCount; ++i) {
      if (tally.status_counts[i] == 0 || i == static_cast<int>(LicenseStatus::licensed)) continue;
      std::string label = to_string(static_cast<LicenseStatus>(i));
      label.resize(21, ' ');
      out << "  " << label << tally.status_counts[i] << "\n";
    }
    out << "  first activation     " << hours_text(tally.first_activation_minute) << "\n";
    out << "  last activation      " << hours_text(tally.last_activation_minute) << "\n";
    for (const auto& [code, count] : tally.failures) {
      out << "  failed " << format_hresult(code) << "    " << count << " attempts ("
          << hresult_meaning(code) << ")\n";
    }
    for (const HostReport& host : report.hosts) {
      if (topology.sites[static_cast<size_t>(host.site)].name != site.name) continue;
      out << "  host " << escape_for_display(host.name) << ": count " << host.count << ", "
          << host.requests << " requests, " << host.activations << " activations\n";
    }
    out << "\n";
  }
  out << "Traffic: " << report.traffic_requests << " requests, " << report.traffic_bytes
      << " bytes; events 12288: " << report.events_12288 << ", 12289: " << report.events_12289
      << ", 12290: " << report.events_12290 << "\n\n";
  for (const SiteReport& site : report.sites) out << site.verdict << "\n";
}

void add_simulate_options(CommandLine& command) {
  command.add_options()("days", po::value<std::string>(),
                        "simulated days (default: the topology's, else 30)")(
      "seed", po::value<std::string>(), "random seed (default: the topology's, else 1)")(
      "format", po::value<std::string>()->default_value("text"), "text, json or csv")(
      "events", po::value<std::string>(), "write every event record to this CSV file")(
      "from-report", po::value<std::string>(),
      "start from the state a `kmsprep report --json` observed")(
      "add-clones", po::value<std::string>(), "with --from-report: N more machines join")(
      "clone-of", po::value<std::string>(),
      "with --add-clones: they are clones sharing this duplicate CMID")(
      "add-on-day", po::value<std::string>(), "with --add-clones: the day they boot (default 0)");
  command.add_positional("topology");
  command.add_json_option();
}

// The one input: TOPOLOGY.xml, or the report of --from-report.
Result<std::string> simulated_input(const CommandLine& command) {
  const bool from_report = command.has("from-report");
  if (from_report == command.has("topology")) {
    return Error::usage("give exactly one TOPOLOGY.xml or --from-report REPORT.json");
  }
  if (!from_report &&
      (command.has("add-clones") || command.has("clone-of") || command.has("add-on-day"))) {
    return Error::usage("--add-clones, --clone-of and --add-on-day go with --from-report");
  }
  if (from_report) return command.get<std::string>("from-report");
  const auto topologies = command.get<std::vector<std::string>>("topology");
  if (topologies.size() != 1) return Error::usage("give exactly one TOPOLOGY.xml");
  return topologies.front();
}

// text, json or csv; --json is --format json.
Result<std::string> output_format(const CommandLine& command) {
  std::string format = command.get<std::string>("format");
  if (command.has("json")) {
    if (format != "json" && !command.values()["format"].defaulted()) {
      return Error(ErrorCode::usage_conflicting_arguments,
                   "--json and --format " + format + " conflict", {},
                   "--json means --format json; give one of them");
    }
    format = "json";
  }
  if (format != "text" && format != "json" && format != "csv") {
    return Error::usage("--format \"" + format + "\" is not text, json or csv");
  }
  return format;
}

// --NAME as a whole number from 0 to max_value: anything but ASCII digits is "not a whole
// number"; digits beyond max_value (and an empty value) are "out of range", with the range.
Result<uint64_t> whole_number(const CommandLine& command, const char* name, uint64_t max_value) {
  const std::string text = command.get<std::string>(name);
  if (const auto value = parse_integer<uint64_t>(text, 0, max_value)) return *value;
  const bool digits_only = text.find_first_not_of("0123456789") == std::string::npos;
  if (!digits_only) {
    return Error::usage(std::string("--") + name + " \"" + text + "\" is not a whole number");
  }
  return Error::usage(std::string("--") + name + " \"" + text + "\" is out of range",
                      "use 0 to " + std::to_string(max_value));
}

Result<SimulationOptions> simulation_options(const CommandLine& command) {
  SimulationOptions options;
  if (command.has("days")) {
    auto days = whole_number(command, "days", kMaximumSimulationDays);
    if (!days) return std::move(days).error();
    options.days = static_cast<int>(*days);
  }
  if (command.has("seed")) {
    auto seed = whole_number(command, "seed", UINT64_MAX);
    if (!seed) return std::move(seed).error();
    options.seed = *seed;
  }
  return options;
}

// The fleet a `kmsprep report --json` observed, with the clones --add-clones adds.
Result<Topology> observed_topology(const CommandLine& command, const std::string& bytes,
                                   const std::string& path) {
  auto report = parse_report_json(bytes, path);
  if (!report) return std::move(report).error();
  ObservedFleetOptions fleet;
  if (command.has("add-clones")) {
    auto clones = whole_number(command, "add-clones", 1000000);
    if (!clones) return std::move(clones).error();
    fleet.add_clones = static_cast<int>(*clones);
  }
  if (command.has("add-on-day")) {
    auto day = whole_number(command, "add-on-day", kMaximumSimulationDays);
    if (!day) return std::move(day).error();
    fleet.add_on_day = static_cast<int>(*day);
  }
  if (command.has("clone-of")) fleet.clone_cmid = command.get<std::string>("clone-of");
  auto topology = observed_fleet_topology(*report, fleet);
  if (!topology) return Error(topology.error()).within(path);
  return topology;
}

// Runs the simulation; with --events every record goes to the CSV file as it is made.
Result<SimulationReport> simulate_with_events(const CommandLine& command, const Topology& topology,
                                              SimulationOptions options) {
  const uint64_t seed = options.seed.value_or(topology.seed);
  std::optional<EventsCsvWriter> events;
  if (command.has("events")) {
    events.emplace(topology, seed);
    if (auto opened = events->open(command.get<std::string>("events")); !opened) {
      return opened.error();
    }
    options.events = [&events](const EventRecord& record) { events->write(record); };
  }
  SimulationReport report = simulate_fleet(topology, options);
  if (events) {
    if (auto closed = events->close(); !closed) return closed.error();
  }
  return report;
}

void write_report(const std::string& format, const SimulationReport& report,
                  const Topology& topology, const std::vector<std::string>& readings,
                  std::ostream& out) {
  if (format == "json") {
    nlohmann::json document = to_json(report);
    document["warnings"] = topology.warnings;  // not on stderr with JSON output
    document["readings"] = readings;
    out << document.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  } else if (format == "csv") {
    write_csv(report, out);
  } else {
    write_text(report, topology, out);
    if (!readings.empty()) out << "\nReadings that decided an outcome (docs/engine.md):\n";
    for (const std::string& note : readings) out << "  " << note << "\n";
  }
}

}  // namespace

int run_simulate_command(const std::vector<std::string>& args, CommandIo& io) {
  CommandLine command(
      "simulate",
      "(TOPOLOGY.xml | --from-report REPORT.json [--add-clones N] [--clone-of CMID] "
      "[--add-on-day D]) [--days N] [--seed S] [--format text|json|csv] [--json] "
      "[--events FILE.csv]",
      io);
  add_simulate_options(command);
  if (auto early = command.parse(args)) return *early;
  auto path = simulated_input(command);
  if (!path) return command.fail(path.error());
  auto format = output_format(command);
  if (!format) return command.fail(format.error());
  // --format json means --json: an error is a JSON document on stdout too.
  if (*format == "json") command.report_errors_as_json();
  auto options = simulation_options(command);
  if (!options) return command.fail(options.error());
  auto bytes = read_file(utf8_path(*path), kMaximumTopologyBytes);
  if (!bytes) return command.fail(bytes.error());
  auto topology = command.has("from-report") ? observed_topology(command, *bytes, *path)
                                             : parse_topology(*bytes, *path);
  if (!topology) return command.fail(topology.error());
  for (const auto& warning : topology->warnings) command.logger().warning("simulate", warning);

  auto report = simulate_with_events(command, *topology, *options);
  if (!report) return command.fail(report.error());
  SimulationOptions without_events = *options;
  without_events.events = nullptr;
  const std::vector<std::string> readings = decisive_readings(*topology, without_events, *report);
  write_report(*format, *report, *topology, readings, io.out);
  return exit_success;
}

}  // namespace kmsprep
