// libldns loaded at run time: dlopen("libldns.so.3") on the first DNS look-up, and a table of
// the ldns functions that dns_lookup_posix.cpp calls. Keeps libldns and OpenSSL out of the
// start-up of every other subcommand. Callers: servicing/dns_lookup_posix.cpp only (Linux;
// Windows asks its DNS client, dns_lookup_windows.cpp).
#pragma once

// Before ldns: without it ldns/common.h #defines bool as _Bool, which clang++ (the fuzz build)
// cannot compile the C++ standard library with. (clang-format would sort it after ldns.)
// clang-format off
#include <stdbool.h>
#include <ldns/ldns.h>
// clang-format on

#include "core/result.hpp"

namespace kmsprep {

// Every ldns function kmsprep calls, by its name without the "ldns_" prefix. The pointer types
// come from the ldns headers (decltype), so a prototype cannot drift from the library's.
// One list, laid out by hand: clang-format reflows X-macro lists unstably.
// clang-format off
#define KMSPREP_LDNS_FUNCTIONS(X)                                                         \
  X(dname_compare) X(dname_is_subdomain) X(dname_new_frm_str) X(get_errorstr_by_id)       \
  X(pkt_free) X(pkt_get_rcode) X(pkt_rcode2str) X(pkt_rr_list_by_type)                    \
  X(rdf2native_int16) X(rdf2str) X(rdf_clone) X(rdf_deep_free) X(rdf_new_frm_str)         \
  X(resolver_deep_free) X(resolver_new) X(resolver_push_nameserver) X(resolver_send)      \
  X(resolver_set_port) X(resolver_set_recursive) X(resolver_set_retry)                    \
  X(resolver_set_timeout) X(rr_free) X(rr_get_type) X(rr_list_deep_free) X(rr_list_rr)    \
  X(rr_list_rr_count) X(rr_new_frm_fp_l) X(rr_owner) X(rr_rdf) X(rr_ttl)                  \
  X(zone_deep_free) X(zone_new) X(zone_push_rr) X(zone_rrs) X(zone_set_soa) X(zone_soa)
// clang-format on

struct LdnsLibrary {
#define KMSPREP_LDNS_POINTER(name) decltype(&::ldns_##name) name = nullptr;
  KMSPREP_LDNS_FUNCTIONS(KMSPREP_LDNS_POINTER)
#undef KMSPREP_LDNS_POINTER
};

// Loads libldns.so.3 and resolves every function on the first call; later calls return the
// same outcome. A missing library or function is ErrorCode::tool_missing (exit 4).
Result<const LdnsLibrary*> load_ldns_library();

}  // namespace kmsprep
