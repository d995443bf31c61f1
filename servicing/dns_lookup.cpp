#include "servicing/dns_lookup.hpp"

#include "core/host_port.hpp"
#include "core/text.hpp"
#include "servicing/kms_host_address.hpp"

namespace kmsprep {
namespace {

using dns_lookup_platform::Answer;
using dns_lookup_platform::RecordType;

class ServerLookup : public DnsLookup {
 public:
  explicit ServerLookup(DnsServerAddress server) : server_(std::move(server)) {}

  SrvLookup query_srv(const std::string& name) override {
    SrvLookup lookup;
    Answer answer = ask(name, RecordType::srv);
    lookup.outcome = answer.outcome;
    lookup.detail = std::move(answer.detail);
    if (answer.outcome != DnsOutcome::answered) return lookup;
    lookup.records = std::move(answer.services);
    finish(lookup.outcome, lookup.detail, !lookup.records.empty(), "SRV", name);
    return lookup;
  }

  AddressLookup query_addresses(const std::string& name) override {
    AddressLookup lookup;
    for (RecordType type : {RecordType::a, RecordType::aaaa}) {
      Answer answer = ask(name, type);
      // An A answer stands when the AAAA query then fails (SERVFAIL, REFUSED, no answer): a
      // KMS host with an IPv4 address only is reachable.
      if (answer.outcome != DnsOutcome::answered && !lookup.addresses.empty()) break;
      if (answer.outcome != DnsOutcome::answered) {
        return {answer.outcome, {}, std::move(answer.detail)};
      }
      lookup.addresses.insert(lookup.addresses.end(), answer.addresses.begin(),
                              answer.addresses.end());
      lookup.outcome = answer.outcome;
      lookup.detail = std::move(answer.detail);
    }
    if (!lookup.addresses.empty()) lookup.outcome = DnsOutcome::answered;
    finish(lookup.outcome, lookup.detail, !lookup.addresses.empty(), "address", name);
    return lookup;
  }

  std::string describe() const override { return "DNS server " + server_.to_string(); }

 private:
  Answer ask(const std::string& name, RecordType type) const {
    Answer answer = dns_lookup_platform::query(server_, name, type);
    if (answer.outcome == DnsOutcome::name_missing) answer.detail = "NXDOMAIN from " + describe();
    return answer;
  }

  void finish(DnsOutcome& outcome, std::string& detail, bool any, const char* what,
              const std::string& name) const {
    if (outcome != DnsOutcome::answered) return;
    if (!any) {
      outcome = DnsOutcome::no_records;
      detail = std::string("no ") + what + " records for " + name + " at " + describe();
    } else {
      detail = describe();
    }
  }

  DnsServerAddress server_;
};

}  // namespace

const char* to_string(DnsOutcome outcome) {
  switch (outcome) {
    case DnsOutcome::answered:
      return "answered";
    case DnsOutcome::no_records:
      return "no records";
    case DnsOutcome::name_missing:
      return "name does not exist";
    case DnsOutcome::server_failure:
      return "server failure";
    case DnsOutcome::outside_zone:
      return "outside the zone";
  }
  return "unknown";
}

std::string DnsServerAddress::to_string() const {
  const bool ipv6 = address.find(':') != std::string::npos;
  return (ipv6 ? "[" + address + "]" : address) + ":" + std::to_string(port);
}

Result<DnsServerAddress> parse_dns_server_address(std::string_view text) {
  DnsServerAddress server;
  auto split = split_host_port(text);
  if (!split && text.find(']') == std::string_view::npos) {
    return Error::usage("--dns-server \"" + std::string(text) + "\": missing ']'",
                        "write an IPv6 address with a port as [ADDR]:PORT");
  }
  if (!split) {
    return Error::usage("--dns-server \"" + std::string(text) + "\": expected ':' after ']'");
  }
  const std::string host = split->host;
  const std::string port_text = split->port;
  const bool ipv6 = host.find(':') != std::string::npos;
  auto ready = dns_lookup_platform::prepare();
  if (!ready) return ready.error();
  // inet_pton, as ldns's own address check (ldns_str2rdf_a / _aaaa) is.
  const bool address = ipv6 ? kms_host_address_platform::is_ipv6_address(host)
                            : kms_host_address_platform::is_ipv4_address(host);
  if (host.empty() || !address) {
    return Error::usage("--dns-server \"" + std::string(text) + "\" is not an IP address",
                        "give the DNS server as IPv4[:PORT] or [IPv6]:PORT");
  }
  server.address = host;
  // A bare IPv6 address may end in "::" (2001:db8::); only a split port is a port.
  if (split->has_port) {
    const auto port = parse_integer<int>(port_text, 1, 65535);
    if (!port) {
      return Error::usage("--dns-server \"" + std::string(text) + "\": port \"" + port_text +
                          "\" is not in 1..65535");
    }
    server.port = static_cast<uint16_t>(*port);
  }
  return server;
}

std::unique_ptr<DnsLookup> dns_server_lookup(const DnsServerAddress& server) {
  return std::make_unique<ServerLookup>(server);
}

}  // namespace kmsprep
