// Reads the topology XML (docs/topology.md) strictly: every element and attribute is known,
// every number in range, every name defined, so a typo is an error with a line, never a
// silently different simulation.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <pugixml.hpp>
#include <string>
#include <unordered_map>

#include "core/host_port.hpp"
#include "core/text.hpp"
#include "core/text_position.hpp"
#include "engine/topology.hpp"
#include "engine/xml_lines.hpp"

namespace kmsprep {
namespace {

class TopologyReader {
 public:
  TopologyReader(std::string_view xml, std::string source)
      : xml_(xml), lines_(xml), source_(std::move(source)) {}

  Result<Topology> read() {
    pugi::xml_document document;
    const unsigned flags = (pugi::parse_default | pugi::parse_doctype) & ~pugi::parse_eol;
    const pugi::xml_parse_result parsed =
        document.load_buffer(xml_.data(), xml_.size(), flags, pugi::encoding_utf8);
    if (!parsed) return invalid(parsed.offset, std::string("XML error: ") + parsed.description());
    pugi::xml_node root;
    for (pugi::xml_node node : document.children()) {
      if (node.type() == pugi::node_doctype) {
        return invalid(node.offset_debug(), "a DOCTYPE is not allowed in a topology");
      }
      if (node.type() == pugi::node_element) root = node;
    }
    if (!root || std::strcmp(root.name(), "topology") != 0) {
      return invalid(root ? root.offset_debug() : 0, "the root element must be <topology>");
    }
    if (auto status = read_root(root); !status) return status.error();
    // Sites, hosts and clients first, so links, outages and DNS may name them in any order.
    for (pugi::xml_node child : elements(root)) {
      if (std::strcmp(child.name(), "site") == 0) {
        if (auto status = read_site(child); !status) return status.error();
      }
    }
    for (pugi::xml_node child : elements(root)) {
      Status status = ok_status();
      const std::string name = child.name();
      if (name == "site") continue;
      if (name == "dns") {
        status = read_dns(child);
      } else if (name == "link") {
        status = read_link(child);
      } else if (name == "outage") {
        status = read_outage(child);
      } else if (name == "activate-now") {
        status = read_activate_now(child);
      } else if (name == "ad-activation") {
        status = read_ad_activation(child);
      } else if (name == "host-restart") {
        status = read_host_restart(child);
      } else if (name == "dns-failure") {
        status = read_dns_failure(child);
      } else {
        status = invalid(child.offset_debug(), "unknown element <" + name + "> in <topology>");
      }
      if (!status) return status.error();
    }
    if (!non_element_error_.empty()) return invalid(non_element_offset_, non_element_error_);
    add_warnings();
    return std::move(topology_);
  }

 private:
  Error invalid(std::ptrdiff_t offset, const std::string& detail) const {
    return Error(ErrorCode::topology_invalid, detail, source_ + ":" + xml_position(xml_, offset),
                 "see docs/topology.md for the format");
  }

  // Child elements, skipping comments; stray text is remembered as an error.
  std::vector<pugi::xml_node> elements(pugi::xml_node parent) {
    std::vector<pugi::xml_node> found;
    for (pugi::xml_node child : parent.children()) {
      if (child.type() == pugi::node_element) {
        found.push_back(child);
      } else if (child.type() != pugi::node_comment && non_element_error_.empty()) {
        non_element_error_ = std::string("text inside <") + parent.name() + "> is not allowed";
        non_element_offset_ = child.offset_debug();
      }
    }
    return found;
  }

  Status check_attributes(pugi::xml_node node, std::initializer_list<const char*> allowed) {
    for (pugi::xml_attribute attribute : node.attributes()) {
      const bool known = std::any_of(allowed.begin(), allowed.end(), [&](const char* name) {
        return std::strcmp(name, attribute.name()) == 0;
      });
      if (!known) {
        return invalid(node.offset_debug(), std::string("unknown attribute \"") + attribute.name() +
                                                "\" on <" + node.name() + ">");
      }
    }
    return ok_status();
  }

