#include "tests/support/test_support.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace kmsprep::test {

namespace fs = std::filesystem;

TempDir::TempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string pattern = std::string(base ? base : "/tmp") + "/kmsprep-test-XXXXXX";
  if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  // Tests make read-only trees; make them writable again so they can be removed.
  for (auto it = fs::recursive_directory_iterator(path_, ignored);
       it != fs::recursive_directory_iterator(); it.increment(ignored)) {
    if (!it->is_symlink(ignored)) {
      fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, ignored);
    }
  }
  fs::remove_all(path_, ignored);
}

std::string read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

void write_bytes(const fs::path& path, const std::string& bytes) {
  if (path.has_parent_path()) fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
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

ProgramResult run_kmsprep(const std::vector<std::string>& args, const std::string& input,
                          const std::vector<std::string>& environment) {
  std::vector<std::string> argv = {KMSPREP_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_program(argv, input, environment);
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

uint32_t read_le32(const std::string& bytes, size_t offset) {
  uint32_t value = 0;
  for (int i = 0; i < 4; ++i) {
    value |= static_cast<uint32_t>(static_cast<uint8_t>(bytes[offset + i])) << (8 * i);
  }
  return value;
}

void write_le32(std::string& bytes, size_t offset, uint32_t value) {
  for (int i = 0; i < 4; ++i) bytes[offset + i] = static_cast<char>((value >> (8 * i)) & 0xFF);
}

fs::path source_dir() { return KMSPREP_SOURCE_DIR; }
fs::path build_dir() { return KMSPREP_BUILD_DIR; }

}  // namespace kmsprep::test
