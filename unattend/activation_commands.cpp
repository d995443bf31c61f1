#include "unattend/activation_commands.hpp"

#include <vector>

#include "core/text.hpp"
#include "unattend/activation_catalog.hpp"

namespace kmsprep {
namespace {

std::vector<std::string> split_words(std::string_view text) {
  std::vector<std::string> words;
  std::string current;
  bool quoted = false;
  for (const char c : text) {
    if (c == '"') {
      quoted = !quoted;
      current += c;
    } else if (!quoted && (c == ' ' || c == '\t' || c == '\r' || c == '\n')) {
      if (!current.empty()) words.push_back(std::move(current));
      current.clear();
    } else {
      current += c;
    }
  }
  if (!current.empty()) words.push_back(std::move(current));
  return words;
}

}  // namespace

std::string slmgr_set_kms_host_command(const std::string& host_and_port) {
  return "cscript //B %WINDIR%\\System32\\slmgr.vbs /skms " + host_and_port;
}

std::string slmgr_clear_kms_host_command() {
  return "cscript //B %WINDIR%\\System32\\slmgr.vbs /ckms";
}

std::string user_operations_command(OsFamily family) {
  return "reg add \"" + licensing_registry_key(family) +
         "\" /v UserOperations /t REG_DWORD /d 1 /f";
}

std::optional<SlmgrKmsCommand> parse_slmgr_kms_command(std::string_view command_line) {
  const std::vector<std::string> words = split_words(command_line);
  bool seen_slmgr = false;
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string lower = to_lower_ascii(words[i]);
    if (lower.find("slmgr") != std::string::npos) {
      seen_slmgr = true;
      continue;
    }
    if (!seen_slmgr) continue;
    if (lower == "/ckms" || lower == "-ckms") return SlmgrKmsCommand{true, {}};
    if ((lower == "/skms" || lower == "-skms") && i + 1 < words.size()) {
      return SlmgrKmsCommand{false, words[i + 1]};
    }
  }
  return std::nullopt;
}

bool is_user_operations_command(std::string_view command_line) {
  const std::vector<std::string> words = split_words(command_line);
  if (words.size() < 2 || to_lower_ascii(words[0]) != "reg" || to_lower_ascii(words[1]) != "add") {
    return false;
  }
  bool names_value = false;
  bool data_one = false;
  for (size_t i = 2; i + 1 < words.size(); ++i) {
    const std::string lower = to_lower_ascii(words[i]);
    if (lower == "/v" && equals_ignoring_case(words[i + 1], "UserOperations")) names_value = true;
    if (lower == "/d" && words[i + 1] == "1") data_one = true;
  }
  return names_value && data_one;
}

}  // namespace kmsprep
