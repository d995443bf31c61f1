#include "servicing/srv_records.hpp"

#include <cctype>
#include <cstdio>
#include <map>

#include "servicing/kms_host_address.hpp"

namespace kmsprep {
namespace {

std::string lower_without_dot(std::string name) {
  while (!name.empty() && name.back() == '.') name.pop_back();
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return name;
}

// "01:00:00" as PowerShell's TimeSpan reads it (days.hh:mm:ss beyond a day).
std::string time_span(int seconds) {
  const int days = seconds / 86400;
  char text[32];
  std::snprintf(text, sizeof text, "%02d:%02d:%02d", seconds % 86400 / 3600, seconds % 3600 / 60,
                seconds % 60);
  return days > 0 ? std::to_string(days) + "." + text : std::string(text);
}

std::string owner(const KmsSrvRecord& record) { return "_vlmcs._tcp." + record.domain + "."; }

std::string rdata(const KmsSrvRecord& record) {
  return std::to_string(record.priority) + " " + std::to_string(record.weight) + " " +
         std::to_string(record.port) + " " + record.target + ".";
}

}  // namespace

std::vector<KmsSrvRecord> srv_records_of(const Topology& topology) {
  std::vector<KmsSrvRecord> records;
  for (const DnsZone& zone : topology.zones) {
    for (const SrvRecord& srv : zone.records) {
      records.push_back({lower_without_dot(zone.name), lower_without_dot(srv.target), srv.port,
                         srv.priority, srv.weight, srv.ttl_seconds});
    }
  }
  return records;
}

Result<std::vector<KmsSrvRecord>> srv_records_for_hosts(const std::vector<std::string>& hosts,
                                                        const std::vector<std::string>& domains,
                                                        int priority, int weight, int ttl_seconds) {
  std::vector<KmsSrvRecord> records;
  for (const std::string& domain_text : domains) {
    const std::string domain = lower_without_dot(domain_text);
    auto checked = parse_kms_host_address(domain);
    if (!checked || checked->kind != KmsHostAddress::Kind::dns_name || checked->port_given) {
      return Error::usage("--domain \"" + domain_text + "\" is not a DNS domain name",
                          "give --domain corp.example");
    }
    for (const std::string& host_text : hosts) {
      auto address = parse_kms_host_address(host_text);
      if (!address) return address.error();
      if (address->kind != KmsHostAddress::Kind::dns_name) {
        return Error::usage(
            "--host \"" + host_text + "\" is an address; an SRV record names a host",
            "give the KMS host's DNS name (and add its A/AAAA record to the zone)");
      }
      std::string target = lower_without_dot(address->host);
      if (target.find('.') == std::string::npos) target += "." + domain;
      records.push_back({domain, target, address->port, priority, weight, ttl_seconds});
    }
  }
  return records;
}

std::string format_srv_records(const std::vector<KmsSrvRecord>& records, SrvOutputFormat format) {
  std::map<std::string, std::vector<const KmsSrvRecord*>> by_domain;
  for (const KmsSrvRecord& record : records) by_domain[record.domain].push_back(&record);
  std::string out;
  switch (format) {
    case SrvOutputFormat::zone:
      out += "; _vlmcs._tcp SRV records for KMS discovery, written by kmsprep dns records\n";
      for (const auto& [domain, list] : by_domain) {
        out += "$ORIGIN " + domain + ".\n";
        for (const KmsSrvRecord* record : list) {
          out += owner(*record) + " " + std::to_string(record->ttl_seconds) + " IN SRV " +
                 rdata(*record) + "\n";
        }
      }
      break;
    case SrvOutputFormat::nsupdate:
      for (const auto& [domain, list] : by_domain) {
        out += "zone " + domain + ".\n";
        for (const KmsSrvRecord* record : list) {
          out += "update add " + owner(*record) + " " + std::to_string(record->ttl_seconds) +
                 " IN SRV " + rdata(*record) + "\n";
        }
        out += "send\n";
      }
      break;
    case SrvOutputFormat::powershell:
      for (const KmsSrvRecord& record : records) {
        out += "Add-DnsServerResourceRecord -ZoneName \"" + record.domain +
               "\" -Srv -Name \"_vlmcs._tcp\" "
               "-DomainName \"" +
               record.target + "\" -Priority " + std::to_string(record.priority) + " -Weight " +
               std::to_string(record.weight) + " -Port " + std::to_string(record.port) +
               " -TimeToLive " + time_span(record.ttl_seconds) + "\n";
      }
      break;
    case SrvOutputFormat::dnsmasq:
      out += "# _vlmcs._tcp SRV records for dnsmasq (conf-file lines); TTLs come from local-ttl\n";
      for (const KmsSrvRecord& record : records) {
        out += "srv-host=_vlmcs._tcp." + record.domain + "," + record.target + "," +
               std::to_string(record.port) + "," + std::to_string(record.priority) + "," +
               std::to_string(record.weight) + "\n";
      }
      break;
  }
  return out;
}

}  // namespace kmsprep
