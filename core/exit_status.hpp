// The process exit codes of every kmsprep subcommand and of a task sequence run (README "Exit
// codes"): the one table, so the CLI and the sequence runner cannot drift apart. The code for
// "success, reboot required" differs by platform (exit_status_posix.cpp, exit_status_windows.cpp).
#pragma once

#include "core/error.hpp"

namespace kmsprep {

enum ExitStatus : int {
  exit_success = 0,
  exit_failed = 1,  // checks failed (validate) or a step failed
  exit_usage = 2,
  exit_bad_input = 3,    // bad, unsupported or missing input
  exit_environment = 4,  // permissions, disk full, missing tool
};

// Success with a reboot required (a step or sequence returned 3010): 3010 on Windows, where exit
// codes are 32 bits and task sequencers expect 3010; 194 on Linux (3010 mod 256, what an 8-bit
// POSIX exit status would make of 3010 anyway).
int reboot_required_exit_code();

inline int exit_code_for(const Error& error) {
  switch (error.kind()) {
    case ErrorKind::usage:
      return exit_usage;
    case ErrorKind::bad_input:
      return exit_bad_input;
    case ErrorKind::failed:
      return exit_failed;
    case ErrorKind::environment:
      return exit_environment;
  }
  return exit_environment;
}

}  // namespace kmsprep
