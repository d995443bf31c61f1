#include "plugin/plugin_file.hpp"

#include <gtest/gtest.h>

#include <string>

#include "plugin/step_registry.hpp"
#include "tests/support/test_support.hpp"

namespace kmsprep {
namespace {

bool on_windows() { return plugin_path_separator() == ';'; }

TEST(PluginFile, LibrariesAreTheFilesWithThePlatformsExtension) {
  const std::string extension = plugin_library_extension();
  EXPECT_EQ(extension, on_windows() ? ".dll" : ".so");
  EXPECT_TRUE(is_plugin_library_name("libtest-echo" + extension));
  EXPECT_FALSE(is_plugin_library_name("libtest-echo" + extension + ".1"));
  EXPECT_FALSE(is_plugin_library_name("libtest-echo.txt"));
  EXPECT_FALSE(is_plugin_library_name("libtest-echo"));
}

TEST(PluginFile, WindowsLibraryNamesIgnoreLetterCaseLinuxOnesDoNot) {
  EXPECT_EQ(is_plugin_library_name("LibTest-Echo.DLL"), on_windows());
  EXPECT_FALSE(is_plugin_library_name("libtest-echo.SO"));
}

TEST(PluginFile, ThePluginPathKeepsWindowsDriveLetters) {
  if (!on_windows()) GTEST_SKIP() << "':' separates the plugin path on Linux";
  EXPECT_EQ(plugin_directories({}, "C:\\plugins;;D:\\more;"),
            (std::vector<std::string>{"C:\\plugins", "D:\\more"}));
}

TEST(PluginFile, AcceptsADirectoryOnlyTheUserCanChange) {
  test::TempDir temp;
  const Status checked = check_plugin_location(temp.path().u8string(), "directory");
  EXPECT_TRUE(checked) << checked.error().to_string();
}

TEST(PluginFile, AMissingDirectoryCannotBeExamined) {
  test::TempDir temp;
  const Status checked = check_plugin_location((temp / "absent").u8string(), "directory");
  ASSERT_FALSE(checked);
  EXPECT_NE(checked.error().detail().find("cannot examine the plugin directory"), std::string::npos)
      << checked.error().to_string();
}

}  // namespace
}  // namespace kmsprep
