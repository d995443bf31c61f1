// The Linux safety check of plugin locations (owner and mode bits) through the loader; the
// Windows check reads ACLs instead (plugin/plugin_file_windows.cpp), so this file is not built
// there (tests/windows-exclusions.cmake).
#include <gtest/gtest.h>
#include <unistd.h>

#include "plugin/step_registry.hpp"
#include "tests/plugin/plugin_test_support.hpp"

namespace kmsprep {
namespace {

namespace fs = std::filesystem;
using test::load;
using test::Loaded;
using test::plugin_directory;
using test::TempDir;

TEST(StepRegistry, RefusesGroupWritableLibrary) {
  TempDir temp;
  const fs::path directory = plugin_directory(temp / "plugins", {"test-echo", "test-reboot"});
  fs::permissions(directory / "libtest-echo.so", fs::perms(0775));
  StepRegistry registry;
  const Loaded loaded = load(registry, {directory.string()});
  ASSERT_EQ(loaded.refusals.size(), 1u);
  EXPECT_EQ(loaded.refusals[0].code(), ErrorCode::plugin_location_unsafe);
  EXPECT_NE(loaded.console.find("group-writable"), std::string::npos) << loaded.console;
  EXPECT_EQ(registry.find("test-echo"), nullptr);
  EXPECT_NE(registry.find("test-reboot"), nullptr);
}

TEST(StepRegistry, RefusesWorldWritableDirectoryAndGoesOnWithTheNext) {
  TempDir temp;
  const fs::path open_directory = plugin_directory(temp / "open", {"test-echo"});
  fs::permissions(open_directory, fs::perms(0777));
  const fs::path good_directory = plugin_directory(temp / "good", {"test-reboot"});
  StepRegistry registry;
  const Loaded loaded = load(registry, {open_directory.string(), good_directory.string()});
  ASSERT_EQ(loaded.refusals.size(), 1u);
  EXPECT_NE(loaded.console.find("world-writable"), std::string::npos) << loaded.console;
  EXPECT_EQ(registry.find("test-echo"), nullptr);
  EXPECT_NE(registry.find("test-reboot"), nullptr);
}

TEST(StepRegistry, RefusesLibraryOwnedByAnotherUser) {
  if (::geteuid() != 0) GTEST_SKIP() << "only root can give a file away";
  TempDir temp;
  const fs::path directory = plugin_directory(temp / "plugins", {"test-echo"});
  ASSERT_EQ(::chown((directory / "libtest-echo.so").c_str(), 12345, 12345), 0);
  StepRegistry registry;
  const Loaded loaded = load(registry, {directory.string()});
  ASSERT_EQ(loaded.refusals.size(), 1u);
  EXPECT_NE(loaded.console.find("user id 12345"), std::string::npos) << loaded.console;
  EXPECT_EQ(registry.find("test-echo"), nullptr);
}

TEST(StepRegistry, RefusesSymbolicLinkIntoUnsafeDirectory) {
  TempDir temp;
  const fs::path unsafe = plugin_directory(temp / "unsafe", {"test-echo"});
  fs::permissions(unsafe, fs::perms(0777));
  const fs::path directory = plugin_directory(temp / "plugins", {});
  fs::create_symlink(unsafe / "libtest-echo.so", directory / "libtest-echo.so");
  StepRegistry registry;
  const Loaded loaded = load(registry, {directory.string()});
  ASSERT_EQ(loaded.refusals.size(), 1u) << loaded.console;
  EXPECT_EQ(registry.find("test-echo"), nullptr);
}

}  // namespace
}  // namespace kmsprep
