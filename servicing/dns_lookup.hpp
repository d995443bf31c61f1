// DNS look-ups for validate: SRV and address queries sent to one chosen server and port (Linux:
// ldns, a fresh resolver per query, 2 s timeout, 3 tries; Windows: DnsQueryEx), or answered
// from a zone file that ldns parses with the domain as origin. Callers: servicing/ (validate).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace kmsprep {

// --dns-server ADDR[:PORT]: an IPv4 address, or an IPv6 address (bracketed when a port
// follows); port default 53. Usage error otherwise.
struct DnsServerAddress {
  std::string address;
  uint16_t port = 53;
  std::string to_string() const;  // "127.0.0.1:5353", "[::1]:53"
};
Result<DnsServerAddress> parse_dns_server_address(std::string_view text);

struct SrvAnswer {
  std::string target;  // without the trailing dot
  int port = 0;
  int priority = 0;
  int weight = 0;
  uint32_t ttl = 0;
};

enum class DnsOutcome {
  answered,        // NOERROR with records of the type asked for
  no_records,      // NOERROR without them (NODATA)
  name_missing,    // NXDOMAIN
  server_failure,  // SERVFAIL, REFUSED, other rcodes, or no answer at all
  outside_zone,    // zone file only: the name is not under the zone's origin
};
const char* to_string(DnsOutcome outcome);

struct SrvLookup {
  DnsOutcome outcome = DnsOutcome::server_failure;
  std::vector<SrvAnswer> records;
  std::string detail;  // "NXDOMAIN from 127.0.0.1:5353", "no answer from ... after 3 tries"
};

struct AddressLookup {
  DnsOutcome outcome = DnsOutcome::server_failure;
  std::vector<std::string> addresses;  // A then AAAA, as text
  std::string detail;
};

// Where answers come from: a DNS server or a zone file; both are real code paths (ldns, or
// the Windows DNS client for a server).
class DnsLookup {
 public:
  virtual ~DnsLookup() = default;
  virtual SrvLookup query_srv(const std::string& name) = 0;
  virtual AddressLookup query_addresses(const std::string& name) = 0;
  virtual std::string describe() const = 0;  // "DNS server 127.0.0.1:5353", "zone file z.db"
};

std::unique_ptr<DnsLookup> dns_server_lookup(const DnsServerAddress& server);
// Reads and parses the zone file now; bad input (exit 3) with file:line when ldns refuses it.
// Windows: E905 platform_unsupported (no zone reader there yet).
Result<std::unique_ptr<DnsLookup>> zone_file_lookup(const std::string& path,
                                                    const std::string& origin);

// The platform part, for dns_lookup.cpp only: one raw answer from the server, asked for one
// record type (dns_lookup_posix.cpp: ldns; dns_lookup_windows.cpp: DnsQueryEx). The merging of
// A and AAAA answers and the wording of NXDOMAIN and NODATA stay in dns_lookup.cpp.
namespace dns_lookup_platform {

enum class RecordType { srv, a, aaaa };

struct Answer {
  // answered: NOERROR, with or without records (dns_lookup.cpp tells NODATA apart);
  // name_missing: NXDOMAIN; server_failure: any other rcode, or no answer.
  DnsOutcome outcome = DnsOutcome::server_failure;
  std::vector<SrvAnswer> services;     // SRV records of the answer section
  std::vector<std::string> addresses;  // A or AAAA records of the answer section, as text
  std::string detail;  // server_failure only: "SERVFAIL from DNS server ...", "no answer ..."
};

// What every query needs, loaded now: ldns on Linux (its E903 when missing), nothing on Windows.
Status prepare();

Answer query(const DnsServerAddress& server, const std::string& name, RecordType type);

}  // namespace dns_lookup_platform
}  // namespace kmsprep
