#include <csignal>

#include "plugin/cancellation.hpp"

namespace kmsprep {
namespace {

// A signal handler can only reach process-wide state; this flag is the one such variable, and
// only the handler writes it.
volatile std::sig_atomic_t signal_received = 0;

extern "C" void on_signal(int) { signal_received = 1; }

}  // namespace

CancellationCheck cancel_on_signals() {
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  return [] { return signal_received != 0; };
}

}  // namespace kmsprep
