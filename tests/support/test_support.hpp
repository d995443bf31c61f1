// Helpers for tests: temporary directories, running programs without a shell, whole-file I/O.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace kmsprep::test {

// A fresh directory under $TMPDIR, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

struct ProgramResult {
  int exit_code = -1;  // -1 when the program did not start or was killed by a signal
  std::string out;
  std::string err;
};

// Runs argv[0] (searched in PATH) with argv, no shell; `input` goes to its stdin.
// `environment` entries NAME=VALUE are added to the current environment.
ProgramResult run_program(const std::vector<std::string>& argv, const std::string& input = {},
                          const std::vector<std::string>& environment = {});
// The C library's file name, for tests that load a library every machine has: "libc.so.6",
// "msvcrt.dll" on Windows.
const char* c_library_name();
// Whether this build made the kmsprep binary (the Windows cross-build does not yet, issue 19).
bool kmsprep_binary_built();
// run_program with the kmsprep binary under test as argv[0].
ProgramResult run_kmsprep(const std::vector<std::string>& args, const std::string& input = {},
                          const std::vector<std::string>& environment = {});

std::string read_bytes(const std::filesystem::path& path);
void write_bytes(const std::filesystem::path& path, const std::string& bytes);  // makes parents
bool program_exists(const std::string& name);
// Whether strace is installed and may trace here (a container without ptrace may not): the
// tests that inject failures or kills with strace skip otherwise.
bool strace_works();

// Little-endian 32-bit fields of a binary file held in `bytes` (hive headers, bins).
uint32_t read_le32(const std::string& bytes, size_t offset);
void write_le32(std::string& bytes, size_t offset, uint32_t value);

std::filesystem::path source_dir();  // the repository root
std::filesystem::path build_dir();

}  // namespace kmsprep::test
