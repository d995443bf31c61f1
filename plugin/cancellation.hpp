// Cancellation of a running step or sequence by SIGINT or SIGTERM (cancellation_posix.cpp), or
// on Windows by Ctrl+C, Ctrl+Break or closing the console (cancellation_windows.cpp): the first
// one asks the running step to stop (it polls is_cancelled) and the runner to start no further
// step. Callers: cli/ (step, sequence), once per process.
#pragma once

#include "plugin/step_host.hpp"

namespace kmsprep {

// Installs the handlers and returns the check that reports whether a signal (a console control
// event) arrived.
CancellationCheck cancel_on_signals();

}  // namespace kmsprep
