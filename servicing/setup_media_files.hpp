// Parsers for the two small files on Windows setup media that name the edition: sources/pid.txt
// (the generic setup key Setup installs when no answer file gives one) and sources/ei.cfg
// (edition, channel, volume flag). Pure functions over bytes; callers read the files.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/product_key.hpp"
#include "core/result.hpp"

namespace kmsprep {

constexpr size_t kMaxSetupMediaFileBytes = 64 * 1024;

struct PidFile {
  ProductKey key;
  int line = 0;  // 1-based line of the Value= that gave the key
  std::vector<std::string> warnings;
};

// Accepts a [PID] section in any letter case with Value= (any case, spaces around '='), CRLF or
// LF, UTF-8 with or without BOM, UTF-16 with BOM, blank lines, ';' comments and other sections.
// `source` names the file in messages ("media.iso: sources/pid.txt").
Result<PidFile> parse_pid_file(std::string_view bytes, const std::string& source);

struct EiConfig {
  std::optional<std::string> edition_id;
  std::optional<std::string> channel;  // OEM, Retail or Volume as written
  std::optional<bool> volume;          // [VL] 1 or 0
  std::vector<std::string> warnings;
};

// ei.cfg: each of [EditionID], [Channel], [VL] is followed by its value on the next non-blank
// line. Unknown sections are ignored with a warning.
Result<EiConfig> parse_ei_config(std::string_view bytes, const std::string& source);

}  // namespace kmsprep
