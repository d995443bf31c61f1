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

std::string explain_failure(Hresult code, uint64_t clients, const FailureContext& context) {
  const std::string tag = " (" + format_hresult(code) + ")";
  const int threshold = context.server_only ? context.server_threshold : context.client_threshold;
  switch (code) {
    case hresult::no_host_contacted:
      if (!context.host_reachable) {
        if (clients < static_cast<uint64_t>(threshold)) {
          return "no KMS host reachable across a public network: use MAK activation" + tag;
        }
        return "no KMS host reachable across a public network: install a KMS host in the site "
               "(it has " + std::to_string(clients) + " clients) or link it to one over a "
               "private WAN" + tag;
      }
      return "no KMS host could be contacted while the network was down" + tag;
    case hresult::count_too_low:
      if (context.shared_cmid) {
        return "clones share one CMID (the image was never generalized, or generalized with "
               "SkipRearm=1), so the host count stays at 1, below the threshold of " +
               std::to_string(threshold) + tag;
      }
      return "the KMS host count stayed below the threshold (" +
             std::to_string(context.client_threshold) + " for client OSes, " +
             std::to_string(context.server_threshold) + " for servers): KMS is not effective "
             "for so few machines; use MAK activation or add clients" + tag;
    case hresult::dns_name_missing:
      return "no _vlmcs._tcp SRV record in the clients' DNS domains and no KMS host set with "
             "slmgr /skms" + tag;
    case hresult::dns_no_records:
      return "the clients' DNS zone has no _vlmcs._tcp records" + tag;
    case hresult::host_not_activated:
      return "the KMS host is not activated: activate its host key (slmgr -ato)" + tag;
    case hresult::product_not_covered:
      return "the KMS host's key cannot activate this Windows version: install a newer host "
             "key" + tag;
    default:
      return std::string(hresult_meaning(code)) + tag;
  }
}

std::string site_verdict(const std::string& site, const ActivationTally& tally,
                         const FailureContext& context) {
  const std::string clients = std::to_string(tally.clients) + " client" +
                              (tally.clients == 1 ? "" : "s");
  if (tally.clients == 0) return site + ": no clients";
  if (tally.activated == tally.clients) {
    std::string text = site + ": " + clients + ", all activated by KMS";
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
  return text + explain_failure(*failure, tally.clients, context);
}

}  // namespace kmsprep
