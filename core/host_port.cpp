#include "core/host_port.hpp"

#include "core/text.hpp"

namespace kmsprep {

Result<HostPort> split_host_port(std::string_view text) {
  HostPort split;
  if (!text.empty() && text.front() == '[') {
    const size_t close = text.find(']');
    if (close == std::string_view::npos) return Error::usage("'[' without a closing ']'");
    split.host = std::string(text.substr(1, close - 1));
    split.ipv6 = true;
    const std::string_view rest = text.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return Error::usage("expected ':PORT' after ']'");
      split.port = std::string(rest.substr(1));
      split.has_port = true;
    }
    return split;
  }
  const size_t first_colon = text.find(':');
  if (first_colon != std::string_view::npos && first_colon != text.rfind(':')) {
    split.host = std::string(text);  // a bare IPv6 address; a port would be ambiguous
    split.ipv6 = true;
  } else if (first_colon != std::string_view::npos) {
    split.host = std::string(text.substr(0, first_colon));
    split.port = std::string(text.substr(first_colon + 1));
    split.has_port = true;
  } else {
    split.host = std::string(text);
  }
  return split;
}

std::optional<uint16_t> parse_port_number(std::string_view text) {
  if (text.size() > 5) return std::nullopt;
  return parse_integer<uint16_t>(text, 1, 65535);
}

}  // namespace kmsprep
