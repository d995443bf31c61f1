// CommandLine: what every subcommand shares: Boost.Program_options parsing with --help,
// --log FILE (CMTrace), --verbose, --json and --index, the Logger, and turning an Error into a
// message on stderr (and a JSON error document with --json) plus the exit code.
#pragma once

#include <boost/program_options.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/command.hpp"
#include "core/log.hpp"
#include "core/result.hpp"

namespace kmsprep {

class CommandLine {
 public:
  // `name` is the full subcommand ("image info"); `synopsis` its arguments.
  CommandLine(std::string name, std::string synopsis, CommandIo& io);

  boost::program_options::options_description_easy_init add_options() {
    return options_.add_options();
  }
  // Positional arguments, in order; the last one may repeat (max_count -1).
  void add_positional(const std::string& name, int max_count = 1);
  void add_json_option();
  // --index N (and "all" when `takes_all`). Without it a WIM with several images is refused
  // (E103), and the refusal's hint names the forms this command takes.
  void add_index_option(bool takes_all);

  // Parses; on --help prints the help and returns exit 0, on a usage error prints it and
  // returns 2; otherwise returns nullopt and the command goes on.
  std::optional<int> parse(const std::vector<std::string>& args);

  const boost::program_options::variables_map& values() const { return values_; }
  bool has(const std::string& name) const { return values_.count(name) > 0; }
  template <typename T>
  T get(const std::string& name) const {
    return values_[name].as<T>();
  }
  bool json() const { return json_; }
  // For --format json (validate, simulate): errors become a JSON document on stdout too.
  void report_errors_as_json();
  // The --index value: 1-based, 0 for "all", kNoImageIndex when not given.
  Result<int> index() const;

  Logger& logger() { return *logger_; }
  CommandIo& io() { return io_; }
  const std::string& name() const { return name_; }

  // Prints the error (stderr; with --json also {"error": ...} on stdout), logs it and returns
  // its exit code.
  int fail(const Error& error);
  std::string help_text() const;

 private:
  // Boost's message, plus the offending argument and the nearest option for the usual slips.
  std::string usage_error_text(const boost::program_options::error& error,
                               const std::vector<std::string>& args) const;
  void match_choices_regardless_of_case();

  std::string name_;
  std::string synopsis_;
  CommandIo& io_;
  boost::program_options::options_description options_;
  boost::program_options::positional_options_description positional_;
  std::vector<std::string> positional_names_;
  boost::program_options::variables_map values_;
  bool json_option_ = false;
  bool json_ = false;
  bool index_option_ = false;
  bool index_takes_all_ = false;
  std::unique_ptr<Logger> logger_;
};

// Parses an --index value: a positive integer, or "all" when allow_all (returns 0).
Result<int> parse_index_option(const std::string& text, bool allow_all);

}  // namespace kmsprep
