#include "cli/command_line.hpp"

#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/exit_status.hpp"
#include "servicing/image_session.hpp"

namespace kmsprep {

namespace po = boost::program_options;

CommandLine::CommandLine(std::string name, std::string synopsis, CommandIo& io)
    : name_(std::move(name)), synopsis_(std::move(synopsis)), io_(io), options_("Options") {
  options_.add_options()
      ("help,h", "show this help")
      ("log", po::value<std::string>(), "also write a CMTrace-format log to FILE")
      ("verbose,v", "print informational messages on stderr");
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
  std::ostringstream text;
  text << "Usage: kmsprep " << name_ << " " << synopsis_ << "\n\n" << options_;
  return text.str();
}

std::optional<int> CommandLine::parse(const std::vector<std::string>& args) {
  try {
    po::options_description all = options_;
    for (const auto& positional_name : positional_names_) {
      if (!options_.find_nothrow(positional_name, false)) {
        all.add_options()(positional_name.c_str(), po::value<std::vector<std::string>>());
      }
    }
    po::store(po::command_line_parser(args).options(all).positional(positional_).run(),
              values_);
    po::notify(values_);
  } catch (const po::error& error) {
    io_.err << "kmsprep " << name_ << ": " << error.what() << "\n"
            << "Usage: kmsprep " << name_ << " " << synopsis_ << "\n"
            << "Run `kmsprep help " << name_ << "` for the options.\n";
    return exit_usage;
  }
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

int CommandLine::fail(const Error& given) {
  Error error = given;
  if (error.code() == ErrorCode::usage_index_required && index_option_) {
    error.with_hint(index_takes_all_ ? "give --index N for one of them, or --index all for every one"
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
  int value = 0;
  for (char c : text) {
    if (c < '0' || c > '9' || value > 100000) {
      return Error::usage("--index \"" + text + "\" is not a positive number",
                          allow_all ? "use a 1-based image index or \"all\""
                                    : "use a 1-based image index");
    }
    value = value * 10 + (c - '0');
  }
  if (text.empty() || value < 1) {
    return Error::usage("--index \"" + text + "\" is not a positive number",
                        "WIM image indexes start at 1");
  }
  return value;
}

}  // namespace kmsprep
