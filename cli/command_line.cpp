#include "cli/command_line.hpp"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/option_docs.hpp"
#include "cli/usage_hints.hpp"
#include "core/exit_status.hpp"
#include "core/text.hpp"
#include "servicing/image_session.hpp"

namespace kmsprep {

namespace po = boost::program_options;

CommandLine::CommandLine(std::string name, std::string synopsis, CommandIo& io)
    : name_(std::move(name)), synopsis_(std::move(synopsis)), io_(io), options_("Options") {
  options_.add_options()("help,h", "show this help")("log", po::value<std::string>(),
                                                     "also write a CMTrace-format log to FILE")(
      "verbose,v", "print informational messages on stderr");
  logger_ = std::make_unique<Logger>(&io_.err);
}

void CommandLine::add_positional(const std::string& name, int max_count) {
  positional_.add(name.c_str(), max_count);
  positional_names_.push_back(name);
}

void CommandLine::add_json_option() {
  options_.add_options()("json", "print one JSON document on stdout");
  json_option_ = true;
}

void CommandLine::add_index_option(bool takes_all) {
  options_.add_options()("index", po::value<std::string>(),
                         takes_all ? "WIM image index (1-based), or all; needed when the WIM "
                                     "holds several images"
                                   : "WIM image index (1-based); needed when the WIM holds "
                                     "several images");
  index_option_ = true;
  index_takes_all_ = takes_all;
}

void CommandLine::report_errors_as_json() {
  json_ = true;
  logger_->set_console_threshold(LogLevel::error);
}

Result<int> CommandLine::index() const {
  if (!has("index")) return kNoImageIndex;
  return parse_index_option(get<std::string>("index"), index_takes_all_);
}

std::string CommandLine::help_text() const {
  return kmsprep::help_text(describe_command(name_, synopsis_, options_));
}

std::optional<int> CommandLine::parse(const std::vector<std::string>& args) {
  if (args.size() == 1 && args[0] == kCommandDocFlag) {
    io_.out << to_json(describe_command(name_, synopsis_, options_)).dump() << "\n";
    return exit_success;
  }
  try {
    po::options_description all = options_;
    for (const auto& positional_name : positional_names_) {
      if (!options_.find_nothrow(positional_name, false)) {
        all.add_options()(positional_name.c_str(), po::value<std::vector<std::string>>());
      }
    }
    po::store(po::command_line_parser(args).options(all).positional(positional_).run(), values_);
    po::notify(values_);
  } catch (const po::error& error) {
    io_.err << "kmsprep " << name_ << ": " << usage_error_text(error, args) << "\n"
            << "Usage: kmsprep " << name_ << " " << synopsis_ << "\n"
            << "Run `kmsprep help " << name_ << "` for the options and examples.\n";
    return exit_usage;
  }
  match_choices_regardless_of_case();
  if (values_.count("help")) {
    io_.out << help_text();
    return exit_success;
  }
  json_ = json_option_ && values_.count("json");
  if (json_) logger_->set_console_threshold(LogLevel::error);
  if (values_.count("verbose")) logger_->set_verbose(true);
  if (values_.count("log")) {
    if (auto opened = logger_->open_cmtrace_file(values_["log"].as<std::string>()); !opened) {
      return fail(opened.error());
    }
  }
  return std::nullopt;
}

std::string CommandLine::usage_error_text(const po::error& error,
                                          const std::vector<std::string>& args) const {
  const CommandDoc doc = describe_command(name_, synopsis_, options_);
  if (const auto* unknown = dynamic_cast<const po::unknown_option*>(&error)) {
    const std::string option = unknown->get_option_name();
    std::string text = "unknown option \"" + option + "\"";
    if (auto suggestion = suggest_option(option, doc))
      text += "; did you mean " + *suggestion + "?";
    return text;
  }
  if (dynamic_cast<const po::too_many_positional_options_error*>(&error)) {
    const int count = static_cast<int>(positional_.max_total_count());
    const auto extra = extra_positional(args, doc, count);
    if (!extra) return error.what();
    std::string text = "unexpected argument \"" + *extra + "\"";
    if (auto suggestion = suggest_option(*extra, doc)) {
      text += "; did you mean " + *suggestion + "?";
    } else {
      text += " (it takes " + std::to_string(count) + " argument" + (count == 1 ? "" : "s") +
              " besides options)";
    }
    return text;
  }
  return error.what();
}

void CommandLine::match_choices_regardless_of_case() {
  // --format JUnit means --format junit: an option whose synopsis lists fixed values takes
  // them in any case; the commands compare against the lower-case spelling.
  for (const auto& option : describe_command(name_, synopsis_, options_).options) {
    if (option.choices.empty() || !values_.count(option.name)) continue;
    auto& value = values_.at(option.name).value();
    const std::string* given = boost::any_cast<std::string>(&value);
    if (!given) continue;
    for (const auto& choice : option.choices) {
      if (given->size() == choice.size() &&
          std::equal(choice.begin(), choice.end(), given->begin(), [](char a, char b) {
            return std::tolower(static_cast<unsigned char>(a)) ==
                   std::tolower(static_cast<unsigned char>(b));
          })) {
        value = choice;
        break;
      }
    }
  }
}

int CommandLine::fail(const Error& given) {
  Error error = given;
  if (error.code() == ErrorCode::usage_index_required && index_option_) {
    error.with_hint(index_takes_all_
                        ? "give --index N for one of them, or --index all for every one"
                        : "give --index N for one of them");
  }
  const std::string message = error.to_string();
  logger_->log(LogLevel::error, name_, message);
  if (json_) {
    nlohmann::json document = {
        {"error",
         {{"code", static_cast<int>(error.code())},
          {"message", message},
          {"location", error.location().empty() ? nlohmann::json(nullptr)
                                                : nlohmann::json(error.location())}}}};
    io_.out << document.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  }
  return exit_code_for(error);
}

Result<int> parse_index_option(const std::string& text, bool allow_all) {
  if (allow_all && text == "all") return 0;
  const auto value = parse_integer<int>(text, 0, kMaxImageIndex);
  if (!text.empty() && !value) {
    return Error::usage(
        "--index \"" + text + "\" is not a positive number",
        allow_all ? "use a 1-based image index or \"all\"" : "use a 1-based image index");
  }
  if (!value || *value < 1) {
    return Error::usage("--index \"" + text + "\" is not a positive number",
                        "WIM image indexes start at 1");
  }
  return *value;
}

}  // namespace kmsprep
