// Linux: the server queries and the zone file through ldns (servicing/ldns_library.hpp, loaded
// at run time), answers read from the packet's rcode and its answer section.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "servicing/dns_lookup.hpp"
#include "servicing/ldns_library.hpp"

namespace kmsprep {
namespace {

constexpr int kTimeoutSeconds = 2;
constexpr int kTries = 3;

// The ldns functions, for code that runs only after an entry point below has loaded the
// library successfully (no ldns object can exist before that).
const LdnsLibrary& ldns() { return *load_ldns_library().value(); }

// ldns owns its objects through C free functions; these keep every path leak-free.
struct RdfDeleter {
  void operator()(ldns_rdf* rdf) const { ldns().rdf_deep_free(rdf); }
};
struct ResolverDeleter {
  void operator()(ldns_resolver* resolver) const { ldns().resolver_deep_free(resolver); }
};
struct PacketDeleter {
  void operator()(ldns_pkt* packet) const { ldns().pkt_free(packet); }
};
struct RrListDeleter {
  void operator()(ldns_rr_list* list) const { ldns().rr_list_deep_free(list); }
};
struct ZoneDeleter {
  void operator()(ldns_zone* zone) const { ldns().zone_deep_free(zone); }
};
using RdfPtr = std::unique_ptr<ldns_rdf, RdfDeleter>;
using ResolverPtr = std::unique_ptr<ldns_resolver, ResolverDeleter>;
using PacketPtr = std::unique_ptr<ldns_pkt, PacketDeleter>;
using RrListPtr = std::unique_ptr<ldns_rr_list, RrListDeleter>;
using ZonePtr = std::unique_ptr<ldns_zone, ZoneDeleter>;

std::string rdf_text(const ldns_rdf* rdf) {
  char* text = ldns().rdf2str(rdf);
  if (!text) return {};
  std::string result(text);
  std::free(text);
  return result;
}

std::string without_trailing_dot(std::string name) {
  if (name.size() > 1 && name.back() == '.') name.pop_back();
  return name;
}

RdfPtr absolute_dname(const std::string& name) {
  const std::string absolute = name.empty() || name.back() != '.' ? name + "." : name;
  return RdfPtr(ldns().dname_new_frm_str(absolute.c_str()));
}

SrvAnswer srv_from(const ldns_rr* rr) {
  SrvAnswer answer;
  answer.priority = ldns().rdf2native_int16(ldns().rr_rdf(rr, 0));
  answer.weight = ldns().rdf2native_int16(ldns().rr_rdf(rr, 1));
  answer.port = ldns().rdf2native_int16(ldns().rr_rdf(rr, 2));
  answer.target = without_trailing_dot(rdf_text(ldns().rr_rdf(rr, 3)));
  answer.ttl = ldns().rr_ttl(rr);
  return answer;
}

std::string describe(const DnsServerAddress& server) { return "DNS server " + server.to_string(); }

ldns_rr_type ldns_type(dns_lookup_platform::RecordType type) {
  switch (type) {
    case dns_lookup_platform::RecordType::srv:
      return LDNS_RR_TYPE_SRV;
    case dns_lookup_platform::RecordType::a:
      return LDNS_RR_TYPE_A;
    case dns_lookup_platform::RecordType::aaaa:
      break;
  }
  return LDNS_RR_TYPE_AAAA;
}

// A fresh resolver per query: ldns marks a nameserver unreachable for the rest of a resolver's
// life after one failure. The packet when the rcode is NOERROR; otherwise the outcome and, for a
// server failure, the detail.
PacketPtr send(const DnsServerAddress& server, const std::string& name, ldns_rr_type type,
               DnsOutcome& outcome, std::string& detail) {
  outcome = DnsOutcome::server_failure;
  // Normally already loaded by parse_dns_server_address(), which callers run first.
  auto library = load_ldns_library();
  if (!library) {
    detail = "cannot query \"" + name + "\": " + library.error().to_string();
    return nullptr;
  }
  ResolverPtr resolver(ldns().resolver_new());
  const bool ipv6 = server.address.find(':') != std::string::npos;
  RdfPtr address(
      ldns().rdf_new_frm_str(ipv6 ? LDNS_RDF_TYPE_AAAA : LDNS_RDF_TYPE_A, server.address.c_str()));
  RdfPtr query_name = absolute_dname(name);
  if (!resolver || !address || !query_name ||
      ldns().resolver_push_nameserver(resolver.get(), address.get()) != LDNS_STATUS_OK) {
    detail = "cannot query \"" + name + "\" at " + describe(server);
    return nullptr;
  }
  ldns().resolver_set_port(resolver.get(), server.port);
  ldns().resolver_set_timeout(resolver.get(), timeval{kTimeoutSeconds, 0});
  ldns().resolver_set_retry(resolver.get(), kTries);
  ldns().resolver_set_recursive(resolver.get(), true);
  ldns_pkt* raw = nullptr;
  const ldns_status status =
      ldns().resolver_send(&raw, resolver.get(), query_name.get(), type, LDNS_RR_CLASS_IN, LDNS_RD);
  PacketPtr packet(raw);
  if (status != LDNS_STATUS_OK || !packet) {
    detail = "no answer from " + describe(server) + " (" + ldns().get_errorstr_by_id(status) +
             ", " + std::to_string(kTries) + " tries of " + std::to_string(kTimeoutSeconds) + " s)";
    return nullptr;
  }
  const ldns_pkt_rcode rcode = ldns().pkt_get_rcode(packet.get());
  if (rcode == LDNS_RCODE_NXDOMAIN) {
    outcome = DnsOutcome::name_missing;  // dns_lookup.cpp words it
    return nullptr;
  }
  if (rcode != LDNS_RCODE_NOERROR) {
    char* text = ldns().pkt_rcode2str(rcode);
    detail = std::string(text ? text : "error") + " from " + describe(server);
    std::free(text);
    return nullptr;
  }
  outcome = DnsOutcome::answered;
  return packet;
}

class ZoneLookup : public DnsLookup {
 public:
  ZoneLookup(std::string path, ZonePtr zone, RdfPtr origin)
      : path_(std::move(path)), zone_(std::move(zone)), origin_(std::move(origin)) {}