  Status no_children(pugi::xml_node node) {
    auto children = elements(node);
    if (!children.empty()) {
      return invalid(children.front().offset_debug(),
                     std::string("<") + node.name() + "> takes no child elements");
    }
    return ok_status();
  }

  Result<std::string> required(pugi::xml_node node, const char* name) {
    pugi::xml_attribute attribute = node.attribute(name);
    if (!attribute || attribute.value()[0] == '\0') {
      return invalid(node.offset_debug(),
                     std::string("<") + node.name() + "> needs a " + name + " attribute");
    }
    return std::string(attribute.value());
  }

  Status number(pugi::xml_node node, const char* name, int64_t min_value, int64_t max_value,
                int64_t& out) {
    pugi::xml_attribute attribute = node.attribute(name);
    if (!attribute) return ok_status();
    const auto value = parse_integer<int64_t>(attribute.value(), min_value, max_value);
    if (!value) {
      return invalid(node.offset_debug(), std::string(name) + "=\"" + attribute.value() +
                                              "\" on <" + node.name() + "> is not " +
                                              whole_number_range(min_value, max_value));
    }
    out = *value;
    return ok_status();
  }

  Status number(pugi::xml_node node, const char* name, int min_value, int max_value, int& out) {
    int64_t wide = out;
    if (auto status = number(node, name, int64_t{min_value}, int64_t{max_value}, wide); !status) {
      return status;
    }
    out = static_cast<int>(wide);
    return ok_status();
  }

  // The days [from-day, to-day) of an outage, a DNS failure or an activation object; with
  // `both_required` each must be given, otherwise an absent one keeps its default.
  Status read_day_window(pugi::xml_node node, bool both_required, int& from_day, int& to_day) {
    if (both_required) {
      for (const char* name : {"from-day", "to-day"}) {
        if (auto present = required(node, name); !present) return present.error();
      }
    }
    if (auto status = number(node, "from-day", 0, kMaximumSimulationDays, from_day); !status) {
      return status;
    }
    if (auto status = number(node, "to-day", 0, kMaximumSimulationDays, to_day); !status) {
      return status;
    }
    if (to_day < from_day) return invalid(node.offset_debug(), "to-day is before from-day");
    return ok_status();
  }

  Status duration(pugi::xml_node node, const char* name, int min_minutes, int max_minutes,
                  int& out) {
    pugi::xml_attribute attribute = node.attribute(name);
    if (!attribute) return ok_status();
    const auto minutes = parse_duration_minutes(attribute.value());
    if (!minutes || *minutes < min_minutes || *minutes > max_minutes) {
      return invalid(node.offset_debug(),
                     std::string(name) + "=\"" + attribute.value() + "\" on <" + node.name() +
                         "> is not a duration (a whole number followed by m, h or d) from " +
                         std::to_string(min_minutes) + "m to " + std::to_string(max_minutes) + "m");
    }
    out = *minutes;
    return ok_status();
  }

  Status boolean(pugi::xml_node node, const char* name, bool& out) {
    pugi::xml_attribute attribute = node.attribute(name);
    if (!attribute) return ok_status();
    const std::string value = attribute.value();
    if (value == "true") {
      out = true;
    } else if (value == "false") {
      out = false;
    } else {
      return invalid(node.offset_debug(), std::string(name) + "=\"" + value + "\" on <" +
                                              node.name() + "> must be true or false");
    }
    return ok_status();
  }

