// Linux: inet_pton from arpa/inet.h.
#include <arpa/inet.h>

#include "servicing/kms_host_address.hpp"

namespace kmsprep::kms_host_address_platform {

bool is_ipv4_address(const std::string& host) {
  in_addr parsed{};
  return inet_pton(AF_INET, host.c_str(), &parsed) == 1;
}

bool is_ipv6_address(const std::string& host) {
  in6_addr parsed{};
  return inet_pton(AF_INET6, host.c_str(), &parsed) == 1;
}

}  // namespace kmsprep::kms_host_address_platform
