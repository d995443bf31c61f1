#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <mutex>

#include "core/scratch_directory.hpp"

namespace kmsprep {
namespace fs = std::filesystem;

namespace {

// A signal handler can reach only process-wide state: this table of live scratch directories
// is it. Slots are claimed with an atomic flag and the path is written before the slot is
// published, so the handler only ever reads complete paths. Everything the handler calls is
// async-signal-safe (open, getdents64, unlinkat, rmdir, close, sigaction, raise).
constexpr int kSlots = 32;
constexpr size_t kPathBytes = 4096;
struct Slot {
  std::atomic<int> state{0};   // 0 free, 1 being written, 2 live
  char path[kPathBytes] = {};  // initialised so that the table needs no start-up code
};
Slot g_slots[kSlots];

constexpr int kSignals[] = {SIGINT, SIGTERM, SIGHUP};
struct sigaction g_previous[3];

// Removes the files directly inside `path` (wimlib extracts one file, flat) and the directory.
void remove_flat_directory(const char* path) {
  const int fd = ::open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd >= 0) {
    alignas(8) char buffer[4096];
    for (;;) {
      const long got = ::syscall(SYS_getdents64, fd, buffer, sizeof buffer);
      if (got <= 0) break;
      for (long at = 0; at < got;) {
        // struct linux_dirent64: ino (8), off (8), reclen (2), type (1), name
        unsigned short record_length = 0;
        std::memcpy(&record_length, buffer + at + 16, sizeof record_length);
        const char* name = buffer + at + 19;
        if (std::strcmp(name, ".") != 0 && std::strcmp(name, "..") != 0) {
          ::unlinkat(fd, name, 0);
        }
        at += record_length;
      }
    }
    ::close(fd);
  }
  ::rmdir(path);
}

extern "C" void remove_scratch_on_signal(int signal_number) {
  for (auto& slot : g_slots) {
    if (slot.state.load() == 2) remove_flat_directory(slot.path);
  }
  for (size_t i = 0; i < sizeof kSignals / sizeof kSignals[0]; ++i) {
    if (kSignals[i] != signal_number) continue;
    const struct sigaction& previous = g_previous[i];
    if (previous.sa_handler == SIG_IGN) return;
    if (previous.sa_handler != SIG_DFL && !(previous.sa_flags & SA_SIGINFO)) {
      previous.sa_handler(signal_number);  // someone else's handler (a cancellation flag)
      return;
    }
    // Ends the process the way the signal would have without us.
    ::sigaction(signal_number, &previous, nullptr);
    ::raise(signal_number);
    return;
  }
}

void install_handler_once() {
  static std::once_flag installed;
  std::call_once(installed, [] {
    struct sigaction action {};
    action.sa_handler = remove_scratch_on_signal;
    sigemptyset(&action.sa_mask);
    for (int signal_number : kSignals) sigaddset(&action.sa_mask, signal_number);
    for (size_t i = 0; i < sizeof kSignals / sizeof kSignals[0]; ++i) {
      ::sigaction(kSignals[i], &action, &g_previous[i]);
    }
  });
}

int claim_slot(const std::string& path) {
  if (path.size() >= kPathBytes) return -1;
  for (int i = 0; i < kSlots; ++i) {
    int expected = 0;
    if (!g_slots[i].state.compare_exchange_strong(expected, 1)) continue;
    std::memcpy(g_slots[i].path, path.c_str(), path.size() + 1);
    g_slots[i].state.store(2);
    return i;
  }
  return -1;  // more than kSlots at once: still removed by the destructor
}

}  // namespace

Result<ScratchDirectory> ScratchDirectory::create(const fs::path& base, const std::string& prefix) {
  install_handler_once();
  // No signal between mkdtemp and registration: one arriving then would leave the directory.
  sigset_t blocked, previous;
  sigemptyset(&blocked);
  for (int signal_number : kSignals) sigaddset(&blocked, signal_number);
  ::pthread_sigmask(SIG_BLOCK, &blocked, &previous);
  std::string pattern = (base / (prefix + "XXXXXX")).string();
  const bool made = ::mkdtemp(pattern.data()) != nullptr;
  const int error_number = errno;
  const int slot = made ? claim_slot(pattern) : -1;
  ::pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  if (!made) return Error::io("cannot create a temporary directory", base.string(), error_number);
  return ScratchDirectory(fs::path(pattern), slot);
}

ScratchDirectory::~ScratchDirectory() {
  if (path_.empty()) return;
  std::error_code ignored;
  fs::remove_all(path_, ignored);
  if (slot_ >= 0) g_slots[slot_].state.store(0);
}

}  // namespace kmsprep