  Status read_root(pugi::xml_node root) {
    if (auto status = check_attributes(
            root,
            {"start", "days", "seed", "client-threshold", "server-threshold", "count-window",
             "oob-grace", "validity", "oot-grace", "host-caching", "srv-selection",
             "threshold-rule", "vista-host-caching", "vm-counting", "ad-activation-first",
             "restart-clears-count", "clock-tolerance", "host-key-hosts", "host-key-activations"});
        !status) {
      return status;
    }
    if (pugi::xml_attribute start = root.attribute("start")) {
      const auto when = parse_utc(start.value());
      if (!when) {
        return invalid(root.offset_debug(), std::string("start=\"") + start.value() +
                                                "\" is not an instant like 2007-03-01T08:00:00Z");
      }
      topology_.start = *when;
    }
    int64_t seed = static_cast<int64_t>(topology_.seed);
    EngineSettings& settings = topology_.settings;
    const int year = 365 * 1440;
    Status statuses[] = {
        number(root, "days", 0, kMaximumSimulationDays, topology_.days),
        number(root, "seed", int64_t{0}, int64_t{999999999999999999}, seed),
        number(root, "client-threshold", 1, 1000, settings.client_threshold),
        number(root, "server-threshold", 1, 1000, settings.server_threshold),
        duration(root, "count-window", 1, year, settings.count_window_minutes),
        duration(root, "oob-grace", 0, year, settings.oob_grace_minutes),
        duration(root, "validity", 1, 10 * year, settings.validity_minutes),
        duration(root, "oot-grace", 0, year, settings.oot_grace_minutes),
        boolean(root, "host-caching", settings.cache_host),
        read_readings(root, settings.readings),
    };
    for (auto& status : statuses) {
      if (!status) return status;
    }
    if (root.attribute("oob-grace")) topology_.oob_grace_minutes = settings.oob_grace_minutes;
    topology_.seed = static_cast<uint64_t>(seed);
    return ok_status();
  }

  // A named choice: the attribute's value must be one `parse` knows.
  template <typename Value, typename Parse>
  Status choice(pugi::xml_node node, const char* name, const char* values, Parse parse,
                Value& out) {
    pugi::xml_attribute attribute = node.attribute(name);
    if (!attribute) return ok_status();
    const auto parsed = parse(attribute.value());
    if (!parsed) {
      return invalid(node.offset_debug(), std::string(name) + "=\"" + attribute.value() +
                                              "\" on <" + node.name() + "> must be " + values);
    }
    out = *parsed;
    return ok_status();
  }

  Status read_readings(pugi::xml_node root, Readings& readings) {
    Status statuses[] = {
        choice(root, "srv-selection", "by-release, random or priority", parse_srv_selection,
               readings.srv_selection),
        choice(root, "threshold-rule", "at-least or more-than", parse_threshold_rule,
               readings.threshold_rule),
        boolean(root, "vista-host-caching", readings.vista_host_caching),
        choice(root, "vm-counting", "counted or not-counted", parse_vm_counting,
               readings.vm_counting),
        choice(root, "ad-activation-first", "win8 or win81", parse_ad_activation_first,
               readings.ad_activation_first),
        boolean(root, "restart-clears-count", readings.restart_clears_count),
        duration(root, "clock-tolerance", 0, 365 * 1440, readings.clock_tolerance_minutes),
        number(root, "host-key-hosts", 1, 1000000, readings.host_key_hosts),
        number(root, "host-key-activations", 1, 1000000, readings.host_key_activations),
    };
    for (auto& status : statuses) {
      if (!status) return status;
    }
    return ok_status();
  }

  Status unique_name(pugi::xml_node node, const std::string& name, const char* what, bool exists) {
    if (exists) {
      return invalid(node.offset_debug(), std::string(what) + " \"" + name + "\" is defined twice");
    }
    return ok_status();
  }

  Status read_site(pugi::xml_node node) {
    if (auto status = check_attributes(node, {"name"}); !status) return status;
    auto name = required(node, "name");
    if (!name) return name.error();
    if (auto status = unique_name(node, *name, "site", find_site(*name) >= 0); !status) {
      return status;
    }
    site_index_.emplace(to_lower_ascii(*name), static_cast<int>(topology_.sites.size()));
    topology_.sites.push_back({*name, line_at(node.offset_debug())});
    const int site = static_cast<int>(topology_.sites.size()) - 1;
    for (pugi::xml_node child : elements(node)) {
      Status status = ok_status();
      if (std::strcmp(child.name(), "kms-host") == 0) {
        status = read_host(child, site);
      } else if (std::strcmp(child.name(), "clients") == 0) {
        status = read_clients(child, site);
      } else {
        status = invalid(child.offset_debug(),
                         std::string("unknown element <") + child.name() + "> in <site>");
      }
      if (!status) return status;
    }
    return ok_status();
  }

