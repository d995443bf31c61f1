#include "cli/usage_hints.hpp"

#include <algorithm>
#include <cctype>

namespace kmsprep {
namespace {

std::string lowercase(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

const OptionDoc* find_option(const CommandDoc& doc, const std::string& name) {
  for (const auto& option : doc.options) {
    if (option.name == name) return &option;
  }
  return nullptr;
}

}  // namespace

std::optional<std::string> nearest_word(const std::string& word,
                                        const std::vector<std::string>& candidates) {
  const std::string wanted = lowercase(word);
  std::optional<std::string> best;
  size_t best_distance = std::max<size_t>(wanted.size() / 3, wanted.size() > 3 ? 2 : 1);
  for (const auto& candidate : candidates) {
    const size_t distance = edit_distance(wanted, lowercase(candidate));
    if (distance <= best_distance && (!best || distance < best_distance)) {
      best = candidate;
      best_distance = distance;
    }
  }
  if (best) return best;
  std::vector<std::string> extensions;
  for (const auto& candidate : candidates) {
    if (wanted.size() >= 2 && lowercase(candidate).rfind(wanted, 0) == 0) {
      extensions.push_back(candidate);
    }
  }
  if (extensions.size() == 1) return extensions.front();
  return std::nullopt;
}

std::optional<std::string> suggest_option(const std::string& argument, const CommandDoc& doc) {
  // Strip the leading '/', '-' or "--" and split a Windows-style "Name:Value" or "name=value".
  size_t start = 0;
  while (start < argument.size() && (argument[start] == '-' || argument[start] == '/')) ++start;
  std::string name = argument.substr(start);
  std::string value;
  const size_t separator = name.find_first_of(":=");
  if (separator != std::string::npos) {
    value = name.substr(separator + 1);
    name = name.substr(0, separator);
  }
  if (name.empty()) return std::nullopt;
  std::vector<std::string> names;
  for (const auto& option : doc.options) names.push_back(option.name);
  std::optional<std::string> found;
  if (find_option(doc, lowercase(name))) {
    found = lowercase(name);
  } else {
    found = nearest_word(name, names);
  }
  if (!found) return std::nullopt;
  const OptionDoc* option = find_option(doc, *found);
  std::string suggestion = "--" + *found;
  // A value given with the slip ("/Index:2") moves to its place; none is made up otherwise.
  if (!option->value_name.empty() && !value.empty()) suggestion += " " + value;
  return suggestion;
}

std::optional<std::string> extra_positional(const std::vector<std::string>& args,
                                            const CommandDoc& doc, int positional_count) {
  int positionals = 0;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--") continue;
    if (arg.size() > 1 && arg[0] == '-') {
      if (arg.find('=') != std::string::npos) continue;
      const std::string name = arg.rfind("--", 0) == 0 ? arg.substr(2) : arg.substr(1);
      const OptionDoc* option = find_option(doc, name);
      if (!option && name.size() == 1) {
        for (const auto& candidate : doc.options) {
          if (candidate.short_name == name[0]) option = &candidate;
        }
      }
      if (option && !option->value_name.empty()) ++i;  // its value
      continue;
    }
    if (++positionals > positional_count) return arg;
  }
  return std::nullopt;
}

}  // namespace kmsprep
