// Shared by the WIM, directory and capture tests: small trees on disk, WIMs made with
// wimlib-imagex (or, where it is not installed, by the same commands through libwim: the Windows
// suite), whole-tree snapshots to prove that nothing else changed, file identity.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/file_version.hpp"
#include "tests/support/test_support.hpp"
// Suites that link the image module and may lack wimlib-imagex (the Windows suite, which
// tests/windows.cmake builds with KMSPREP_TEST_PROGRAMS_OPTIONAL) make WIMs through libwim; the
// other suites using these fixtures (cli/) do not link wimlib.
#ifdef KMSPREP_TEST_PROGRAMS_OPTIONAL
#include "tests/image/wim_library_commands.hpp"
#endif

namespace kmsprep::test {

using Tree = std::map<std::string, std::string>;  // relative path -> bytes ("/" marks a directory)

inline void make_tree(const std::filesystem::path& root, const Tree& tree) {
  std::filesystem::create_directories(root);
  for (const auto& [path, bytes] : tree) {
    if (!path.empty() && path.back() == '/') {
      std::filesystem::create_directories(root / path);
    } else {
      write_bytes(root / path, bytes);
    }
  }
}

// Every file and directory below `root`, with file bytes; symlinks as "-> target".
inline Tree snapshot_tree(const std::filesystem::path& root) {
  Tree tree;
  for (auto it = std::filesystem::recursive_directory_iterator(root);
       it != std::filesystem::recursive_directory_iterator(); ++it) {
    const std::string relative = std::filesystem::relative(it->path(), root).generic_string();
    if (it->is_symlink()) {
      tree[relative] = "-> " + std::filesystem::read_symlink(it->path()).string();
    } else if (it->is_directory()) {
      tree[relative + "/"] = "";
    } else {
      tree[relative] = read_bytes(it->path());
    }
  }
  return tree;
}

// A small Windows-like tree.
inline Tree windows_tree() {
  return {
      {"Windows/Panther/unattend.xml", "<unattend>old</unattend>\n"},
      {"Windows/System32/config/SOFTWARE", std::string(3000, 's')},
      {"Windows/System32/Sysprep/sysprep.exe", "MZ sysprep"},
      {"Users/Public/readme.txt", "public\n"},
      {"bootmgr", "boot manager"},
      {"Program Files/", ""},
  };
}

inline ProgramResult wimlib_imagex(const std::vector<std::string>& args) {
#ifdef KMSPREP_TEST_PROGRAMS_OPTIONAL
  if (!program_exists("wimlib-imagex")) return wimlib_through_library(args);
#endif
  std::vector<std::string> argv = {"wimlib-imagex"};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_program(argv);
}

// Captures `tree` into a new WIM (or appends it when the WIM exists) with wimlib-imagex.
inline void capture_tree(const std::filesystem::path& scratch, const Tree& tree,
                         const std::filesystem::path& wim, const std::string& name,
                         const std::vector<std::string>& extra = {}) {
  const std::filesystem::path source = scratch / ("source-" + name);
  make_tree(source, tree);
  std::vector<std::string> args = {std::filesystem::exists(wim) ? "append" : "capture",
                                   source.string(), wim.string(), name};
  args.insert(args.end(), extra.begin(), extra.end());
  const ProgramResult result = wimlib_imagex(args);
  ASSERT_EQ(result.exit_code, 0) << result.err;
  std::filesystem::remove_all(source);
}

// Applies image `index` of `wim` into a scratch directory and returns its content.
inline Tree apply_image(const std::filesystem::path& wim, int index) {
  TempDir scratch;
  const std::filesystem::path target = scratch / "applied";
  const ProgramResult result =
      wimlib_imagex({"apply", wim.string(), std::to_string(index), target.string()});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return snapshot_tree(target);
}

struct FileIdentity {
  std::string bytes;
  uint64_t inode = 0;
  int64_t modified_ns = 0;
  bool operator==(const FileIdentity& other) const {
    return bytes == other.bytes && inode == other.inode && modified_ns == other.modified_ns;
  }
};

inline FileIdentity identity_of(const std::filesystem::path& path) {
  FileVersion version;
  version_of(path, version);
  return FileIdentity{read_bytes(path), version.identity, version.modified_ns};
}

}  // namespace kmsprep::test
