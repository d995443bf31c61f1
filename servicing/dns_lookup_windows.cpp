// Windows: the server queries through the system's DNS client (dnsapi.dll's DnsQueryEx, Windows
// 8 / Server 2012 and later), aimed at the one chosen server, cache and hosts file bypassed; the
// status read with dns_client_status.hpp. No zone file reader (docs/dns.md, "Windows").
#include <winsock2.h>
#include <ws2tcpip.h>
// winsock2.h before windows.h: windows.h alone would pull in the old winsock.h.
#include <windows.h>
// windns.h after windows.h, whose types it uses.
#include <windns.h>

#include <cstring>
#include <memory>

#include "servicing/dns_client_status.hpp"
#include "servicing/dns_lookup.hpp"

namespace kmsprep {
namespace dns_api {

// DNS_ADDR, DNS_ADDR_ARRAY and DNS_QUERY_REQUEST (DNS_QUERY_REQUEST_VERSION1) as Microsoft's
// windns.h / windnsdef.h lay them out: MinGW-w64 10's windns.h lacks them and DnsQueryEx,
// although libdnsapi.a exports it. (A MinGW that declares DnsQueryEx with its own types would
// make the declaration below conflict: then use the header's.)
struct Address {   // DNS_ADDR
  char MaxSa[32];  // a SOCKADDR_IN or SOCKADDR_IN6, port included
  DWORD DnsAddrUserDword[8];
};
struct AddressArray {  // DNS_ADDR_ARRAY, room for one address
  DWORD MaxCount;
  DWORD AddrCount;
  DWORD Tag;
  WORD Family;
  WORD WordReserved;
  DWORD Flags;
  DWORD MatchFlag;
  DWORD Reserved1;
  DWORD Reserved2;
  Address AddrArray[1];
};
struct QueryRequest {  // DNS_QUERY_REQUEST
  ULONG Version;
  PCWSTR QueryName;
  WORD QueryType;
  ULONG64 QueryOptions;
  AddressArray* pDnsServerList;
  ULONG InterfaceIndex;
  PDNS_QUERY_COMPLETION_ROUTINE pQueryCompletionCallback;
  PVOID pQueryContext;
};
static_assert(sizeof(Address) == 64 && sizeof(AddressArray) == 96 && sizeof(QueryRequest) == 64,
              "the x64 sizes of Microsoft's DNS_ADDR, DNS_ADDR_ARRAY, DNS_QUERY_REQUEST");

constexpr ULONG kQueryRequestVersion1 = 1;  // DNS_QUERY_REQUEST_VERSION1

}  // namespace dns_api
}  // namespace kmsprep

extern "C" DNS_STATUS WINAPI DnsQueryEx(kmsprep::dns_api::QueryRequest* request,
                                        DNS_QUERY_RESULT* result, void* cancel);

