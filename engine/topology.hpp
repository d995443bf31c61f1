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
#include "engine/host_key_table.hpp"
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
  std::vector<OsFamily> products;     // families its host key activates (without host_key)
  // host-key="server2019": the CSVLK group; it decides coverage (docs/topology.md, precedence).
  const HostKeyEntry* host_key = nullptr;
  const HostOsEntry* os = nullptr;  // os="server2016"; a client OS activates clients only
  bool updated = true;              // false: lacks the update its OS needs for host_key
  std::string key_id;               // hosts sharing one CSVLK (the activation limit)
  int key_activations = 1;          // times this host was activated with that CSVLK
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
  std::string dns_suffix;  // primary DNS suffix ("" = none)
  JoinKind join = JoinKind::workgroup;
  std::string ad_domain;
  std::string dhcp_domain;  // DHCP option 15
  bool generalized = true;  // false: every member keeps the image's one CMID
  BootSchedule boot;
  std::optional<std::string> kms_host;  // explicit host (slmgr /skms): DNS discovery is off
  int kms_port = 1688;
  std::optional<int> oob_grace_minutes;      // overrides the product's grace (product_timers.hpp)
  std::optional<int> build;                  // picks the product's timers row (Vista RTM 6000)
  int clock_skew_minutes = 0;                // client clock minus host clock, absolute
  bool virtual_machine = false;              // counted or not by the vm-counting reading
  std::vector<std::string> dns_search_list;  // Windows 8+: searched after the primary suffix
  std::optional<std::string> kms_domain;     // slmgr /skms-domain (Windows 8+)
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

// An activation object in a forest (AD-based activation), present in days [from_day, to_day).
struct AdActivationSpec {
  std::string forest;
  const HostKeyEntry* host_key = nullptr;  // the CSVLK the object was created from
  int from_day = 0;
  int to_day = kNoEndDay;
  static constexpr int kNoEndDay = 1 << 30;
};

struct HostRestartSpec {
  int host = 0;
  int day = 0;
};

// The DNS server fails (0x8007232A) for one group (or all: group -1) in days [from_day, to_day).
struct DnsFailureSpec {
  int group = -1;
  int from_day = 0;
  int to_day = 0;
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
  std::vector<AdActivationSpec> ad_activations;
  std::vector<HostRestartSpec> host_restarts;
  std::vector<DnsFailureSpec> dns_failures;
  std::optional<int> oob_grace_minutes;  // <topology oob-grace>: overrides every product's
  // Legal but suspicious: an SRV target or explicit host no <kms-host> answers to.
  std::vector<std::string> warnings;
};

constexpr int kMaximumSimulationDays = 3650;
// Clients in all groups of one topology together (docs/topology.md). The simulator numbers
// clients with 32-bit indices; parse_topology refuses more, so no total can overflow them.
constexpr int kMaximumTopologyClients = 100000000;
// <kms-host> elements of one topology together (docs/topology.md): the simulator keeps a
// client's cached host and a cohort's interval pair in 16 bits.
constexpr int kMaximumTopologyHosts = 10000;

// Unknown elements or attributes, bad numbers, duplicate or dangling names, unknown product
// ids: topology_invalid with `source:line:column`.
Result<Topology> parse_topology(std::string_view xml, std::string source);

// DURATION: an integer followed by m, h or d ("8h"); minutes, or nullopt.
std::optional<int> parse_duration_minutes(std::string_view text);

// Families a host of `family` activates when its products are not given: every family up to
// its own.
std::vector<OsFamily> default_host_products(OsFamily family);

}  // namespace kmsprep
