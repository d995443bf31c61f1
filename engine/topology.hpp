// Topology: the network a fleet simulation runs in (sites, private links, KMS hosts, DNS SRV
// records, client groups, outages, activate-now moments), as read from the XML format in
// docs/topology.md. The reader parses bytes handed to it (cli/ or servicing/ reads the file);
// simulate and validate consume the result.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "engine/engine_settings.hpp"
#include "engine/gvlk_catalog.hpp"
#include "engine/sim_time.hpp"

namespace kmsprep {

struct SrvRecord {
  std::string target;  // a DNS name; resolves only when a <kms-host> has that name
  int port = 1688;
  int priority = 0;
  int weight = 0;
  int ttl_seconds = 3600;
  int line = 0;
};

struct DnsZone {
  std::string name;  // the domain; records are _vlmcs._tcp.<name>
  std::vector<SrvRecord> records;
  int line = 0;
};

struct SiteSpec {
  std::string name;
  int line = 0;
};

struct KmsHostSpec {
  std::string name;
  int site = 0;  // index into Topology::sites
  int port = 1688;
  bool activated = true;
  OsFamily family = OsFamily::win10;  // the host's own OS
  std::vector<OsFamily> products;     // families its host key activates
  int renewal_interval_minutes = 10080;
  int activation_interval_minutes = 120;
  int line = 0;
};

enum class JoinKind { workgroup, domain };

// Member i of a group of n boots at offset + floor(i * spread / n) minutes after the start.
struct BootSchedule {
  int offset_minutes = 0;
  int spread_minutes = 0;
};

struct ClientGroupSpec {
  std::string name;
  int site = 0;
  int count = 0;
  const GvlkEntry* product = nullptr;
  std::string dns_suffix;   // primary DNS suffix ("" = none)
  JoinKind join = JoinKind::workgroup;
  std::string ad_domain;
  std::string dhcp_domain;  // DHCP option 15
  bool generalized = true;  // false: every member keeps the image's one CMID
  BootSchedule boot;
  std::optional<std::string> kms_host;  // explicit host (slmgr /skms): DNS discovery is off
  int kms_port = 1688;
  std::optional<int> oob_grace_minutes;  // overrides the settings (Server 2008: 60 days)
  int line = 0;
};

struct LinkSpec {
  int a = 0;  // site indexes
  int b = 0;
};

struct OutageSpec {
  int group = 0;
  int from_day = 0;  // [from_day, to_day): no network at all
  int to_day = 0;
};

struct ActivateNowSpec {
  int group = 0;
  int day = 0;
};

struct Topology {
  UnixSeconds start = 1172736000;  // 2007-03-01T08:00:00Z
  int days = 30;
  uint64_t seed = 1;
  EngineSettings settings;
  std::vector<DnsZone> zones;
  std::vector<SiteSpec> sites;
  std::vector<KmsHostSpec> hosts;
  std::vector<ClientGroupSpec> groups;
  std::vector<LinkSpec> links;
  std::vector<OutageSpec> outages;
  std::vector<ActivateNowSpec> activate_now;
  // Legal but suspicious: an SRV target or explicit host no <kms-host> answers to.
  std::vector<std::string> warnings;
};

constexpr int kMaximumSimulationDays = 3650;
// Clients in all groups of one topology together (docs/topology.md). The simulator numbers
// clients with 32-bit indices; parse_topology refuses more, so no total can overflow them.
constexpr int kMaximumTopologyClients = 100000000;

// Unknown elements or attributes, bad numbers, duplicate or dangling names, unknown product
// ids: topology_invalid with `source:line:column`.
Result<Topology> parse_topology(std::string_view xml, std::string source);

// DURATION: an integer followed by m, h or d ("8h"); minutes, or nullopt.
std::optional<int> parse_duration_minutes(std::string_view text);

// Families a host of `family` activates when its products are not given: every family up to
// its own.
std::vector<OsFamily> default_host_products(OsFamily family);

}  // namespace kmsprep
