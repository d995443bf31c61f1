// The POSIX side of the test helpers: temporary directories with mkdtemp, programs started
// with posix_spawnp and waited for. The Windows side is platform_windows.cpp.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <sstream>
#include <stdexcept>

#include "tests/support/test_support.hpp"

namespace kmsprep::test {

namespace fs = std::filesystem;

TempDir::TempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string pattern = std::string(base ? base : "/tmp") + "/kmsprep-test-XXXXXX";
  if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

ProgramResult run_program(const std::vector<std::string>& argv, const std::string& input,
                          const std::vector<std::string>& environment) {
  TempDir scratch;
  const fs::path in_path = scratch / "stdin";
  const fs::path out_path = scratch / "stdout";
  const fs::path err_path = scratch / "stderr";
  write_bytes(in_path, input);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, in_path.c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0600);
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0600);
  std::vector<char*> args;
  for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  // An override replaces the inherited variable of the same name: with both in the block, the
  // child would see whichever getenv finds first, the inherited one (ASAN_OPTIONS from
  // scripts/test, for example).
  auto name_of = [](const std::string& entry) { return entry.substr(0, entry.find('=')); };
  std::vector<std::string> env_strings;
  for (char** entry = environ; *entry; ++entry) {
    const std::string inherited = *entry;
    bool overridden = false;
    for (const auto& override_entry : environment) {
      overridden = overridden || name_of(override_entry) == name_of(inherited);
    }
    if (!overridden) env_strings.push_back(inherited);
  }
  for (const auto& entry : environment) env_strings.push_back(entry);
  std::vector<char*> env;
  for (auto& entry : env_strings) env.push_back(entry.data());
  env.push_back(nullptr);

  ProgramResult result;
  pid_t pid = 0;
  const int spawned = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), env.data());
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) return result;
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
  }
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  result.out = read_bytes(out_path);
  result.err = read_bytes(err_path);
  return result;
}

bool program_exists(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::stringstream directories(path ? path : "/usr/bin:/bin");
  std::string directory;
  while (std::getline(directories, directory, ':')) {
    if (::access((fs::path(directory) / name).c_str(), X_OK) == 0) return true;
  }
  return false;
}

bool strace_works() {
  static const bool works =
      program_exists("strace") &&
      run_program({"strace", "-qq", "-o", "/dev/null", "true"}).exit_code == 0;
  return works;
}

const char* c_library_name() { return "libc.so.6"; }

}  // namespace kmsprep::test
