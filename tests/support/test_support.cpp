#include "tests/support/test_support.hpp"

#include <fstream>
#include <sstream>

namespace kmsprep::test {

namespace fs = std::filesystem;

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

ProgramResult run_kmsprep(const std::vector<std::string>& args, const std::string& input,
                          const std::vector<std::string>& environment) {
  std::vector<std::string> argv = {KMSPREP_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_program(argv, input, environment);
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

bool kmsprep_binary_built() { return fs::exists(KMSPREP_BINARY); }

fs::path source_dir() { return KMSPREP_SOURCE_DIR; }
fs::path build_dir() { return KMSPREP_BUILD_DIR; }

}  // namespace kmsprep::test
