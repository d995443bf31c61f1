// Windows has no SIGINT or SIGTERM for a console program: Ctrl+C, Ctrl+Break and closing the
// console window arrive as console control events, which Windows hands to a handler on a
// thread of its own.
#include <windows.h>

#include <atomic>

#include "plugin/cancellation.hpp"

namespace kmsprep {
namespace {

// The handler can only reach process-wide state; this flag is the one such variable, and only
// the handler writes it.
std::atomic<bool> cancel_requested{false};

BOOL WINAPI on_console_control(DWORD event) {
  switch (event) {
    case CTRL_C_EVENT:
    case CTRL_BREAK_EVENT:
      cancel_requested = true;
      return TRUE;  // handled: the process goes on, the step sees is_cancelled and stops
    case CTRL_CLOSE_EVENT:
      cancel_requested = true;
      // Windows ends the process as soon as this handler returns, or a few seconds after the
      // event if it does not: waiting here gives the step that time to stop and the runner to
      // log it. When main returns first, ExitProcess ends this thread with the rest.
      Sleep(INFINITE);
      return TRUE;
  }
  return FALSE;  // log-off and shut-down: the next handler (by default, the end of the process)
}

}  // namespace

CancellationCheck cancel_on_signals() {
  SetConsoleCtrlHandler(on_console_control, TRUE);
  return [] { return cancel_requested.load(); };
}

}  // namespace kmsprep
