// kmsprep validate: will clones of an image activate? Checks plus the engine's prediction, as a
// text table, JSON or JUnit XML, with an exit code CI can gate on.
#include "cli/command_line.hpp"
#include "core/exit_status.hpp"
#include "core/file_io.hpp"
#include "core/text.hpp"
#include "core/utf8_path.hpp"
#include "servicing/validate.hpp"
#include "servicing/validate_report.hpp"

namespace kmsprep {
namespace {

namespace po = boost::program_options;

enum class ReportFormat { text, json, junit };

struct ValidateArguments {
  std::string image;
  int index = kNoImageIndex;  // 0: every index
  ReportFormat format = ReportFormat::text;
  Severity fail_on = Severity::error;
  std::optional<std::string> output;
};

Result<ValidateArguments> arguments_from(const CommandLine& command) {
  ValidateArguments arguments;
  arguments.image = command.get<std::vector<std::string>>("image").front();
  auto index = command.index();
  if (!index) return std::move(index).error();
  arguments.index = *index;
  // --all-indexes is the older spelling of --index all; scripts rely on it.
  if (command.has("all-indexes")) {
    if (arguments.index != kNoImageIndex && arguments.index != 0) {
      return Error(ErrorCode::usage_conflicting_arguments,
                   "give either --index N or --all-indexes, not both");
    }
    arguments.index = 0;
  }
  const std::string format = command.get<std::string>("format");
  if (command.has("json") && format != "json" && !command.values()["format"].defaulted()) {
    return Error(ErrorCode::usage_conflicting_arguments,
                 "--json and --format " + format + " conflict", {},
                 "--json means --format json; give one of them");
  }
  if (command.has("json") || format == "json")
    arguments.format = ReportFormat::json;
  else if (format == "text")
    arguments.format = ReportFormat::text;
  else if (format == "junit")
    arguments.format = ReportFormat::junit;
  else
    return Error::usage("--format \"" + format + "\" is not text, json or junit");
  const std::string fail_on = command.get<std::string>("fail-on");
  if (fail_on == "error")
    arguments.fail_on = Severity::error;
  else if (fail_on == "warning")
    arguments.fail_on = Severity::warning;
  else
    return Error::usage("--fail-on \"" + fail_on + "\" is not error or warning");
  if (command.has("output")) arguments.output = command.get<std::string>("output");
  return arguments;
}

// Reads everything the options name before any image is opened, so bad input fails first.
struct LoadedInputs {
  std::optional<Topology> topology;
  std::unique_ptr<DnsLookup> dns;
};

// Long on purpose: one option after another, as --help lists them.
Status load_options(const CommandLine& command, ValidateOptions& options, LoadedInputs& loaded) {
  if (command.has("media")) {
    auto media = read_setup_media(command.get<std::string>("media"), nullptr);
    if (!media) return std::move(media).error();
    options.media = std::move(*media);
  }
  if (command.has("topology") != command.has("site")) {
    return Error(ErrorCode::usage_missing_argument, "--topology and --site go together", {},
                 "name the topology file and the site the clones join");
  }
  if (command.has("topology")) {
    const std::string path = command.get<std::string>("topology");
    auto bytes = read_file(utf8_path(path));
    if (!bytes) return std::move(bytes).error();
    auto topology = parse_topology(*bytes, path);
    if (!topology) return std::move(topology).error();
    loaded.topology = std::move(*topology);
    options.topology = &*loaded.topology;
    options.topology_source = path;
    options.site = command.get<std::string>("site");
    bool known = false;
    std::string names;
    for (const auto& site : loaded.topology->sites) {
      known |= equals_ignoring_case(site.name, options.site);
      names += (names.empty() ? "" : ", ") + site.name;
    }
    if (!known) {
      return Error::usage("--site \"" + options.site + "\" is not a site of " + path,
                          "sites: " + names);
    }
  }
  if (command.has("clones")) {
    const int clones = command.get<int>("clones");
    if (clones < 1 || clones > 100000) {
      return Error::usage("--clones " + std::to_string(clones) + " is not in 1..100000");
    }
    options.clones = clones;
  }
  if (command.has("domain")) options.domain = command.get<std::string>("domain");
  if (command.has("dns-server") && command.has("dns-zone")) {
    return Error(ErrorCode::usage_conflicting_arguments,
                 "give either --dns-server or --dns-zone, not both");
  }
  if (command.has("dns-server")) {
    auto server = parse_dns_server_address(command.get<std::string>("dns-server"));
    if (!server) return std::move(server).error();
    loaded.dns = dns_server_lookup(*server);
  }
  if (command.has("dns-zone")) {
    if (!options.domain) {
      return Error(ErrorCode::usage_missing_argument, "--dns-zone needs --domain", {},
                   "the domain is the zone's origin and the SRV name _vlmcs._tcp.D");
    }
    auto zone = zone_file_lookup(command.get<std::string>("dns-zone"), *options.domain);
    if (!zone) return std::move(zone).error();
    loaded.dns = std::move(*zone);
  }
  options.dns = loaded.dns.get();
  options.probe = command.has("probe");
  return Status();
}

void add_validate_options(CommandLine& command) {
  command.add_index_option(true);
  command.add_options()("all-indexes",
                        "the same as --index all: validate every image of a WIM (one report each)")(
      "media", po::value<std::string>(), "setup media whose sources/pid.txt to check too")(
      "topology", po::value<std::string>(), "topology file: the clones join a site of it")(
      "site", po::value<std::string>(), "the site of --topology the clones join")(
      "clones", po::value<int>(),
      "clones to simulate (default: the product type's "
      "activation threshold, 25 or 5)")("dns-server", po::value<std::string>(),
                                        "DNS server to query, ADDR[:PORT]")(
      "dns-zone", po::value<std::string>(), "zone file to read the records from instead")(
      "domain", po::value<std::string>(), "DNS domain of the clients (_vlmcs._tcp.D)")(
      "probe", "open a TCP connection to each KMS host (3 s)")(
      "format", po::value<std::string>()->default_value("text"), "text, json or junit")(
      "output", po::value<std::string>(), "write the report to FILE (text summary on stdout)")(
      "fail-on", po::value<std::string>()->default_value("error"),
      "exit 1 when a check fails at this severity or above: error or warning");
  command.add_positional("image");
  command.add_json_option();
}

std::string validation_document(const std::vector<ValidationReport>& reports,
                                const ValidateArguments& arguments) {
  switch (arguments.format) {
    case ReportFormat::text:
      return validation_text(reports);
    case ReportFormat::json:
      return validation_json(reports, arguments.index == 0);
    case ReportFormat::junit:
      return validation_junit(reports, arguments.fail_on);
  }
  return validation_text(reports);
}

}  // namespace

int run_validate_command(const std::vector<std::string>& args, CommandIo& io) {
  CommandLine command(
      "validate",
      "IMAGE [--index N|all] [--media MEDIA] [--topology T.xml --site S] "
      "[--clones N] [--dns-server ADDR[:PORT]] [--dns-zone FILE] [--domain D] [--probe] "
      "[--format text|json|junit] [--json] [--output FILE] [--fail-on error|warning]",
      io);
  add_validate_options(command);
  if (auto early = command.parse(args)) return *early;
  if (!command.has("image")) return command.fail(Error::usage("IMAGE is missing"));
  auto arguments = arguments_from(command);
  if (!arguments) return command.fail(arguments.error());
  // --format json means --json: an error is a JSON document on stdout too.
  if (arguments->format == ReportFormat::json) command.report_errors_as_json();
  ValidateOptions options;
  options.image = arguments->image;
  LoadedInputs loaded;
  if (auto status = load_options(command, options, loaded); !status) {
    return command.fail(status.error());
  }
  Logger* logger = &command.logger();
  auto indexes = resolve_image_indexes(arguments->image, arguments->index, logger);
  if (!indexes) return command.fail(indexes.error());

  std::vector<ValidationReport> reports;
  bool failed = false;
  for (int index : *indexes) {
    auto session = ImageSession::open(arguments->image, index, false, logger);
    if (!session) return command.fail(session.error());
    auto report = validate_image(*session, options);
    if (!report) return command.fail(report.error());
    failed |= report_fails(*report, arguments->fail_on);
    log_validation(*logger, *report, arguments->fail_on);
    reports.push_back(std::move(*report));
  }

  const std::string document = validation_document(reports, *arguments);
  if (arguments->output) {
    if (auto written = replace_file_atomically(utf8_path(*arguments->output), document); !written) {
      return command.fail(written.error());
    }
    if (arguments->format != ReportFormat::text) io.out << validation_text(reports);
  } else {
    io.out << document;
  }
  return failed ? exit_failed : exit_success;
}

}  // namespace kmsprep
