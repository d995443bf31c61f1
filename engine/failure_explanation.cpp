#include "engine/failure_explanation.hpp"

#include <cstdio>

namespace kmsprep {
namespace {

std::string hours_text(int64_t minutes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f h", static_cast<double>(minutes) / 60.0);
  return text;
}

}  // namespace

// Long on purpose: one case per HRESULT, each a sentence with its advice: a table in a switch.
std::string explain_failure(Hresult code, uint64_t clients, const FailureContext& context) {
  const std::string tag = " (" + format_hresult(code) + ")";
  const int threshold = context.server_only ? context.server_threshold : context.client_threshold;
  switch (code) {
    case hresult::no_host_contacted:
      if (!context.host_reachable) {
        if (clients < static_cast<uint64_t>(threshold)) {
          // Microsoft recommends AD-based activation wherever every client is a domain member
          // of Windows 8 / Server 2012 or later (Activate using AD-based activation).
          if (context.ad_capable) {
            return "no KMS host reachable across a public network: use AD-based activation "
                   "(the clients are domain-joined Windows 8 or later) or MAK activation" +
                   tag;
          }
          return "no KMS host reachable across a public network: use MAK activation" + tag;
        }
        return "no KMS host reachable across a public network: install a KMS host in the site "
               "(it has " +
               std::to_string(clients) +
               " clients) or link it to one over a "
               "private WAN" +
               tag;
      }
      return "no KMS host could be contacted while the network was down" + tag;
    case hresult::count_too_low:
      if (context.shared_cmid) {
        return "clones share one CMID (the image was never generalized, or generalized with "
               "SkipRearm=1), so the host count stays at 1, below the threshold of " +
               std::to_string(threshold) + tag;
      }
      if (context.split_counts.size() > 1) {
        std::string counts;
        for (const auto& [host, count] : context.split_counts) {
          counts += (counts.empty() ? "" : ", ") + host + ": " + std::to_string(count);
        }
        return "the count is split over " + std::to_string(context.split_counts.size()) +
               " KMS hosts (" + counts + "), each below the threshold of " +
               std::to_string(threshold) +
               ": point the clients at one host (SRV priority or "
               "slmgr /skms)" +
               tag;
      }
      return "the KMS host count stayed below the threshold (" +
             std::to_string(context.client_threshold) + " for client OSes, " +
             std::to_string(context.server_threshold) +
             " for servers): KMS is not effective "
             "for so few machines; use MAK activation or add clients" +
             tag;
    case hresult::dns_name_missing:
      return "no _vlmcs._tcp SRV record in the clients' DNS domains and no KMS host set with "
             "slmgr /skms" +
             tag;
    case hresult::dns_no_records:
      return "the clients' DNS zone has no _vlmcs._tcp records" + tag;
    case hresult::host_not_activated:
      if (context.host_activation_error == hresult::host_key_limit) {
        return "the KMS host is not activated: its host key is over its activation limit "
               "(0xC004C008; one key activates 6 hosts, each 10 times): ask a Microsoft "
               "Licensing Activation Center for more activations" +
               tag;
      }
      if (context.host_activation_error == hresult::license_not_installed) {
        return "the KMS host is not activated: its operating system lacks the update its host "
               "key needs (0xC004F015): install the update Microsoft lists for that key" +
               tag;
      }
      return "the KMS host is not activated: activate its host key (slmgr -ato)" + tag;
    case hresult::time_invalid:
      return "the clients' clocks differ too much from the KMS host's: synchronise time "
             "(NTP or the domain hierarchy)" +
             tag;
    case hresult::dns_server_failure:
      return "the DNS server failed, so no _vlmcs._tcp record could be looked up: fix DNS, or "
             "set the host with slmgr /skms" +
             tag;
    case hresult::product_not_covered:
      return "the KMS host's key cannot activate this Windows version: install a newer host "
             "key" +
             tag;
    default:
      return std::string(hresult_meaning(code)) + tag;
  }
}

std::string site_verdict(const std::string& site, const ActivationTally& tally,
                         const FailureContext& context) {
  const std::string clients =
      std::to_string(tally.clients) + " client" + (tally.clients == 1 ? "" : "s");
  if (tally.clients == 0) return site + ": no clients";
  if (tally.activated == tally.clients) {
    std::string text = site + ": " + clients + ", all activated by KMS";
    if (tally.ad_activated == tally.clients) {
      text = site + ": " + clients + ", all activated through AD-based activation";
    } else if (tally.ad_activated > 0) {
      text = site + ": " + clients + ", all activated (" + std::to_string(tally.ad_activated) +
             " through AD-based activation, the others by KMS)";
    }
    if (tally.last_activation_minute) {
      text += " (the last " + hours_text(*tally.last_activation_minute) + " after the start)";
    }
    return text;
  }
  std::string text = site + ": " + clients + ", ";
  if (tally.activated > 0) text += std::to_string(tally.activated) + " activated; the others: ";
  const auto failure = dominant_failure(tally);
  if (!failure) {
    if (tally.ever_activated > 0) return text + "activation lapsed with no failed attempt";
    return text + "not yet booted or not yet attempted within the run";
  }
  text += explain_failure(*failure, tally.clients, context);
  if (tally.reduced_functionality > 0) {
    text += "; " + std::to_string(tally.reduced_functionality) +
            " in reduced functionality mode (their grace ended on a release without notifications)";
  }
  return text;
}

}  // namespace kmsprep