  // Long on purpose: one attribute of <kms-host> after another, read and checked in the order
  // docs/topology.md lists them.
  Status read_host(pugi::xml_node node, int site) {
    if (auto status = check_attributes(node, {"name", "port", "activated", "family", "products",
                                              "renewal-interval", "activation-interval", "host-key",
                                              "os", "updated", "key-id", "key-activations"});
        !status) {
      return status;
    }
    if (auto status = no_children(node); !status) return status;
    if (topology_.hosts.size() >= static_cast<size_t>(kMaximumTopologyHosts)) {
      return invalid(node.offset_debug(), "more than " + std::to_string(kMaximumTopologyHosts) +
                                              " <kms-host> elements; the limit is " +
                                              std::to_string(kMaximumTopologyHosts));
    }
    KmsHostSpec host;
    auto name = required(node, "name");
    if (!name) return name.error();
    host.name = *name;
    if (auto status = unique_name(node, host.name, "KMS host", find_host(host.name) >= 0);
        !status) {
      return status;
    }
    host.site = site;
    host.port = topology_.settings.kms_port;
    host.renewal_interval_minutes = topology_.settings.renewal_interval_minutes;
    host.activation_interval_minutes = topology_.settings.activation_interval_minutes;
    Status statuses[] = {
        number(node, "port", 1, 65535, host.port),
        boolean(node, "activated", host.activated),
        number(node, "renewal-interval", kMinimumIntervalMinutes, kMaximumIntervalMinutes,
               host.renewal_interval_minutes),
        number(node, "activation-interval", kMinimumIntervalMinutes, kMaximumIntervalMinutes,
               host.activation_interval_minutes),
        boolean(node, "updated", host.updated),
        number(node, "key-activations", 1, 1000000, host.key_activations),
    };
    for (auto& status : statuses) {
      if (!status) return status;
    }
    if (pugi::xml_attribute family = node.attribute("family")) {
      auto parsed = parse_os_family(family.value());
      if (!parsed) {
        return invalid(node.offset_debug(),
                       std::string("family=\"") + family.value() +
                           "\" is not an OS family (vista, win7, win8, win81, win10)");
      }
      host.family = *parsed;
    }
    host.products = default_host_products(host.family);
    if (pugi::xml_attribute products = node.attribute("products")) {
      host.products.clear();
      std::string_view list = products.value();
      while (true) {
        const size_t comma = list.find(',');
        std::string item(list.substr(0, comma));
        item.erase(0, item.find_first_not_of(' '));
        item.erase(item.find_last_not_of(' ') + 1);
        auto parsed = parse_os_family(item);
        if (!parsed) {
          return invalid(node.offset_debug(), "products=\"" + std::string(products.value()) +
                                                  "\": \"" + item + "\" is not an OS family");
        }
        if (std::find(host.products.begin(), host.products.end(), *parsed) == host.products.end()) {
          host.products.push_back(*parsed);
        }
        if (comma == std::string_view::npos) break;
        list.remove_prefix(comma + 1);
      }
    }
    if (auto status = read_host_key(node, host); !status) return status;
    host.line = line_at(node.offset_debug());
    host_index_.emplace(to_lower_ascii(host.name), static_cast<int>(topology_.hosts.size()));
    topology_.hosts.push_back(std::move(host));
    return ok_status();
  }

