// kmsprep: dispatches to the subcommand named by the first argument; the platform's entry point
// (main_posix.cpp, main_windows.cpp) hands it the arguments.
#include "cli/main.hpp"

#include <clocale>
#include <exception>
#include <iostream>
#include <new>
#include <stdexcept>
#include <string>
#include <vector>

#include "cli/command.hpp"
#include "cli/manual_pages.hpp"
#include "cli/usage_hints.hpp"
#include "core/exit_status.hpp"
#include "core/strings.hpp"

namespace {

void print_overview(std::ostream& out) {
  out << "kmsprep " KMSPREP_VERSION
         ": prepare Windows images for KMS volume activation, offline.\n\n"
         "Usage: kmsprep COMMAND [ARGS...]\n\nCommands:\n";
  for (const auto& command : kmsprep::command_table()) {
    std::string name = command.name;
    name.resize(std::max<size_t>(name.size() + 2, 16), ' ');
    out << "  " << name << command.summary << "\n";
  }
  out << "\nRun `kmsprep help COMMAND` or `kmsprep COMMAND --help` for a command's options.\n"
         "Exit codes: 0 success, 1 checks or a step failed, 2 usage error, 3 bad or missing "
         "input, 4 environment failure, 194 (Linux) or 3010 (Windows) success with reboot "
         "required (steps).\n";
}

// "unknown command "validat"; did you mean validate?" for the usual typo.
std::string unknown_command_text(const std::string& name) {
  std::vector<std::string> names;
  for (const auto& command : kmsprep::command_table()) names.push_back(command.name);
  std::string text = "kmsprep: unknown command \"" + name + "\"";
  if (auto nearest = kmsprep::nearest_word(name, names)) text += "; did you mean " + *nearest + "?";
  return text;
}

const kmsprep::Command* find_command(const std::string& name) {
  for (const auto& command : kmsprep::command_table()) {
    if (name == command.name) return &command;
  }
  return nullptr;
}

int run(const std::vector<std::string>& args) {
  // libarchive needs a UTF-8 character type for non-ASCII entry names. Only LC_CTYPE: the other
  // categories would load a dozen locale files at every start and let LC_NUMERIC put decimal
  // commas into printf'd figures; kmsprep's output does not follow the user's locale.
  if (!std::setlocale(LC_CTYPE, "")) std::setlocale(LC_CTYPE, "C.UTF-8");
  kmsprep::CommandIo io{std::cout, std::cerr};
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    print_overview(args.empty() ? std::cerr : std::cout);
    return args.empty() ? kmsprep::exit_usage : kmsprep::exit_success;
  }
  if (args[0] == "--version") {
    std::cout << "kmsprep " KMSPREP_VERSION "\n";
    return kmsprep::exit_success;
  }
  // Hidden: the build writes the man pages and completion scripts with it.
  if (args[0] == "--generate-docs" && args.size() == 2) return kmsprep::generate_docs(args[1]);
  // Hidden, for the test of the handler in run_main() (CONTRIBUTING.md): throws what a bug would.
  if (args[0] == "--debug-throw" && args.size() == 2) {
    if (args[1] == "bad_alloc") throw std::bad_alloc();
    if (args[1] == "unknown") throw 42;
    throw std::logic_error("debug exception requested with --debug-throw");
  }
  if (args[0] == "help") {
    if (args.size() < 2) {
      print_overview(std::cout);
      return kmsprep::exit_success;
    }
    const kmsprep::Command* command = find_command(args[1]);
    if (!command) {
      std::cerr << unknown_command_text(args[1]) << "\n";
      return kmsprep::exit_usage;
    }
    std::vector<std::string> help_args(args.begin() + 2, args.end());
    help_args.push_back("--help");
    return command->run(help_args, io);
  }
  const kmsprep::Command* command = find_command(args[0]);
  if (!command) {
    std::cerr << unknown_command_text(args[0]) << "; run `kmsprep --help`\n";
    return kmsprep::exit_usage;
  }
  return command->run(std::vector<std::string>(args.begin() + 1, args.end()), io);
}

}  // namespace

int kmsprep::run_main(const std::vector<std::string>& arguments) {
  // Every failure kmsprep expects is an Error with its own exit code; an exception that still
  // escapes (a library's bad_alloc, a bug) is an environment failure with a message, never an
  // abort and a core dump. Commits are atomic, so an image being written is old or new.
  std::string what;
  try {
    return run(arguments);
  } catch (const std::bad_alloc&) {
    what = "out of memory";
  } catch (const std::exception& error) {
    what = error.what();
  } catch (...) {
    what = "an unknown exception";
  }
  const kmsprep::Error error(kmsprep::ErrorCode::internal, "kmsprep stopped on " + what, {},
                             "this is a kmsprep bug unless memory ran out; please report it with "
                             "the command line");
  std::cerr << "kmsprep: error: " << kmsprep::escape_for_display(error.to_string()) << "\n";
  return kmsprep::exit_environment;
}
