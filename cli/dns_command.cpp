// kmsprep dns records: the _vlmcs._tcp SRV records a zone needs (from a topology's
// <dns-zone>s, or --host/--domain), as zone-file lines, an nsupdate script, PowerShell
// Add-DnsServerResourceRecord lines or dnsmasq srv-host lines.
#include "cli/command_line.hpp"
#include "core/exit_status.hpp"
#include "core/file_io.hpp"
#include "core/text.hpp"
#include "core/utf8_path.hpp"
#include "servicing/srv_records.hpp"

namespace kmsprep {
namespace {

namespace po = boost::program_options;

constexpr uint64_t kMaximumTopologyBytes = 16 * 1024 * 1024;

Result<int> bounded_number(const CommandLine& command, const char* name, int default_value,
                           int max_value) {
  if (!command.has(name)) return default_value;
  const std::string text = command.get<std::string>(name);
  const auto value = parse_integer<int>(text, 0, max_value);
  if (value) return *value;
  // Digits too many for the range are out of range; anything else is no number at all.
  if (!text.empty() && !parse_integer<unsigned long long>(text)) {
    return Error::usage(std::string("--") + name + " \"" + text + "\" is not a whole number");
  }
  return Error::usage(std::string("--") + name + " \"" + text + "\" is out of range",
                      "use 0 to " + std::to_string(max_value));
}

void add_dns_records_options(CommandLine& command) {
  command.add_options()("topology", po::value<std::string>(),
                        "the SRV records of the topology's <dns-zone>s")(
      "host", po::value<std::vector<std::string>>(),
      "a KMS host NAME[:PORT] (repeatable; default port 1688)")(
      "domain", po::value<std::vector<std::string>>(), "a DNS domain the hosts serve (repeatable)")(
      "format", po::value<std::string>()->default_value("zone"),
      "zone, nsupdate, powershell or dnsmasq")(
      "ttl", po::value<std::string>(),
      "TTL of --host records in seconds (default 3600, as KMS publishes)")(
      "priority", po::value<std::string>(), "SRV priority of --host records (default 0)")(
      "weight", po::value<std::string>(), "SRV weight of --host records (default 0)")(
      "output", po::value<std::string>(), "write to FILE (atomically) instead of stdout");
}

Result<SrvOutputFormat> srv_output_format(const CommandLine& command) {
  const std::string format_text = command.get<std::string>("format");
  if (format_text == "zone") return SrvOutputFormat::zone;
  if (format_text == "nsupdate") return SrvOutputFormat::nsupdate;
  if (format_text == "powershell") return SrvOutputFormat::powershell;
  if (format_text == "dnsmasq") return SrvOutputFormat::dnsmasq;
  return Error::usage("--format \"" + format_text +
                      "\" is not zone, nsupdate, powershell or dnsmasq");
}

// The records of the topology's <dns-zone>s.
Result<std::vector<KmsSrvRecord>> topology_records(const std::string& path) {
  auto bytes = read_file(utf8_path(path), kMaximumTopologyBytes);
  if (!bytes) return std::move(bytes).error();
  auto topology = parse_topology(*bytes, path);
  if (!topology) return std::move(topology).error();
  std::vector<KmsSrvRecord> records = srv_records_of(*topology);
  if (records.empty()) {
    return Error(ErrorCode::dns_records_empty, "the topology has no <dns-zone> with <srv> records",
                 path, "add a <dns-zone> (docs/topology.md) or use --host and --domain");
  }
  return records;
}

// One record per --host and --domain, with --ttl, --priority and --weight.
Result<std::vector<KmsSrvRecord>> host_records(const CommandLine& command) {
  if (!command.has("host") || !command.has("domain")) {
    return Error(ErrorCode::usage_missing_argument, "--host and --domain go together", {},
                 "kmsprep dns records --host kms1.corp.example --domain corp.example");
  }
  auto ttl = bounded_number(command, "ttl", kKmsSrvTtlSeconds, 2147483647);
  if (!ttl) return std::move(ttl).error();
  auto priority = bounded_number(command, "priority", 0, 65535);
  if (!priority) return std::move(priority).error();
  auto weight = bounded_number(command, "weight", 0, 65535);
  if (!weight) return std::move(weight).error();
  return srv_records_for_hosts(command.get<std::vector<std::string>>("host"),
                               command.get<std::vector<std::string>>("domain"), *priority, *weight,
                               *ttl);
}

int run_dns_records(const std::vector<std::string>& args, CommandIo& io) {
  CommandLine command("dns records",
                      "(--topology FILE | --host NAME[:PORT]... --domain D...) "
                      "[--format zone|nsupdate|powershell|dnsmasq] [--ttl SECONDS] [--priority N] "
                      "[--weight N] [--output FILE]",
                      io);
  add_dns_records_options(command);
  if (auto early = command.parse(args)) return *early;
  auto format = srv_output_format(command);
  if (!format) return command.fail(format.error());
  const bool from_topology = command.has("topology");
  if (from_topology == (command.has("host") || command.has("domain"))) {
    return command.fail(
        Error(ErrorCode::usage_conflicting_arguments,
              "give either --topology FILE or --host NAME --domain D", {},
              "kmsprep dns records --host kms1.corp.example --domain corp.example"));
  }
  auto records = from_topology ? topology_records(command.get<std::string>("topology"))
                               : host_records(command);
  if (!records) return command.fail(records.error());
  const std::string text = format_srv_records(*records, *format);
  if (command.has("output")) {
    if (auto written = replace_file_atomically(utf8_path(command.get<std::string>("output")), text);
        !written) {
      return command.fail(written.error());
    }
  } else {
    io.out << text;
  }
  return exit_success;
}

}  // namespace

int run_dns_command(const std::vector<std::string>& args, CommandIo& io) {
  static const std::vector<Command> subcommands = {
      {"records",
       "write the _vlmcs._tcp SRV records of KMS hosts (zone, nsupdate, PowerShell, dnsmasq)",
       run_dns_records},
  };
  return dispatch_subcommand("dns", subcommands, args, io);
}

}  // namespace kmsprep