  SrvLookup query_srv(const std::string& name) override {
    SrvLookup lookup;
    std::vector<const ldns_rr*> records;
    lookup.outcome = find(name, LDNS_RR_TYPE_SRV, records, lookup.detail);
    for (const ldns_rr* rr : records) lookup.records.push_back(srv_from(rr));
    return lookup;
  }

  AddressLookup query_addresses(const std::string& name) override {
    AddressLookup lookup;
    std::vector<const ldns_rr*> records;
    lookup.outcome = find(name, LDNS_RR_TYPE_A, records, lookup.detail);
    std::vector<const ldns_rr*> ipv6;
    const DnsOutcome ipv6_outcome = find(name, LDNS_RR_TYPE_AAAA, ipv6, lookup.detail);
    records.insert(records.end(), ipv6.begin(), ipv6.end());
    if (!records.empty()) {
      lookup.outcome = DnsOutcome::answered;
      lookup.detail = describe();
    } else if (ipv6_outcome != DnsOutcome::answered) {
      lookup.outcome = ipv6_outcome;
    }
    for (const ldns_rr* rr : records) lookup.addresses.push_back(rdf_text(ldns().rr_rdf(rr, 0)));
    return lookup;
  }

  std::string describe() const override { return "zone file " + path_; }

 private:
  DnsOutcome find(const std::string& name, ldns_rr_type type, std::vector<const ldns_rr*>& found,
                  std::string& detail) const {
    RdfPtr query_name = absolute_dname(name);
    if (!query_name) {
      detail = "\"" + name + "\" is not a DNS name";
      return DnsOutcome::name_missing;
    }
    if (ldns().dname_compare(query_name.get(), origin_.get()) != 0 &&
        !ldns().dname_is_subdomain(query_name.get(), origin_.get())) {
      detail = name + " is outside the zone " + without_trailing_dot(rdf_text(origin_.get())) +
               " of " + describe();
      return DnsOutcome::outside_zone;
    }
    bool name_exists = false;
    const ldns_rr_list* records = ldns().zone_rrs(zone_.get());
    std::vector<const ldns_rr*> all;
    if (const ldns_rr* soa = ldns().zone_soa(zone_.get())) all.push_back(soa);
    for (size_t i = 0; records && i < ldns().rr_list_rr_count(records); ++i) {
      all.push_back(ldns().rr_list_rr(records, i));
    }
    for (const ldns_rr* rr : all) {
      if (ldns().dname_compare(ldns().rr_owner(rr), query_name.get()) != 0) continue;
      name_exists = true;
      if (ldns().rr_get_type(rr) == type) found.push_back(rr);
    }
    if (!found.empty()) {
      detail = describe();
      return DnsOutcome::answered;
    }
    detail = name + (name_exists ? " has no records of that type in " : " is not in ") + describe();
    return name_exists ? DnsOutcome::no_records : DnsOutcome::name_missing;
  }

