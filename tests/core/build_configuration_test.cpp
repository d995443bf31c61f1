// The test build runs with assert() live (issue 18): Result<T>'s asserts are what stop a test
// that reads the value of a failed result, and the modules' own asserts check only when they
// run. A Release test build (NDEBUG) fails here instead of passing with every assert gone.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "core/result.hpp"
#include "tests/support/test_support.hpp"

namespace kmsprep {
namespace {

namespace fs = std::filesystem;

TEST(BuildConfiguration, TestsAreCompiledWithAssertionsOn) {
#ifdef NDEBUG
  FAIL() << "the tests are compiled with NDEBUG, so assert() never runs; configure the test "
            "build with -DCMAKE_BUILD_TYPE=Debug (scripts/test does)";
#else
  SUCCEED();
#endif
}

TEST(BuildConfigurationDeathTest, ReadingTheValueOfAFailedResultStopsAtItsAssertion) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  const Result<int> failed(Error::usage("there is no value"));
  // Without assertions std::get would throw bad_variant_access instead: a different message.
  // glibc says "Assertion `ok()' failed", the Windows C runtime "Assertion failed: ok()".
  EXPECT_DEATH((void)failed.value(), "Assertion.*ok\\(\\)");
}

// What the modules are compiled with: the per-target flags CMake's generators write
// (flags.make for Makefiles, build.ninja for Ninja) name no -DNDEBUG for any target.
TEST(BuildConfiguration, NoTargetOfTheBuildIsCompiledWithNdebug) {
  const fs::path build = test::build_dir();
  size_t flag_files = 0;
  for (auto it = fs::recursive_directory_iterator(build); it != fs::recursive_directory_iterator();
       ++it) {
    const std::string name = it->path().filename().string();
    if (it->is_directory() && (name == "coverage" || name == "_deps")) {
      it.disable_recursion_pending();
      continue;
    }
    if (name != "flags.make" && name != "build.ninja") continue;
    ++flag_files;
    const std::string flags = test::read_bytes(it->path());
    EXPECT_EQ(flags.find("-DNDEBUG"), std::string::npos) << it->path() << " defines NDEBUG";
  }
  if (flag_files == 0) GTEST_SKIP() << "no flags.make or build.ninja under " << build;
  // The smallest build, the Windows one (three modules, their suites and the test support),
  // has seven.
  EXPECT_GE(flag_files, 7u) << "every module and suite has its flags.make";
}

}  // namespace
}  // namespace kmsprep
