#include "events/kms_report_writers.hpp"

#include <nlohmann/json.hpp>
#include <sstream>

#include "core/strings.hpp"

namespace kmsprep {
namespace {

using nlohmann::json;

std::string group_name(int n_policy) {
  if (n_policy == 25) return "client (N-policy 25)";
  if (n_policy == 5) return "server (N-policy 5)";
  return "N-policy " + std::to_string(n_policy);
}

std::string duration_text(int64_t minutes) {
  if (minutes < 0) return "expired " + duration_text(-minutes) + " ago";
  if (minutes >= 1440)
    return std::to_string(minutes / 1440) + " d " + std::to_string(minutes % 1440 / 60) + " h";
  return std::to_string(minutes / 60) + " h " + std::to_string(minutes % 60) + " min";
}

json refusals_json(const std::map<Hresult, uint64_t>& refusals) {
  json list = json::array();
  for (const auto& [code, requests] : refusals) {
    list.push_back({{"hresult", format_hresult(code)},
                    {"meaning", hresult_meaning(code)},
                    {"requests", requests}});
  }
  return list;
}

// A CSV field: quoted when it holds a comma, quote or line break.
std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

// The text report's sections, in their order.
void write_hosts_text(std::ostream& out, const KmsReport& report) {
  for (const KmsHostReport& host : report.hosts) {
    out << "\nHost " << escape_for_display(host.name) << ": count " << host.count << ", "
        << host.requests << " requests, " << host.refused << " refused\n";
    for (const ProductGroupReport& group : host.groups) {
      out << "  " << group_name(group.n_policy) << ": count " << group.count << " of "
          << group.n_policy << " needed (" << group.distinct_cmids_30_days
          << " distinct CMIDs in 30 days, " << group.clients << " ever), " << group.requests
          << " requests";
      out << (group.count >= group.n_policy ? "; activating\n"
                                            : "; BELOW THRESHOLD: clients get 0xC004F038\n");
      for (const auto& [code, requests] : group.refusals) {
        out << "    refused " << format_hresult(code) << " x" << requests << " ("
            << hresult_meaning(code) << ")\n";
      }
    }
  }
}

void write_duplicates_text(std::ostream& out, const KmsReport& report) {
  out << "\nDuplicate CMIDs (one CMID, several machines: the image was not generalized): "
      << report.duplicates.size() << "\n";
  for (const DuplicateCmid& duplicate : report.duplicates) {
    out << "  " << duplicate.cmid << " on " << escape_for_display(duplicate.host) << ": "
        << duplicate.machines << " machines";
    for (size_t i = 0; i < duplicate.machine_names.size() && i < 5; ++i) {
      out << (i == 0 ? " (" : ", ") << escape_for_display(duplicate.machine_names[i]);
    }
    if (!duplicate.machine_names.empty()) out << (duplicate.machines > 5 ? ", ...)" : ")");
    out << "\n";
  }
}

void write_expiring_text(std::ostream& out, const KmsReport& report) {
  out << "\nIn grace, expiring within " << duration_text(report.near_expiry_minutes) << ": "
      << report.expiring.size() << "\n";
  for (const ExpiringClient& client : report.expiring) {
    out << "  " << escape_for_display(client.machine) << " ("
        << license_status_name(client.license_status) << "): " << duration_text(client.minutes_left)
        << " left, last seen " << format_utc(client.last_seen) << " by "
        << escape_for_display(client.host) << "\n";
  }
}

void write_clients_text(std::ostream& out, const KmsReport& report) {
  if (report.clients.empty()) return;
  out << "\nClients (12288/12289):\n";
  for (const ClientReport& client : report.clients) {
    out << "  " << escape_for_display(client.computer) << ": " << client.requests << " requests, "
        << client.answered << " answered, " << client.unanswered << " never answered, "
        << client.send_failures << " not sent";
    if (client.last_hresult) out << ", last " << format_hresult(*client.last_hresult);
    out << (client.activated ? ", activated" : "") << (client.seen_by_host ? ", seen by host" : "")
        << "\n";
  }
}

void write_timelines_text(std::ostream& out, const KmsReport& report) {
  for (const KmsHostReport& host : report.hosts) {
    out << "\nTimeline of " << escape_for_display(host.name)
        << " (day: requests, refused, new CMIDs, count):\n";
    for (const TimelineDay& day : host.timeline) {
      out << "  " << format_day(day.day) << ": " << day.requests << ", " << day.refused << ", "
          << day.new_cmids << ", " << day.count << "\n";
    }
  }
}

// The JSON report's arrays, one per section.
json hosts_json(const KmsReport& report) {
  json hosts = json::array();
  for (const KmsHostReport& host : report.hosts) {
    json groups = json::array();
    for (const ProductGroupReport& group : host.groups) {
      groups.push_back({{"name", group_name(group.n_policy)},
                        {"n_policy", group.n_policy},
                        {"count", group.count},
                        {"threshold_met", group.count >= group.n_policy},
                        {"distinct_cmids_30_days", group.distinct_cmids_30_days},
                        {"clients", group.clients},
                        {"requests", group.requests},
                        {"refused", group.refused},
                        {"refusals", refusals_json(group.refusals)},
                        {"activation_ids", group.activation_ids}});
    }
    json timeline = json::array();
    for (const TimelineDay& day : host.timeline) {
      timeline.push_back({{"date", format_day(day.day)},
                          {"requests", day.requests},
                          {"refused", day.refused},
                          {"new_cmids", day.new_cmids},
                          {"count", day.count}});
    }
    hosts.push_back({{"name", host.name},
                     {"count", host.count},
                     {"requests", host.requests},
                     {"refused", host.refused},
                     {"product_groups", groups},
                     {"timeline", timeline}});
  }
  return hosts;
}

json duplicates_json(const KmsReport& report) {
  json duplicates = json::array();
  for (const DuplicateCmid& duplicate : report.duplicates) {
    duplicates.push_back({{"host", duplicate.host},
                          {"cmid", duplicate.cmid},
                          {"n_policy", duplicate.n_policy},
                          {"machines", duplicate.machines},
                          {"machine_names", duplicate.machine_names},
                          {"requests", duplicate.requests}});
  }
  return duplicates;
}

json expiring_json(const KmsReport& report) {
  json expiring = json::array();
  for (const ExpiringClient& client : report.expiring) {
    expiring.push_back({{"host", client.host},
                        {"machine", client.machine},
                        {"cmid", client.cmid},
                        {"n_policy", client.n_policy},
                        {"license_status", license_status_name(client.license_status)},
                        {"minutes_left", client.minutes_left},
                        {"last_seen", format_utc(client.last_seen)}});
  }
  return expiring;
}

json clients_json(const KmsReport& report) {
  json clients = json::array();
  for (const ClientReport& client : report.clients) {
    clients.push_back({{"computer", client.computer},
                       {"cmid", client.cmid},
                       {"kms_host", client.kms_host},
                       {"requests", client.requests},
                       {"answered", client.answered},
                       {"unanswered", client.unanswered},
                       {"send_failures", client.send_failures},
                       {"last_hresult",
                        client.last_hresult ? json(format_hresult(*client.last_hresult)) : json()},
                       {"last_count", client.last_count},
                       {"activated", client.activated},
                       {"seen_by_host", client.seen_by_host},
                       {"license_status", license_status_name(client.license_status)},
                       {"minutes_to_expiry", client.minutes_to_expiry},
                       {"n_policy", client.n_policy},
                       {"last_seen", format_utc(client.last_seen)}});
  }
  return clients;
}

}  // namespace

std::string format_day(int64_t day) { return format_utc(day * 86400).substr(0, 10); }

std::string report_text(const KmsReport& report) {
  std::ostringstream out;
  out << "KMS report as of " << format_utc(report.as_of) << ": " << report.host_events
      << " host requests (12290), " << report.client_requests << " client requests (12288), "
      << report.client_responses << " responses (12289)";
  if (report.first_event)
    out << ", " << format_utc(*report.first_event) << " to " << format_utc(*report.last_event);
  out << "\n";
  for (const auto& source : report.sources) out << "  read " << escape_for_display(source) << "\n";
  write_hosts_text(out, report);
  write_duplicates_text(out, report);
  write_expiring_text(out, report);
  write_clients_text(out, report);
  write_timelines_text(out, report);
  return out.str();
}

std::string report_json(const KmsReport& report) {
  json document = {
      {"as_of", format_utc(report.as_of)},
      {"first_event", report.first_event ? json(format_utc(*report.first_event)) : json()},
      {"last_event", report.last_event ? json(format_utc(*report.last_event)) : json()},
      {"sources", report.sources},
      {"events",
       {{"12290", report.host_events},
        {"12288", report.client_requests},
        {"12289", report.client_responses},
        {"other", report.other_events}}},
      {"near_expiry_minutes", report.near_expiry_minutes},
      {"hosts", hosts_json(report)},
      {"duplicate_cmids", duplicates_json(report)},
      {"near_expiry", expiring_json(report)},
      {"clients", clients_json(report)},
      {"warnings", json::array()}};
  return document.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

std::string report_csv(const KmsReport& report) {
  std::string out =
      "host,product_group,n_policy,count,threshold_met,distinct_cmids_30_days,clients,requests,"
      "refused,"
      "duplicate_cmids,near_expiry\n";
  for (const KmsHostReport& host : report.hosts) {
    for (const ProductGroupReport& group : host.groups) {
      uint64_t duplicates = 0, expiring = 0;
      for (const auto& d : report.duplicates)
        duplicates += d.host == host.name && d.n_policy == group.n_policy;
      for (const auto& e : report.expiring)
        expiring += e.host == host.name && e.n_policy == group.n_policy;
      out += csv_field(host.name) + "," + csv_field(group_name(group.n_policy)) + "," +
             std::to_string(group.n_policy) + "," + std::to_string(group.count) + "," +
             (group.count >= group.n_policy ? "true" : "false") + "," +
             std::to_string(group.distinct_cmids_30_days) + "," + std::to_string(group.clients) +
             "," + std::to_string(group.requests) + "," + std::to_string(group.refused) + "," +
             std::to_string(duplicates) + "," + std::to_string(expiring) + "\n";
    }
  }
  return out;
}

Result<KmsReport> parse_report_json(std::string_view text, const std::string& source) {
  const auto invalid = [&](const std::string& what) {
    return Error(ErrorCode::report_file_invalid, what, source,
                 "give the JSON that `kmsprep report EVENTS... --json` wrote");
  };
  json document = json::parse(text.begin(), text.end(), nullptr, false);
  if (document.is_discarded() || !document.is_object()) return invalid("it is not a JSON object");
  KmsReport report;
  try {
    const auto as_of = parse_utc(document.at("as_of").get<std::string>());
    if (!as_of) return invalid("\"as_of\" is not a UTC time such as 2026-11-30T14:00:00Z");
    report.as_of = *as_of;
    for (const json& host_json : document.at("hosts")) {
      KmsHostReport host;
      host.name = host_json.at("name").get<std::string>();
      host.count = host_json.at("count").get<int>();
      for (const json& group_json : host_json.at("product_groups")) {
        ProductGroupReport group;
        group.n_policy = group_json.at("n_policy").get<int>();
        group.count = group_json.at("count").get<int>();
        group.clients = group_json.at("clients").get<uint64_t>();
        group.distinct_cmids_30_days = group_json.at("distinct_cmids_30_days").get<uint64_t>();
        if (group.n_policy < 1 || group.n_policy > 1000 ||
            group.clients > kMaximumDistinctClients) {
          return invalid("host \"" + host.name + "\" has a product group out of range");
        }
        host.groups.push_back(group);
      }
      report.hosts.push_back(std::move(host));
    }
    for (const json& duplicate_json : document.at("duplicate_cmids")) {
      DuplicateCmid duplicate;
      duplicate.host = duplicate_json.at("host").get<std::string>();
      duplicate.cmid = duplicate_json.at("cmid").get<std::string>();
      duplicate.n_policy = duplicate_json.at("n_policy").get<int>();
      duplicate.machines = duplicate_json.at("machines").get<uint64_t>();
      if (duplicate.machines > kMaximumDistinctClients)
        return invalid("a duplicate CMID has too many machines");
      report.duplicates.push_back(std::move(duplicate));
    }
    for (const json& client_json : document.at("near_expiry")) {
      ExpiringClient client;
      client.host = client_json.at("host").get<std::string>();
      client.machine = client_json.at("machine").get<std::string>();
      client.cmid = client_json.at("cmid").get<std::string>();
      client.n_policy = client_json.at("n_policy").get<int>();
      client.minutes_left = client_json.at("minutes_left").get<int64_t>();
      report.expiring.push_back(std::move(client));
    }
  } catch (const json::exception& error) {
    return invalid(std::string("a field is missing or has the wrong type: ") + error.what());
  }
  return report;
}

}  // namespace kmsprep