  // host-key, os, key-id: the CSVLK decides what the host activates (host_key_table.hpp).
  Status read_host_key(pugi::xml_node node, KmsHostSpec& host) {
    host.key_id = node.attribute("key-id").value();
    if (pugi::xml_attribute os = node.attribute("os")) {
      host.os = find_host_os(os.value());
      if (!host.os) {
        return invalid(node.offset_debug(), std::string("os=\"") + os.value() +
                                                "\" is not a host OS (" + host_os_ids_text() + ")");
      }
      if (!node.attribute("family")) {
        host.family = host.os->family;
        if (!node.attribute("products")) host.products = default_host_products(host.family);
      }
    }
    pugi::xml_attribute key = node.attribute("host-key");
    if (!key) return ok_status();
    host.host_key = find_host_key(key.value());
    if (!host.host_key) {
      return invalid(node.offset_debug(), std::string("host-key=\"") + key.value() +
                                              "\" is not a KMS host key group (" +
                                              host_key_ids_text() + ")");
    }
    if (node.attribute("products")) {
      topology_.warnings.push_back(source_ + ":" + std::to_string(line_at(node.offset_debug())) +
                                   ": <kms-host " + host.name +
                                   "> has host-key and products; "
                                   "host-key decides what it activates");
    }
    if (host.os && !host.host_key->hosted_natively_on(host.os->id) &&
        !host.host_key->update_needed_on(host.os->id)) {
      return Error(ErrorCode::host_key_unhostable,
                   "the host key \"" + std::string(host.host_key->id) + "\" (" +
                       std::string(host.host_key->display_name) + ") cannot be installed on " +
                       std::string(host.os->display_name) + " (host " + host.name + ")",
                   source_ + ":" + xml_position(xml_, node.offset_debug()),
                   "Microsoft's table lists it on: " + host.host_key->hosts_text() +
                       " (docs/engine.md, host keys); change os or host-key");
    }
    return ok_status();
  }

  // Long on purpose: one attribute of <clients> after another, read and checked in the order
  // docs/topology.md lists them.
  Status read_clients(pugi::xml_node node, int site) {
    if (auto status = check_attributes(
            node, {"name", "count", "product", "dns-suffix", "join", "ad-domain", "dhcp-domain",
                   "generalized", "boot", "kms-host", "oob-grace", "build", "clock-skew", "virtual",
                   "dns-search-list", "kms-domain"});
        !status) {
      return status;
    }
    if (auto status = no_children(node); !status) return status;
    ClientGroupSpec group;
    auto name = required(node, "name");
    if (!name) return name.error();
    group.name = *name;
    if (auto status = unique_name(node, group.name, "client group", find_group(group.name) >= 0);
        !status) {
      return status;
    }
    group.site = site;
    auto count = required(node, "count");
    if (!count) return count.error();
    if (auto status = number(node, "count", 0, kMaximumTopologyClients, group.count); !status) {
      return status;
    }
    // 64 bits: a few groups near the per-group maximum would overflow an int.
    total_clients_ += group.count;
    if (total_clients_ > kMaximumTopologyClients) {
      return invalid(node.offset_debug(),
                     "with this group the topology holds " + std::to_string(total_clients_) +
                         " clients; the limit is " + std::to_string(kMaximumTopologyClients) +
                         " clients in all groups together");
    }
    auto product = required(node, "product");
    if (!product) return product.error();
    group.product = find_gvlk_by_product_id(*product);
    if (!group.product) {
      return invalid(
          node.offset_debug(),
          "product=\"" + *product + "\" is not a catalog product id (see `kmsprep gvlk`)");
    }
    group.dns_suffix = node.attribute("dns-suffix").value();
    group.ad_domain = node.attribute("ad-domain").value();
    group.dhcp_domain =
        node.attribute("dhcp-domain") ? node.attribute("dhcp-domain").value() : group.dns_suffix;
    if (pugi::xml_attribute join = node.attribute("join")) {
      const std::string value = join.value();
      if (value == "domain") {
        group.join = JoinKind::domain;
      } else if (value != "workgroup") {
        return invalid(node.offset_debug(), "join=\"" + value + "\" must be domain or workgroup");
      }
    }
    if (auto status = boolean(node, "generalized", group.generalized); !status) return status;
    if (pugi::xml_attribute boot = node.attribute("boot")) {
      if (auto status = read_boot(node, boot.value(), group.boot); !status) return status;
    }
    if (pugi::xml_attribute host = node.attribute("kms-host")) {
      const std::string value = host.value();
      group.kms_port = topology_.settings.kms_port;
      auto split = split_host_port(value);
      if (!split) {
        return invalid(node.offset_debug(), "kms-host=\"" + value +
                                                "\": " + split.error().detail() +
                                                " (write an IPv6 host as [ADDRESS]:PORT)");
      }
      if (split->has_port) {
        const auto port = parse_integer<int>(split->port, 1, 65535);
        if (!port) {
          return invalid(node.offset_debug(),
                         "kms-host=\"" + value + "\": the port is not a number from 1 to 65535");
        }
        group.kms_port = *port;
      }
      if (split->host.empty()) return invalid(node.offset_debug(), "kms-host has no host name");
      group.kms_host = split->host;
    }
    if (node.attribute("oob-grace")) {
      int grace = topology_.settings.oob_grace_minutes;
      if (auto status = duration(node, "oob-grace", 0, 365 * 1440, grace); !status) return status;
      group.oob_grace_minutes = grace;
    }
    if (auto status = read_client_field_settings(node, group); !status) return status;
    group.line = line_at(node.offset_debug());
    group_index_.emplace(to_lower_ascii(group.name), static_cast<int>(topology_.groups.size()));
    topology_.groups.push_back(std::move(group));
    return ok_status();
  }

