#include "servicing/dns_client_status.hpp"

namespace kmsprep {
namespace {

// winerror.h: DNS_ERROR_RCODE_FORMAT_ERROR (9001) to DNS_ERROR_RCODE_NOTZONE (9010) are the
// rcodes 1 to 10; ldns's names of those rcodes.
constexpr long kFirstRcodeStatus = 9001;
constexpr const char* kRcodeNames[] = {"FORMERR",  "SERVFAIL", "NXDOMAIN", "NOTIMPL", "REFUSED",
                                       "YXDOMAIN", "YXRRSET",  "NXRRSET",  "NOTAUTH", "NOTZONE"};
constexpr long kNameError = 9003;  // DNS_ERROR_RCODE_NAME_ERROR
constexpr long kNoRecords = 9501;  // DNS_INFO_NO_RECORDS
constexpr long kSuccess = 0;       // ERROR_SUCCESS

}  // namespace

DnsClientStatus dns_client_status(long status) {
  if (status == kSuccess || status == kNoRecords) return {DnsOutcome::answered, nullptr};
  if (status == kNameError) return {DnsOutcome::name_missing, kRcodeNames[2]};
  const long rcode = status - kFirstRcodeStatus;
  if (rcode >= 0 && rcode < static_cast<long>(sizeof kRcodeNames / sizeof kRcodeNames[0])) {
    return {DnsOutcome::server_failure, kRcodeNames[rcode]};
  }
  return {DnsOutcome::server_failure, nullptr};
}

}  // namespace kmsprep
