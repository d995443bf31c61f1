#include "servicing/setup_media_files.hpp"

#include <cctype>

#include "core/text.hpp"
#include "core/text_decoding.hpp"

namespace kmsprep {
namespace {

struct TextLine {
  int number;
  std::string text;  // trimmed
};

// Decodes and splits into trimmed lines, dropping blank lines and ';' comments.
Result<std::vector<TextLine>> read_ini_lines(std::string_view bytes, const std::string& source) {
  if (bytes.size() > kMaxSetupMediaFileBytes) {
    return Error(ErrorCode::file_too_large,
                 std::to_string(bytes.size()) + " bytes; setup media files are at most " +
                     std::to_string(kMaxSetupMediaFileBytes),
                 source, "this is not a real pid.txt or ei.cfg; check the media");
  }
  auto decoded = decode_text(bytes, source);
  if (!decoded) return std::move(decoded).error();
  std::vector<TextLine> lines;
  const std::string& text = decoded->utf8;
  int number = 0;
  for (size_t start = 0; start <= text.size();) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    ++number;
    const std::string line = trim_whitespace(std::string_view(text).substr(start, end - start));
    if (!line.empty() && line[0] != ';') lines.push_back({number, line});
    start = end + 1;
  }
  return lines;
}

bool is_section(const std::string& line) {
  return line.size() >= 2 && line.front() == '[' && line.back() == ']';
}

std::string section_name(const std::string& line) {
  return to_lower_ascii(trim_whitespace(std::string_view(line).substr(1, line.size() - 2)));
}

std::string at_line(const std::string& source, int line) {
  return source + ":" + std::to_string(line);
}

}  // namespace

Result<PidFile> parse_pid_file(std::string_view bytes, const std::string& source) {
  auto lines = read_ini_lines(bytes, source);
  if (!lines) return std::move(lines).error();
  bool in_pid = false;
  bool saw_pid = false;
  std::optional<PidFile> found;
  std::vector<std::string> warnings;
  for (const auto& line : *lines) {
    if (is_section(line.text)) {
      in_pid = section_name(line.text) == "pid";
      saw_pid = saw_pid || in_pid;
      continue;
    }
    if (!in_pid) continue;
    const size_t equals = line.text.find('=');
    const std::string name = to_lower_ascii(trim_whitespace(line.text.substr(0, equals)));
    if (equals == std::string::npos || name != "value") {
      warnings.push_back("line " + std::to_string(line.number) +
                         ": ignored a line that is not Value=");
      continue;
    }
    auto key = ProductKey::parse(line.text.substr(equals + 1));
    if (!key) {
      Error error = std::move(key).error();
      return error.within(at_line(source, line.number))
          .with_hint(error.hint() +
                     "; pid.txt holds the media's generic setup key as "
                     "Value=XXXXX-XXXXX-XXXXX-XXXXX-XXXXX");
    }
    if (found && found->key != *key) {
      return Error(ErrorCode::pid_malformed,
                   "a second, different Value (line " + std::to_string(found->line) + " gave " +
                       found->key.masked() + ", this line " + key->masked() + ")",
                   at_line(source, line.number), "keep exactly one Value= line in [PID]");
    }
    if (!found) found = PidFile{*key, line.number, {}};
  }
  if (!saw_pid) {
    return Error(ErrorCode::pid_malformed, "no [PID] section", source + ":1",
                 "pid.txt must hold a [PID] section with Value=XXXXX-XXXXX-XXXXX-XXXXX-XXXXX");
  }
  if (!found) {
    return Error(ErrorCode::pid_malformed, "the [PID] section has no Value= line",
                 source + ":" + std::to_string(lines->empty() ? 1 : lines->back().number),
                 "add Value=XXXXX-XXXXX-XXXXX-XXXXX-XXXXX under [PID]");
  }
  found->warnings = std::move(warnings);
  return std::move(*found);
}

Result<EiConfig> parse_ei_config(std::string_view bytes, const std::string& source) {
  auto lines = read_ini_lines(bytes, source);
  if (!lines) return std::move(lines).error();
  EiConfig config;
  std::string section;
  for (const auto& line : *lines) {
    if (is_section(line.text)) {
      section = section_name(line.text);
      if (section != "editionid" && section != "channel" && section != "vl") {
        config.warnings.push_back("line " + std::to_string(line.number) +
                                  ": ignored unknown section " + line.text);
      }
      continue;
    }
    if (section == "editionid" && !config.edition_id) {
      config.edition_id = line.text;
    } else if (section == "channel" && !config.channel) {
      config.channel = line.text;
    } else if (section == "vl" && !config.volume) {
      if (line.text != "0" && line.text != "1") {
        return Error(ErrorCode::ei_cfg_malformed, "[VL] must be 0 or 1, not \"" + line.text + "\"",
                     at_line(source, line.number), "write 1 for volume media, 0 otherwise");
      }
      config.volume = line.text == "1";
    } else if (section.empty()) {
      return Error(ErrorCode::ei_cfg_malformed, "a value outside any section",
                   at_line(source, line.number),
                   "ei.cfg holds [EditionID], [Channel] and [VL] sections, each followed by "
                   "its value");
    }
  }
  return config;
}

}  // namespace kmsprep