  // build, clock-skew, virtual, dns-search-list, kms-domain (docs/topology.md).
  Status read_client_field_settings(pugi::xml_node node, ClientGroupSpec& group) {
    if (node.attribute("build")) {
      int build = 0;
      if (auto status = number(node, "build", 0, 999999, build); !status) return status;
      group.build = build;
    }
    Status statuses[] = {
        duration(node, "clock-skew", 0, 3650 * 1440, group.clock_skew_minutes),
        boolean(node, "virtual", group.virtual_machine),
    };
    for (auto& status : statuses) {
      if (!status) return status;
    }
    std::string_view list = node.attribute("dns-search-list").value();
    while (!list.empty()) {
      const size_t comma = list.find(',');
      std::string item(list.substr(0, comma));
      item.erase(0, item.find_first_not_of(' '));
      item.erase(item.find_last_not_of(' ') + 1);
      if (item.empty()) {
        return invalid(node.offset_debug(), "dns-search-list has an empty domain");
      }
      group.dns_search_list.push_back(item);
      list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
    }
    if (pugi::xml_attribute domain = node.attribute("kms-domain")) {
      if (domain.value()[0] == '\0') return invalid(node.offset_debug(), "kms-domain is empty");
      group.kms_domain = std::string(domain.value());
    }
    return ok_status();
  }

  Status read_ad_activation(pugi::xml_node node) {
    if (auto status = check_attributes(node, {"forest", "host-key", "from-day", "to-day"});
        !status) {
      return status;
    }
    if (auto status = no_children(node); !status) return status;
    AdActivationSpec spec;
    auto forest = required(node, "forest");
    if (!forest) return forest.error();
    spec.forest = *forest;
    auto key = required(node, "host-key");
    if (!key) return key.error();
    spec.host_key = find_host_key(*key);
    if (!spec.host_key) {
      return invalid(
          node.offset_debug(),
          "host-key=\"" + *key + "\" is not a KMS host key group (" + host_key_ids_text() + ")");
    }
    if (auto window = read_day_window(node, false, spec.from_day, spec.to_day); !window) {
      return window;
    }
    topology_.ad_activations.push_back(spec);
    return ok_status();
  }

  Status read_host_restart(pugi::xml_node node) {
    if (auto status = check_attributes(node, {"host", "day"}); !status) return status;
    if (auto status = no_children(node); !status) return status;
    auto name = required(node, "host");
    if (!name) return name.error();
    const int host = find_host(*name);
    if (host < 0) return invalid(node.offset_debug(), "host=\"" + *name + "\" names no <kms-host>");
    HostRestartSpec spec{host, 0};
    if (auto present = required(node, "day"); !present) return present.error();
    if (auto status = number(node, "day", 0, kMaximumSimulationDays, spec.day); !status) {
      return status;
    }
    topology_.host_restarts.push_back(spec);
    return ok_status();
  }

  Status read_dns_failure(pugi::xml_node node) {
    if (auto status = check_attributes(node, {"clients", "from-day", "to-day"}); !status) {
      return status;
    }
    if (auto status = no_children(node); !status) return status;
    DnsFailureSpec spec;
    if (node.attribute("clients")) {
      auto group = named_group(node);
      if (!group) return group.error();
      spec.group = *group;
    }
    if (auto window = read_day_window(node, true, spec.from_day, spec.to_day); !window) {
      return window;
    }
    topology_.dns_failures.push_back(spec);
    return ok_status();
  }

