// The _vlmcs._tcp SRV records a zone needs for KMS discovery, and the four ways to hand them
// to a DNS server: zone-file lines (which validate --dns-zone reads back), an nsupdate script,
// PowerShell Add-DnsServerResourceRecord lines (Windows DNS) and dnsmasq srv-host lines.
// Pure text; the records come from a topology's <dns-zone>s or from --host/--domain.
// Callers: cli/ (dns records).
#pragma once

#include <string>
#include <vector>

#include "core/result.hpp"
#include "engine/topology.hpp"

namespace kmsprep {

// What a KMS host publishes by itself: TTL 60 minutes, priority 0, weight 0 (docs/dns.md).
inline constexpr int kKmsSrvTtlSeconds = 3600;

struct KmsSrvRecord {
  std::string domain;  // "corp.example" (no trailing dot)
  std::string target;  // "kms1.corp.example"
  int port = 1688;
  int priority = 0;
  int weight = 0;
  int ttl_seconds = kKmsSrvTtlSeconds;
};

enum class SrvOutputFormat { zone, nsupdate, powershell, dnsmasq };

// Every record of every <dns-zone> of the topology.
std::vector<KmsSrvRecord> srv_records_of(const Topology& topology);
// --host NAME[:PORT] (names only: an SRV target cannot be an address) for each --domain; a
// name without a dot is taken as relative to the domain. Usage errors name the bad value.
Result<std::vector<KmsSrvRecord>> srv_records_for_hosts(const std::vector<std::string>& hosts,
                                                        const std::vector<std::string>& domains,
                                                        int priority, int weight, int ttl_seconds);

std::string format_srv_records(const std::vector<KmsSrvRecord>& records, SrvOutputFormat format);

}  // namespace kmsprep
