// Windows: the directory is made with CreateDirectoryW under a random name, and a console
// control handler (Ctrl+C, Ctrl+Break, closing the console, log-off, shutdown) removes every
// live scratch directory before the process ends. Windows runs that handler on a thread of its
// own, so it may take a lock and remove trees like any other code.
#include <windows.h>

#include <mutex>
#include <random>
#include <set>

#include "core/scratch_directory.hpp"
#include "core/win32_error.hpp"

namespace kmsprep {
namespace fs = std::filesystem;

namespace {

std::mutex& live_lock() {
  static std::mutex lock;
  return lock;
}

std::set<std::wstring>& live_directories() {
  static std::set<std::wstring> directories;
  return directories;
}

BOOL WINAPI remove_scratch_on_control(DWORD) {
  std::lock_guard<std::mutex> hold(live_lock());
  for (const auto& directory : live_directories()) {
    std::error_code ignored;
    fs::remove_all(fs::path(directory), ignored);
  }
  return FALSE;  // the next handler (the default ends the process) runs as before
}

void install_handler_once() {
  static std::once_flag installed;
  std::call_once(installed, [] { SetConsoleCtrlHandler(remove_scratch_on_control, TRUE); });
}

}  // namespace

Result<ScratchDirectory> ScratchDirectory::create(const fs::path& base, const std::string& prefix) {
  install_handler_once();
  static constexpr char kLetters[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::random_device random;
  for (int attempt = 0; attempt < 100; ++attempt) {
    std::string name = prefix;
    for (int i = 0; i < 6; ++i) name += kLetters[random() % (sizeof kLetters - 1)];
    const fs::path directory = base / name;
    std::lock_guard<std::mutex> hold(live_lock());
    if (!CreateDirectoryW(directory.wstring().c_str(), nullptr)) {
      const DWORD error = GetLastError();
      if (error == ERROR_ALREADY_EXISTS) continue;
      return Error::io("cannot create a temporary directory", base.string(),
                       errno_from_win32(error));
    }
    live_directories().insert(directory.wstring());
    return ScratchDirectory(directory, 0);
  }
  return Error::io("cannot create a temporary directory", base.string(), EEXIST);
}

ScratchDirectory::~ScratchDirectory() {
  if (path_.empty()) return;
  std::lock_guard<std::mutex> hold(live_lock());
  std::error_code ignored;
  fs::remove_all(path_, ignored);
  live_directories().erase(path_.wstring());
}

}  // namespace kmsprep
