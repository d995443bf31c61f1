#include "engine/host_key_table.hpp"

namespace kmsprep {

// Defined in the generated host_key_table_data.cpp.
const std::vector<HostOsEntry>& host_os_table_data();
const std::vector<HostKeyEntry>& host_key_table_data();

namespace {

// Calls `visit` with each ' '-separated word of `list` until it returns true.
template <typename Visit>
bool any_word(std::string_view list, Visit visit) {
  while (!list.empty()) {
    const size_t space = list.find(' ');
    const std::string_view word = list.substr(0, space);
    if (!word.empty() && visit(word)) return true;
    list = space == std::string_view::npos ? std::string_view() : list.substr(space + 1);
  }
  return false;
}

bool matches(std::string_view pattern, std::string_view product_id) {
  if (!pattern.empty() && pattern.back() == '*') {
    pattern.remove_suffix(1);
    return product_id.substr(0, pattern.size()) == pattern;
  }
  return pattern == product_id;
}

std::string os_name(std::string_view id) {
  const HostOsEntry* os = find_host_os(id);
  return os ? std::string(os->display_name) : std::string(id);
}

}  // namespace

bool HostKeyEntry::activates_product(std::string_view product_id) const {
  return any_word(activates,
                  [&](std::string_view pattern) { return matches(pattern, product_id); });
}

bool HostKeyEntry::hosted_natively_on(std::string_view os_id) const {
  return any_word(hosted_on, [&](std::string_view id) { return id == os_id; });
}

std::optional<std::string> HostKeyEntry::update_needed_on(std::string_view os_id) const {
  std::optional<std::string> update;
  any_word(hosted_after_update, [&](std::string_view pair) {
    const size_t colon = pair.find(':');
    if (pair.substr(0, colon) != os_id) return false;
    update = std::string(pair.substr(colon + 1));
    return true;
  });
  return update;
}

std::string HostKeyEntry::hosts_text() const {
  std::string text;
  any_word(hosted_on, [&](std::string_view id) {
    text += (text.empty() ? "" : ", ") + os_name(id);
    return false;
  });
  any_word(hosted_after_update, [&](std::string_view pair) {
    const size_t colon = pair.find(':');
    text += (text.empty() ? "" : ", ") + os_name(pair.substr(0, colon)) + " (after " +
            std::string(pair.substr(colon + 1)) + ")";
    return false;
  });
  return text;
}

const std::vector<HostKeyEntry>& host_key_table() { return host_key_table_data(); }
const std::vector<HostOsEntry>& host_os_table() { return host_os_table_data(); }

const HostKeyEntry* find_host_key(std::string_view id) {
  for (const auto& entry : host_key_table()) {
    if (entry.id == id) return &entry;
  }
  return nullptr;
}

const HostOsEntry* find_host_os(std::string_view id) {
  for (const auto& entry : host_os_table()) {
    if (entry.id == id) return &entry;
  }
  return nullptr;
}

std::string host_key_ids_text() {
  std::string text;
  for (const auto& entry : host_key_table())
    text += (text.empty() ? "" : ", ") + std::string(entry.id);
  return text;
}

std::string host_os_ids_text() {
  std::string text;
  for (const auto& entry : host_os_table())
    text += (text.empty() ? "" : ", ") + std::string(entry.id);
  return text;
}

}  // namespace kmsprep