  std::string path_;
  ZonePtr zone_;
  RdfPtr origin_;
};

}  // namespace

namespace dns_lookup_platform {

Status prepare() {
  auto library = load_ldns_library();
  if (!library) return library.error();
  return ok_status();
}

Answer query(const DnsServerAddress& server, const std::string& name, RecordType type) {
  Answer answer;
  const ldns_rr_type asked = ldns_type(type);
  PacketPtr packet = send(server, name, asked, answer.outcome, answer.detail);
  if (!packet) return answer;
  RrListPtr records(ldns().pkt_rr_list_by_type(packet.get(), asked, LDNS_SECTION_ANSWER));
  for (size_t i = 0; records && i < ldns().rr_list_rr_count(records.get()); ++i) {
    const ldns_rr* rr = ldns().rr_list_rr(records.get(), i);
    if (type == RecordType::srv) {
      answer.services.push_back(srv_from(rr));
    } else {
      answer.addresses.push_back(rdf_text(ldns().rr_rdf(rr, 0)));
    }
  }
  return answer;
}

}  // namespace dns_lookup_platform

Result<std::unique_ptr<DnsLookup>> zone_file_lookup(const std::string& path,
                                                    const std::string& origin) {
  auto library = load_ldns_library();
  if (!library) return library.error();
  RdfPtr origin_name = absolute_dname(origin);
  if (!origin_name) {
    return Error::usage("--domain \"" + origin + "\" is not a DNS name");
  }
  FILE* file = std::fopen(path.c_str(), "r");
  if (!file) {
    // Only a missing file is "not found"; EACCES and the like are an environment problem the
    // user fixes differently (permissions), so Error::io keeps the errno's own code.
    Error error = Error::io("cannot open the zone file", path, errno);
    if (error.code() == ErrorCode::file_not_found) {
      error.with_hint("give --dns-zone an existing zone file");
    }
    return error;
  }
  // Record by record with ldns_rr_new_frm_fp_l (what ldns_zone_new_frm_fp_l does inside):
  // ldns 1.8.3's zone reader frees only the zone shell when a later record is bad, leaking
  // the records it already parsed.
  ZonePtr zone(ldns().zone_new());
  uint32_t default_ttl = 3600;
  ldns_rdf* current_origin = ldns().rdf_clone(origin_name.get());
  ldns_rdf* previous_owner = nullptr;
  int line = 0;
  ldns_status status = LDNS_STATUS_OK;
  while (status == LDNS_STATUS_OK && !std::feof(file)) {
    ldns_rr* rr = nullptr;
    const ldns_status read =
        ldns().rr_new_frm_fp_l(&rr, file, &default_ttl, &current_origin, &previous_owner, &line);
    if (read == LDNS_STATUS_OK) {
      if (ldns().rr_get_type(rr) == LDNS_RR_TYPE_SOA && !ldns().zone_soa(zone.get())) {
        ldns().zone_set_soa(zone.get(), rr);
      } else if (!ldns().zone_push_rr(zone.get(), rr)) {
        ldns().rr_free(rr);
        status = LDNS_STATUS_MEM_ERR;
      }
    } else if (read != LDNS_STATUS_SYNTAX_EMPTY && read != LDNS_STATUS_SYNTAX_TTL &&
               read != LDNS_STATUS_SYNTAX_ORIGIN) {
      status = read;  // $INCLUDE is refused too: a zone for validate is one file
    }
  }
  std::fclose(file);
  ldns().rdf_deep_free(current_origin);
  ldns().rdf_deep_free(previous_owner);
  if (status != LDNS_STATUS_OK) {
    return Error(
        ErrorCode::file_unreadable,
        std::string("the zone file cannot be parsed: ") + ldns().get_errorstr_by_id(status),
        path + ":" + std::to_string(line),
        "fix the zone file (RFC 1035 master file format; relative names are under --domain)");
  }
  return std::unique_ptr<DnsLookup>(
      std::make_unique<ZoneLookup>(path, std::move(zone), std::move(origin_name)));
}

}  // namespace kmsprep