namespace kmsprep {
namespace {

using dns_lookup_platform::Answer;
using dns_lookup_platform::RecordType;

std::string describe(const DnsServerAddress& server) { return "DNS server " + server.to_string(); }

std::wstring wide(const std::string& utf8) {
  const int length =
      MultiByteToWideChar(CP_UTF8, 0, utf8.data(), static_cast<int>(utf8.size()), nullptr, 0);
  std::wstring text(static_cast<size_t>(length), L'\0');
  MultiByteToWideChar(CP_UTF8, 0, utf8.data(), static_cast<int>(utf8.size()), text.data(), length);
  return text;
}

std::string utf8(const wchar_t* text) {
  if (!text) return {};
  const int length = WideCharToMultiByte(CP_UTF8, 0, text, -1, nullptr, 0, nullptr, nullptr);
  if (length <= 1) return {};
  std::string bytes(static_cast<size_t>(length), '\0');
  WideCharToMultiByte(CP_UTF8, 0, text, -1, bytes.data(), length, nullptr, nullptr);
  bytes.pop_back();  // the terminating NUL
  return bytes;
}

// The DNS client's own words for a status, when the system has them.
std::string status_text(DNS_STATUS status) {
  char text[512] = {};
  if (!FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, nullptr,
                      static_cast<DWORD>(status), 0, text, sizeof text, nullptr)) {
    return "DNS client status " + std::to_string(status);
  }
  std::string message = text;
  while (!message.empty() && (message.back() == '\n' || message.back() == '\r' ||
                              message.back() == ' ' || message.back() == '.')) {
    message.pop_back();
  }
  return message + " (DNS client status " + std::to_string(status) + ")";
}

// The server as the one-entry DNS_ADDR_ARRAY DnsQueryEx asks; false for an address that does
// not parse (parse_dns_server_address let only addresses through).
bool server_list(const DnsServerAddress& server, dns_api::AddressArray& list) {
  list = dns_api::AddressArray{};
  list.MaxCount = 1;
  list.AddrCount = 1;
  dns_api::Address& entry = list.AddrArray[0];
  if (server.address.find(':') != std::string::npos) {
    sockaddr_in6 address{};
    address.sin6_family = AF_INET6;
    address.sin6_port = htons(server.port);
    if (inet_pton(AF_INET6, server.address.c_str(), &address.sin6_addr) != 1) return false;
    std::memcpy(entry.MaxSa, &address, sizeof address);
    list.Family = AF_INET6;
    return true;
  }
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(server.port);
  if (inet_pton(AF_INET, server.address.c_str(), &address.sin_addr) != 1) return false;
  std::memcpy(entry.MaxSa, &address, sizeof address);
  list.Family = AF_INET;
  return true;
}

WORD dns_type(RecordType type) {
  switch (type) {
    case RecordType::srv:
      return DNS_TYPE_SRV;
    case RecordType::a:
      return DNS_TYPE_A;
    case RecordType::aaaa:
      break;
  }
  return DNS_TYPE_AAAA;
}

struct RecordListFree {
  void operator()(DNS_RECORDW* records) const { DnsFree(records, DnsFreeRecordList); }
};

std::string address_text(int family, const void* address) {
  char text[INET6_ADDRSTRLEN] = {};
  if (!inet_ntop(family, address, text, sizeof text)) return {};
  return text;
}

std::string without_trailing_dot(std::string name) {
  if (name.size() > 1 && name.back() == '.') name.pop_back();
  return name;
}

// The records of the asked type in the answer section: the list also holds CNAMEs on the way
// and the additional section (an SRV target's A record).
void take_records(const DNS_RECORDW* record, RecordType type, Answer& answer) {
  const WORD asked = dns_type(type);
  for (; record; record = record->pNext) {
    if (record->wType != asked || record->Flags.S.Section != DnsSectionAnswer) continue;
    if (type == RecordType::srv) {
      const DNS_SRV_DATAW& srv = record->Data.SRV;
      answer.services.push_back({without_trailing_dot(utf8(srv.pNameTarget)), srv.wPort,
                                 srv.wPriority, srv.wWeight, record->dwTtl});
    } else if (type == RecordType::a) {
      const IP4_ADDRESS address = record->Data.A.IpAddress;
      answer.addresses.push_back(address_text(AF_INET, &address));
    } else {
      answer.addresses.push_back(address_text(AF_INET6, &record->Data.AAAA.Ip6Address));
    }
  }
}

}  // namespace

namespace dns_lookup_platform {

Status prepare() { return ok_status(); }

Answer query(const DnsServerAddress& server, const std::string& name, RecordType type) {
  Answer answer;
  dns_api::AddressArray servers;
  if (!server_list(server, servers)) {
    answer.detail = "cannot query \"" + name + "\" at " + describe(server);
    return answer;
  }
  const std::wstring query_name = wide(name);
  dns_api::QueryRequest request{};
  request.Version = dns_api::kQueryRequestVersion1;
  request.QueryName = query_name.c_str();
  request.QueryType = dns_type(type);
  // Only the wire answer of that one server: no cache, no hosts file, no suffix search.
  request.QueryOptions = DNS_QUERY_BYPASS_CACHE | DNS_QUERY_NO_HOSTS_FILE | DNS_QUERY_WIRE_ONLY |
                         DNS_QUERY_TREAT_AS_FQDN;
  request.pDnsServerList = &servers;
  DNS_QUERY_RESULT result{};
  result.Version = DNS_QUERY_RESULTS_VERSION1;
  const DNS_STATUS status = DnsQueryEx(&request, &result, nullptr);
  // DnsQueryEx returns Unicode records (the query name is UTF-16), whatever PDNS_RECORD means.
  std::unique_ptr<DNS_RECORDW, RecordListFree> records(
      reinterpret_cast<DNS_RECORDW*>(result.pQueryRecords));
  const DnsClientStatus meaning = dns_client_status(status);
  answer.outcome = meaning.outcome;
  if (meaning.outcome == DnsOutcome::server_failure) {
    answer.detail = meaning.rcode
                        ? std::string(meaning.rcode) + " from " + describe(server)
                        : "no answer from " + describe(server) + " (" + status_text(status) + ")";
    return answer;
  }
  if (meaning.outcome == DnsOutcome::answered) take_records(records.get(), type, answer);
  return answer;
}

}  // namespace dns_lookup_platform

Result<std::unique_ptr<DnsLookup>> zone_file_lookup(const std::string& path,
                                                    const std::string& origin) {
  (void)origin;
  return Error(ErrorCode::platform_unsupported,
               "reading a zone file needs ldns, which the Windows build of kmsprep does not have "
               "yet",
               path,
               "check the records on the DNS server with --dns-server ADDR[:PORT], or run "
               "--dns-zone with the Linux build of kmsprep");
}

}  // namespace kmsprep
