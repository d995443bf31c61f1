#include "plugin/step_registry.hpp"

#include <gtest/gtest.h>

#include "tests/plugin/plugin_test_support.hpp"

namespace kmsprep {
namespace {

namespace fs = std::filesystem;
using test::load;
using test::Loaded;
using test::plugin_directory;
using test::TempDir;

TEST(StepRegistry, HasTheBuiltInStepsFirst) {
  StepRegistry registry;
  ASSERT_FALSE(registry.steps().empty());
  EXPECT_EQ(registry.steps().front().origin, "built-in");
  ASSERT_NE(registry.find("SET-VARIABLE"), nullptr);
}

TEST(StepRegistry, LoadsTheSamplePlugin) {
  TempDir temp;
  const fs::path directory = plugin_directory(temp / "plugins", {"kmsprep-sample-step"});
  StepRegistry registry;
  const Loaded loaded = load(registry, {directory.string()});
  EXPECT_TRUE(loaded.refusals.empty()) << loaded.console;
  const StepEntry* step = registry.find("stamp-build-label");
  ASSERT_NE(step, nullptr);
  EXPECT_EQ(step->origin, (directory / "libkmsprep-sample-step.so").string());
}

TEST(StepRegistry, RefusesTooSmallStructSizeAndOtherAbiVersionButLoadsTheRest) {
  TempDir temp;
  const fs::path directory = plugin_directory(
      temp / "plugins", {"test-bad-struct-size", "test-bad-abi-version", "test-echo"});
  StepRegistry registry;
  const Loaded loaded = load(registry, {directory.string()});
  ASSERT_EQ(loaded.refusals.size(), 2u) << loaded.console;
  for (const auto& refusal : loaded.refusals) {
    EXPECT_EQ(refusal.code(), ErrorCode::plugin_abi_mismatch) << refusal.to_string();
  }
  EXPECT_NE(loaded.console.find("struct_size is 8"), std::string::npos) << loaded.console;
  EXPECT_NE(loaded.console.find("ABI version is 999"), std::string::npos) << loaded.console;
  EXPECT_EQ(registry.find("test-bad-struct-size"), nullptr);
  EXPECT_EQ(registry.find("test-bad-abi-version"), nullptr);
  EXPECT_NE(registry.find("test-echo"), nullptr);
}

TEST(StepRegistry, RefusesASecondStepOfTheSameName) {
  TempDir temp;
  const fs::path first = plugin_directory(temp / "first", {"test-echo"});
  const fs::path second = plugin_directory(temp / "second", {"test-echo"});
  StepRegistry registry;
  const Loaded loaded = load(registry, {first.string(), second.string()});
  ASSERT_EQ(loaded.refusals.size(), 1u);
  EXPECT_EQ(registry.find("test-echo")->origin, (first / "libtest-echo.so").string());
}

TEST(StepRegistry, ReportsAMissingDirectory) {
  TempDir temp;
  StepRegistry registry;
  const Loaded loaded = load(registry, {(temp / "absent").string()});
  EXPECT_EQ(loaded.refusals.size(), 1u);
}

TEST(StepRegistry, SplitsThePluginPathAfterTheCommandLineDirectories) {
  const std::string separator(1, plugin_path_separator());
  const std::string path = "/b" + separator + separator + "/c" + separator;
  EXPECT_EQ(plugin_directories({"/a"}, path.c_str()), (std::vector<std::string>{"/a", "/b", "/c"}));
  EXPECT_EQ(plugin_directories({}, nullptr), std::vector<std::string>{});
  EXPECT_EQ(plugin_directories({}, ""), std::vector<std::string>{});
}

}  // namespace
}  // namespace kmsprep