  Status read_boot(pugi::xml_node node, std::string_view text, BootSchedule& boot) {
    if (text == "at-start") return ok_status();
    const auto bad = [&] {
      return invalid(
          node.offset_debug(),
          "boot=\"" + std::string(text) +
              "\" must be at-start, at:DURATION, spread:DURATION or at:DURATION,spread:DURATION");
    };
    const int limit = kMaximumSimulationDays * 1440;
    while (!text.empty()) {
      const size_t comma = text.find(',');
      std::string_view part = text.substr(0, comma);
      std::optional<int> minutes;
      if (part.substr(0, 3) == "at:") {
        minutes = parse_duration_minutes(part.substr(3));
        if (!minutes || *minutes > limit) return bad();
        boot.offset_minutes = *minutes;
      } else if (part.substr(0, 7) == "spread:") {
        minutes = parse_duration_minutes(part.substr(7));
        if (!minutes || *minutes > limit) return bad();
        boot.spread_minutes = *minutes;
      } else {
        return bad();
      }
      if (comma == std::string_view::npos) break;
      text.remove_prefix(comma + 1);
    }
    return ok_status();
  }

  Status read_dns(pugi::xml_node node) {
    if (auto status = check_attributes(node, {}); !status) return status;
    for (pugi::xml_node zone_node : elements(node)) {
      if (std::strcmp(zone_node.name(), "zone") != 0) {
        return invalid(zone_node.offset_debug(),
                       std::string("unknown element <") + zone_node.name() + "> in <dns>");
      }
      if (auto status = check_attributes(zone_node, {"name"}); !status) return status;
      auto name = required(zone_node, "name");
      if (!name) return name.error();
      for (const auto& zone : topology_.zones) {
        if (equals_ignoring_case(zone.name, *name)) {
          return invalid(zone_node.offset_debug(), "zone \"" + *name + "\" is defined twice");
        }
      }
      DnsZone zone;
      zone.name = *name;
      zone.line = line_at(zone_node.offset_debug());
      for (pugi::xml_node srv : elements(zone_node)) {
        if (std::strcmp(srv.name(), "srv") != 0) {
          return invalid(srv.offset_debug(),
                         std::string("unknown element <") + srv.name() + "> in <zone>");
        }
        if (auto status = check_attributes(srv, {"target", "port", "priority", "weight", "ttl"});
            !status) {
          return status;
        }
        if (auto status = no_children(srv); !status) return status;
        SrvRecord record;
        auto target = required(srv, "target");
        if (!target) return target.error();
        record.target = *target;
        record.port = topology_.settings.kms_port;
        Status statuses[] = {
            number(srv, "port", 1, 65535, record.port),
            number(srv, "priority", 0, 65535, record.priority),
            number(srv, "weight", 0, 65535, record.weight),
            number(srv, "ttl", 0, 2147483647, record.ttl_seconds),
        };
        for (auto& status : statuses) {
          if (!status) return status;
        }
        record.line = line_at(srv.offset_debug());
        zone.records.push_back(std::move(record));
      }
      topology_.zones.push_back(std::move(zone));
    }
    return ok_status();
  }

  Result<int> named_site(pugi::xml_node node, const char* attribute) {
    auto name = required(node, attribute);
    if (!name) return name.error();
    const int site = find_site(*name);
    if (site < 0) {
      return invalid(node.offset_debug(),
                     std::string(attribute) + "=\"" + *name + "\" names no <site>");
    }
    return site;
  }

  Result<int> named_group(pugi::xml_node node) {
    auto name = required(node, "clients");
    if (!name) return name.error();
    const int group = find_group(*name);
    if (group < 0) {
      return invalid(node.offset_debug(), "clients=\"" + *name + "\" names no <clients> group");
    }
    return group;
  }

  Status read_link(pugi::xml_node node) {
    if (auto status = check_attributes(node, {"a", "b"}); !status) return status;
    if (auto status = no_children(node); !status) return status;
    auto a = named_site(node, "a");
    if (!a) return a.error();
    auto b = named_site(node, "b");
    if (!b) return b.error();
    topology_.links.push_back({*a, *b});
    return ok_status();
  }

