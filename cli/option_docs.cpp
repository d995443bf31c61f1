#include "cli/option_docs.hpp"

#include <algorithm>
#include <cctype>
#include <sstream>

namespace kmsprep {
namespace {

namespace po = boost::program_options;

bool is_lowercase_word(const std::string& text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!std::islower(static_cast<unsigned char>(c)) &&
        !std::isdigit(static_cast<unsigned char>(c)) && c != '-') {
      return false;
    }
  }
  return true;
}

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream in(text);
  while (std::getline(in, part, separator)) parts.push_back(part);
  return parts;
}

// "--index N|all" in "IMAGE [--index N|all] [--json]" gives "N|all"; "" when the synopsis
// shows the option without a value or not at all.
std::string value_in_synopsis(const std::string& synopsis, const std::string& name) {
  const std::string flag = "--" + name + " ";
  for (size_t at = synopsis.find(flag); at != std::string::npos; at = synopsis.find(flag, at + 1)) {
    if (at > 0 && synopsis[at - 1] != ' ' && synopsis[at - 1] != '[' && synopsis[at - 1] != '|') {
      continue;
    }
    // The value runs to the next space or to the "]" that closes the option's own bracket,
    // keeping brackets inside it: "ADDR[:PORT]".
    const size_t start = at + flag.size();
    size_t end = start;
    for (int depth = 0; end < synopsis.size() && synopsis[end] != ' '; ++end) {
      if (synopsis[end] == '[') ++depth;
      if (synopsis[end] == ']' && depth-- == 0) break;
    }
    std::string value = synopsis.substr(start, end - start);
    if (value.empty() || value[0] == '-' || value[0] == '[') return {};
    while (!value.empty() && value.back() == '.') value.pop_back();  // "DIR]..." repeats
    return value;
  }
  return {};
}

std::string fallback_value_name(const std::string& name) {
  if (name == "log" || name == "output" || name.find("file") != std::string::npos) return "FILE";
  if (name.find("dir") != std::string::npos) return "DIR";
  std::string upper;
  for (char c : name) upper += c == '-' ? '_' : static_cast<char>(std::toupper(c));
  return upper;
}

}  // namespace

CommandDoc describe_command(const std::string& name, const std::string& synopsis,
                            const po::options_description& options) {
  CommandDoc doc{name, synopsis, {}, command_examples(name)};
  for (const auto& option : options.options()) {
    OptionDoc entry;
    entry.name = option->long_name();
    const std::string short_form =
        option->canonical_display_name(po::command_line_style::allow_dash_for_short);
    if (short_form.size() == 2 && short_form[0] == '-') entry.short_name = short_form[1];
    entry.description = option->description();
    if (option->semantic()->max_tokens() > 0) {
      entry.value_name = value_in_synopsis(synopsis, entry.name);
      if (entry.value_name.empty()) entry.value_name = fallback_value_name(entry.name);
      for (const auto& part : split(entry.value_name, '|')) {
        if (is_lowercase_word(part)) entry.choices.push_back(part);
      }
    }
    doc.options.push_back(std::move(entry));
  }
  return doc;
}

std::string help_text(const CommandDoc& doc) {
  std::ostringstream text;
  text << "Usage: kmsprep " << doc.name << " " << doc.synopsis << "\n\nOptions:\n";
  std::vector<std::string> left;
  size_t width = 0;
  for (const auto& option : doc.options) {
    std::string form = option.short_name ? std::string("-") + option.short_name + ", " : "    ";
    form += "--" + option.name;
    if (!option.value_name.empty()) form += " " + option.value_name;
    width = std::max(width, form.size());
    left.push_back(std::move(form));
  }
  for (size_t i = 0; i < doc.options.size(); ++i) {
    std::string form = left[i];
    form.resize(width + 2, ' ');
    text << "  " << form << doc.options[i].description << "\n";
  }
  if (!doc.examples.empty()) {
    text << "\nExamples:\n";
    for (const auto& example : doc.examples) {
      text << "  " << example.command_line << "\n      " << example.explanation << "\n";
    }
  }
  return text.str();
}

nlohmann::json to_json(const CommandDoc& doc) {
  nlohmann::json options = nlohmann::json::array();
  for (const auto& option : doc.options) {
    options.push_back({{"name", option.name},
                       {"short", option.short_name ? std::string(1, option.short_name) : ""},
                       {"value", option.value_name},
                       {"choices", option.choices},
                       {"description", option.description}});
  }
  nlohmann::json examples = nlohmann::json::array();
  for (const auto& example : doc.examples) {
    examples.push_back({{"command", example.command_line}, {"explanation", example.explanation}});
  }
  return {
      {"name", doc.name}, {"synopsis", doc.synopsis}, {"options", options}, {"examples", examples}};
}

CommandDoc command_doc_from_json(const nlohmann::json& document) {
  CommandDoc doc;
  doc.name = document.at("name").get<std::string>();
  doc.synopsis = document.at("synopsis").get<std::string>();
  for (const auto& option : document.at("options")) {
    OptionDoc entry;
    entry.name = option.at("name").get<std::string>();
    const std::string short_name = option.at("short").get<std::string>();
    entry.short_name = short_name.empty() ? 0 : short_name[0];
    entry.value_name = option.at("value").get<std::string>();
    entry.choices = option.at("choices").get<std::vector<std::string>>();
    entry.description = option.at("description").get<std::string>();
    doc.options.push_back(std::move(entry));
  }
  for (const auto& example : document.at("examples")) {
    doc.examples.push_back(
        {example.at("command").get<std::string>(), example.at("explanation").get<std::string>()});
  }
  return doc;
}

}  // namespace kmsprep
