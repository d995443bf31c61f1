// Check group 4, KMS host configuration: the syntax of every explicit host the image sets;
// with a DNS source, the _vlmcs._tcp SRV records and host names; with --probe, one TCP
// connection to each host the clients would use.
#include "core/image_path.hpp"
#include "core/text.hpp"
#include "core/text_decoding.hpp"
#include "engine/hresult.hpp"
#include "servicing/kms_host_address.hpp"
#include "servicing/setup_complete.hpp"
#include "servicing/tcp_probe.hpp"
#include "servicing/validate_checks.hpp"
#include "unattend/activation_commands.hpp"
#include "unattend/run_synchronous.hpp"

namespace kmsprep {
namespace {

constexpr const char* kGroup = "kms-host";
constexpr uint32_t kPublishedTtlSeconds = 3600;

struct Endpoint {
  std::string host;
  int port = 1688;
  std::vector<std::string> addresses;  // resolved through the DNS source; empty: use the name
};

std::string endpoint_text(const std::string& host, int port) {
  return (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" +
         std::to_string(port);
}

std::string normalized_name(std::string name) {
  if (!name.empty() && name.back() == '.') name.pop_back();
  return to_lower_ascii(name);
}

// Every slmgr /skms argument the image runs, with where it is written.
struct WrittenHost {
  std::string argument;
  std::string location;
};

Result<std::vector<WrittenHost>> written_hosts(const ValidationInput& input) {
  std::vector<WrittenHost> hosts;
  Image& image = input.session.image();
  for (const auto& choice : input.view.answer_files.used) {
    if (choice.pass != "specialize" || !choice.path) continue;
    auto file = read_answer_file_for_validation(image, *choice.path);
    if (!file) return std::move(file).error();
    if (!*file) continue;
    for (const auto& command : run_synchronous_commands(**file, "specialize")) {
      auto slmgr = parse_slmgr_kms_command(command.path);
      if (!slmgr || slmgr->clear) continue;
      hosts.push_back(
          {slmgr->host_and_port,
           *choice.path + ":" + std::to_string(command.element ? command.element->line : 0)});
    }
  }
  auto entry = image.stat(*ImagePath::parse(kSetupCompletePath));
  if (!entry) return std::move(entry).error();
  if (*entry && (*entry)->type == EntryType::file) {
    auto bytes = image.read((*entry)->path);
    if (!bytes) return std::move(bytes).error();
    if (auto text = decode_text(*bytes, kSetupCompletePath)) {
      int line = 0;
      size_t start = 0;
      const std::string& utf8 = text->utf8;
      while (start <= utf8.size()) {
        size_t end = utf8.find('\n', start);
        if (end == std::string::npos) end = utf8.size();
        ++line;
        auto slmgr = parse_slmgr_kms_command(std::string_view(utf8).substr(start, end - start));
        if (slmgr && !slmgr->clear) {
          hosts.push_back(
              {slmgr->host_and_port, std::string(kSetupCompletePath) + ":" + std::to_string(line)});
        }
        start = end + 1;
      }
    }
  }
  return hosts;
}

class KmsHostChecks {
 public:
  KmsHostChecks(const ValidationInput& input, CheckList& checks)
      : input_(input), options_(input.options), checks_(checks) {}

  Status run() {
    auto status = check_syntax();
    if (!status) return status;
    const auto& host = input_.view.kms_host;
    if (host && !host->clear) {
      explicit_ = Endpoint{host->name, host->port, {}};
      location_ = host->source;
    }
    check_dns();
    check_probe();
    return Status();
  }

 private:
  void add(const char* id, Severity severity, CheckStatus status, std::string message,
           std::optional<std::string> location = std::nullopt) {
    checks_.push_back(
        make_check(id, kGroup, severity, status, std::move(message), std::move(location)));
  }

  Status check_syntax() {
    auto hosts = written_hosts(input_);
    if (!hosts) return std::move(hosts).error();
    int bad = 0;
    for (const auto& written : *hosts) {
      auto address = parse_kms_host_address(written.argument);
      if (address) continue;
      ++bad;
      add("kms-host-syntax", Severity::error, CheckStatus::fail,
          "slmgr /skms \"" + written.argument + "\" is not a valid HOST[:PORT]: " +
              address.error().detail() + "; the client keeps looking through DNS",
          written.location);
    }
    if (bad == 0) {
      const auto& host = input_.view.kms_host;
      std::string message = "no explicit KMS host: clients find one through DNS (_vlmcs._tcp)";
      if (host && !host->clear)
        message = "explicit KMS host " + endpoint_text(host->name, host->port);
      if (host && host->clear)
        message = "slmgr /ckms: clients find a host through DNS (_vlmcs._tcp)";
      add("kms-host-syntax", Severity::error, CheckStatus::pass, message,
          host ? std::optional<std::string>(host->source) : std::nullopt);
    }
    return Status();
  }

  void check_dns() {
    const char* ids[] = {"kms-host-srv-exists", "kms-host-srv-target", "kms-host-srv-ttl"};
    if (!options_.dns) {
      for (const char* id : ids) {
        add(id, std::string(id) == "kms-host-srv-ttl" ? Severity::warning : Severity::error,
            CheckStatus::skip, "no --dns-server or --dns-zone given");
      }
      add("kms-host-resolves", Severity::error, CheckStatus::skip,
          "no --dns-server or --dns-zone given");
      return;
    }
    if (options_.domain) {
      check_srv();
    } else {
      for (const char* id : ids) {
        add(id, std::string(id) == "kms-host-srv-ttl" ? Severity::warning : Severity::error,
            CheckStatus::skip, "no --domain given (the image names an explicit host)");
      }
    }
    check_resolves();
  }

  void check_srv() {
    DnsLookup& dns = *options_.dns;
    const std::string name = "_vlmcs._tcp." + *options_.domain;
    const SrvLookup lookup = dns.query_srv(name);
    if (lookup.outcome != DnsOutcome::answered) {
      const Hresult code = lookup.outcome == DnsOutcome::server_failure
                               ? hresult::dns_server_failure
                               : hresult::dns_name_missing;
      add("kms-host-srv-exists", Severity::error, CheckStatus::fail,
          "no SRV record " + name + " (" + format_hresult(code) + "): " + lookup.detail +
              "; clients using DNS discovery find no KMS host",
          dns.describe());
      add("kms-host-srv-target", Severity::error, CheckStatus::skip, "no SRV records to compare");
      add("kms-host-srv-ttl", Severity::warning, CheckStatus::skip, "no SRV records");
      return;
    }
    std::string listed;
    for (const auto& record : lookup.records) {
      listed += (listed.empty() ? "" : ", ") + endpoint_text(record.target, record.port);
    }
    add("kms-host-srv-exists", Severity::error, CheckStatus::pass,
        name + " has " + std::to_string(lookup.records.size()) + " record(s): " + listed,
        dns.describe());
    check_srv_target(lookup, name);
    std::string wrong_ttl;
    for (const auto& record : lookup.records) {
      if (record.ttl == kPublishedTtlSeconds) continue;
      wrong_ttl += (wrong_ttl.empty() ? "" : ", ") + endpoint_text(record.target, record.port) +
                   " has TTL " + std::to_string(record.ttl);
    }
    if (wrong_ttl.empty()) {
      add("kms-host-srv-ttl", Severity::warning, CheckStatus::pass,
          "every SRV record has TTL 3600 (what a KMS host publishes)", dns.describe());
    } else {
      add("kms-host-srv-ttl", Severity::warning, CheckStatus::fail,
          name + ": " + wrong_ttl + " s; a KMS host publishes 3600 s (60 minutes)", dns.describe());
    }
  }

  void check_srv_target(const SrvLookup& lookup, const std::string& name) {
    DnsLookup& dns = *options_.dns;
    if (explicit_) {
      bool matches = false;
      for (const auto& record : lookup.records) {
        matches |= normalized_name(record.target) == normalized_name(explicit_->host) &&
                   record.port == explicit_->port;
      }
      add("kms-host-srv-target", Severity::error, matches ? CheckStatus::pass : CheckStatus::fail,
          matches ? name + " points at the configured host " +
                        endpoint_text(explicit_->host, explicit_->port)
                  : name + " does not point at the configured host " +
                        endpoint_text(explicit_->host, explicit_->port) +
                        ": the published host and the image's host disagree",
          location_);
      return;
    }
    std::string unresolved;
    for (const auto& record : lookup.records) {
      const AddressLookup addresses = dns.query_addresses(record.target);
      if (addresses.outcome == DnsOutcome::answered) {
        discovered_.push_back({record.target, record.port, addresses.addresses});
      } else if (addresses.outcome == DnsOutcome::outside_zone) {
        discovered_.push_back({record.target, record.port, {}});
      } else {
        unresolved +=
            (unresolved.empty() ? "" : ", ") + record.target + " (" + addresses.detail + ")";
      }
    }
    if (unresolved.empty()) {
      add("kms-host-srv-target", Severity::error, CheckStatus::pass,
          "every SRV target of " + name + " resolves", dns.describe());
    } else {
      add("kms-host-srv-target", Severity::error, CheckStatus::fail,
          "SRV target(s) of " + name + " do not resolve: " + unresolved +
              "; clients cannot reach that host (0xC004F074)",
          dns.describe());
    }
  }

  void check_resolves() {
    DnsLookup& dns = *options_.dns;
    if (!explicit_) {
      add("kms-host-resolves", Severity::error, CheckStatus::skip,
          "no explicit host name to resolve (DNS discovery)");
      return;
    }
    auto address = parse_kms_host_address(explicit_->host);
    if (address && address->kind != KmsHostAddress::Kind::dns_name) {
      add("kms-host-resolves", Severity::error, CheckStatus::pass,
          explicit_->host + " is an IP address", location_);
      return;
    }
    const AddressLookup lookup = dns.query_addresses(explicit_->host);
    if (lookup.outcome == DnsOutcome::answered) {
      explicit_->addresses = lookup.addresses;
      std::string listed;
      for (const auto& each : lookup.addresses) listed += (listed.empty() ? "" : ", ") + each;
      add("kms-host-resolves", Severity::error, CheckStatus::pass,
          explicit_->host + " resolves to " + listed + " (" + dns.describe() + ")", location_);
    } else if (lookup.outcome == DnsOutcome::outside_zone) {
      add("kms-host-resolves", Severity::error, CheckStatus::skip, lookup.detail, location_);
    } else {
      add("kms-host-resolves", Severity::error, CheckStatus::fail,
          "the explicit host " + explicit_->host + " does not resolve: " + lookup.detail + " (" +
              format_hresult(hresult::no_host_contacted) + " on every client)",
          location_);
    }
  }

  void check_probe() {
    if (!options_.probe) {
      add("kms-host-reachable", Severity::error, CheckStatus::skip, "no --probe given");
      return;
    }
    std::vector<Endpoint> targets;
    if (explicit_)
      targets.push_back(*explicit_);
    else
      targets = discovered_;
    if (targets.empty()) {
      add("kms-host-reachable", Severity::error, CheckStatus::skip,
          explicit_ ? "no host to probe"
                    : "no host to probe: the image uses DNS discovery; give --dns-server or "
                      "--dns-zone with --domain so validate knows the hosts");
      return;
    }
    std::string reached;
    std::string failed;
    for (const auto& target : targets) {
      std::vector<std::string> addresses = target.addresses;
      if (addresses.empty()) addresses.push_back(target.host);
      TcpProbeResult result;
      for (const auto& address : addresses) {
        result = probe_tcp(address, static_cast<uint16_t>(target.port));
        if (result.connected) break;
      }
      std::string& list = result.connected ? reached : failed;
      list += (list.empty() ? "" : "; ") + endpoint_text(target.host, target.port) +
              (result.connected ? "" : " (" + result.detail + ")");
    }
    if (failed.empty()) {
      add("kms-host-reachable", Severity::error, CheckStatus::pass,
          "a TCP connection opened within 3 s to " + reached, location_);
    } else {
      add("kms-host-reachable", Severity::error, CheckStatus::fail,
          "could not open a TCP connection (3 s limit) to " + failed +
              " (0xC004F074 on the clients): check the firewall and that the KMS service listens",
          location_);
    }
  }

  const ValidationInput& input_;
  const ValidateOptions& options_;
  CheckList& checks_;
  std::optional<Endpoint> explicit_;
  std::optional<std::string> location_;
  std::vector<Endpoint> discovered_;
};

}  // namespace

bool uses_dns_discovery(const LicensingView& view) {
  return !view.kms_host || view.kms_host->clear;
}

Status add_kms_host_checks(const ValidationInput& input, CheckList& checks) {
  return KmsHostChecks(input, checks).run();
}

}  // namespace kmsprep