  Status read_outage(pugi::xml_node node) {
    if (auto status = check_attributes(node, {"clients", "from-day", "to-day"}); !status) {
      return status;
    }
    if (auto status = no_children(node); !status) return status;
    auto group = named_group(node);
    if (!group) return group.error();
    OutageSpec outage{*group, 0, kMaximumSimulationDays};
    if (auto window = read_day_window(node, true, outage.from_day, outage.to_day); !window) {
      return window;
    }
    topology_.outages.push_back(outage);
    return ok_status();
  }

  Status read_activate_now(pugi::xml_node node) {
    if (auto status = check_attributes(node, {"clients", "day"}); !status) return status;
    if (auto status = no_children(node); !status) return status;
    auto group = named_group(node);
    if (!group) return group.error();
    ActivateNowSpec spec{*group, 0};
    if (auto present = required(node, "day"); !present) return present.error();
    if (auto status = number(node, "day", 0, kMaximumSimulationDays, spec.day); !status) {
      return status;
    }
    topology_.activate_now.push_back(spec);
    return ok_status();
  }

  void add_warnings() {
    for (const auto& zone : topology_.zones) {
      for (const auto& record : zone.records) {
        if (find_host(record.target) < 0) {
          topology_.warnings.push_back(source_ + ":" + std::to_string(record.line) +
                                       ": SRV target \"" + record.target +
                                       "\" is not a <kms-host>; clients cannot resolve it");
        }
      }
    }
    for (const auto& group : topology_.groups) {
      if (group.kms_host && find_host(*group.kms_host) < 0) {
        topology_.warnings.push_back(source_ + ":" + std::to_string(group.line) + ": kms-host \"" +
                                     *group.kms_host +
                                     "\" is not a <kms-host>; clients cannot resolve it");
      }
    }
  }

  // Names match ignoring letter case (docs/topology.md); the indices are keyed by the name in
  // lower case, so a topology of 10,000 hosts is read in one pass, not 10,000.
  static int find_in(const std::unordered_map<std::string, int>& index, const std::string& name) {
    const auto found = index.find(to_lower_ascii(name));
    return found == index.end() ? -1 : found->second;
  }
  int find_site(const std::string& name) const { return find_in(site_index_, name); }
  int find_group(const std::string& name) const { return find_in(group_index_, name); }
  int find_host(const std::string& name) const { return find_in(host_index_, name); }

  // The 1-based line of a pugixml offset (negative: none, the start).
  int line_at(std::ptrdiff_t offset) const {
    return lines_.line_of(offset < 0 ? 0 : static_cast<size_t>(offset));
  }

  std::string_view xml_;
  LineIndex lines_;
  std::unordered_map<std::string, int> site_index_;
  std::unordered_map<std::string, int> group_index_;
  std::unordered_map<std::string, int> host_index_;
  std::string source_;
  Topology topology_;
  int64_t total_clients_ = 0;
  std::string non_element_error_;
  std::ptrdiff_t non_element_offset_ = 0;
};

}  // namespace

std::optional<int> parse_duration_minutes(std::string_view text) {
  if (text.size() < 2) return std::nullopt;
  const char unit = text.back();
  const auto value = parse_integer<int64_t>(text.substr(0, text.size() - 1), 0, 100000000);
  if (!value) return std::nullopt;
  int64_t minutes = *value;
  if (unit == 'h') {
    minutes *= 60;
  } else if (unit == 'd') {
    minutes *= 1440;
  } else if (unit != 'm') {
    return std::nullopt;
  }
  if (minutes > 100000000) return std::nullopt;
  return static_cast<int>(minutes);
}

std::vector<OsFamily> default_host_products(OsFamily family) {
  std::vector<OsFamily> products;
  for (OsFamily candidate : all_os_families()) {
    products.push_back(candidate);
    if (candidate == family) break;
  }
  return products;
}

Result<Topology> parse_topology(std::string_view xml, std::string source) {
  return TopologyReader(xml, std::move(source)).read();
}

}  // namespace kmsprep
