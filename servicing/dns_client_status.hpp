// What a status of the Windows DNS client means for validate: DnsQueryEx's DNS_STATUS (the
// DNS_ERROR_RCODE_* and DNS_INFO_* codes of winerror.h) as a DnsOutcome. Plain numbers, no
// Windows header, so the table is tested on Linux too. Callers: dns_lookup_windows.cpp.
#pragma once

#include "servicing/dns_lookup.hpp"

namespace kmsprep {

struct DnsClientStatus {
  // answered: NOERROR with records, or DNS_INFO_NO_RECORDS (NODATA: dns_lookup.cpp finds no
  // records and says so); name_missing: NXDOMAIN; server_failure: every other status.
  DnsOutcome outcome = DnsOutcome::server_failure;
  // The rcode a DNS_ERROR_RCODE_* status stands for, as ldns names it ("SERVFAIL", "REFUSED"),
  // so both builds word a server's refusal alike; null for a status that is no rcode (a
  // timeout, a malformed answer, a local error).
  const char* rcode = nullptr;
};

DnsClientStatus dns_client_status(long status);

}  // namespace kmsprep
