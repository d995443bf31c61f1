#include "core/unified_diff.hpp"

#include <gtest/gtest.h>

#include <string>

#include "tests/support/test_support.hpp"

namespace kmsprep {
namespace {

// "1\n2\n...\nN\n", with the lines named in `changed` replaced by "<n>-new".
std::string numbered_lines(int count, std::initializer_list<int> changed = {}) {
  std::string text;
  for (int n = 1; n <= count; ++n) {
    bool is_changed = false;
    for (int c : changed) is_changed |= c == n;
    text += std::to_string(n) + (is_changed ? "-new" : "") + "\n";
  }
  return text;
}

TEST(UnifiedDiff, ShowsOneChangeWithThreeLinesOfContext) {
  EXPECT_EQ(
      unified_diff("Windows/Panther/unattend.xml", numbered_lines(10), numbered_lines(10, {5})),
      "--- a/Windows/Panther/unattend.xml\n+++ b/Windows/Panther/unattend.xml\n"
      "@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+5-new\n 6\n 7\n 8\n");
}

TEST(UnifiedDiff, JoinsChangesWithinSixLinesAndSplitsFartherOnes) {
  // Lines 5 and 10: four unchanged lines between, one hunk from line 2 to 13.
  const std::string joined = unified_diff("f", numbered_lines(20), numbered_lines(20, {5, 10}));
  EXPECT_EQ(joined.substr(joined.find("@@")),
            "@@ -2,12 +2,12 @@\n 2\n 3\n 4\n-5\n+5-new\n 6\n 7\n 8\n 9\n-10\n+10-new\n 11\n 12\n"
            " 13\n");
  // Lines 2 and 18: two hunks.
  const std::string split = unified_diff("f", numbered_lines(20), numbered_lines(20, {2, 18}));
  EXPECT_EQ(split.substr(split.find("@@")),
            "@@ -1,5 +1,5 @@\n 1\n-2\n+2-new\n 3\n 4\n 5\n"
            "@@ -15,6 +15,6 @@\n 15\n 16\n 17\n-18\n+18-new\n 19\n 20\n");
}

TEST(UnifiedDiff, ShowsANewFileAgainstDevNull) {
  EXPECT_EQ(unified_diff("Windows/Setup/Scripts/SetupComplete.cmd", "",
                         "@echo off\r\ncscript //B slmgr.vbs /ato\r\n"),
            "--- /dev/null\n+++ b/Windows/Setup/Scripts/SetupComplete.cmd\n"
            "@@ -0,0 +1,2 @@\n+@echo off\n+cscript //B slmgr.vbs /ato\n");
}

TEST(UnifiedDiff, ComparesCrlfAndLfLinesAsEqual) {
  EXPECT_EQ(unified_diff("u.xml", "<a>\r\n<b/>\r\n</a>\r\n", "<a>\n<b/>\n</a>\n"),
            "--- a/u.xml\n+++ b/u.xml\n");
}

TEST(UnifiedDiff, MasksProductKeysInChangedAndContextLines) {
  const std::string diff = unified_diff("u.xml", "<K>NPPR9-FWDCX-D2C8J-H872K-2YT43</K>\n<A>1</A>\n",
                                        "<K>NPPR9-FWDCX-D2C8J-H872K-2YT43</K>\n<A>2</A>\n"
                                        "<K>W269N-WFGWX-YVC9B-4J6C9-T83GX</K>\n");
  EXPECT_EQ(diff.find("NPPR9"), std::string::npos) << diff;
  EXPECT_EQ(diff.find("W269N"), std::string::npos) << diff;
  EXPECT_NE(diff.find(" <K>*****-*****-*****-*****-2YT43</K>\n-<A>1</A>\n+<A>2</A>\n"
                      "+<K>*****-*****-*****-*****-T83GX</K>\n"),
            std::string::npos)
      << diff;
}

// GNU diff -u, run on the same files, prints the same hunks (its header lines carry dates, so
// only the hunks are compared).
TEST(UnifiedDiff, AgreesWithGnuDiffOnTheHunks) {
  if (!test::program_exists("diff")) GTEST_SKIP() << "diff (diffutils) is not installed";
  test::TempDir dir;
  const std::pair<std::string, std::string> cases[] = {
      {numbered_lines(10), numbered_lines(10, {5})},
      {numbered_lines(20), numbered_lines(20, {5, 10})},
      {numbered_lines(20), numbered_lines(20, {2, 18})},
      {numbered_lines(30), numbered_lines(30, {1, 15, 30})},
  };
  for (const auto& [before, after] : cases) {
    test::write_bytes(dir / "a", before);
    test::write_bytes(dir / "b", after);
    const test::ProgramResult gnu =
        test::run_program({"diff", "-u", (dir / "a").string(), (dir / "b").string()});
    ASSERT_EQ(gnu.exit_code, 1) << gnu.err;
    const std::string ours = unified_diff("f", before, after);
    EXPECT_EQ(ours.substr(ours.find("@@")), gnu.out.substr(gnu.out.find("@@")));
  }
}

}  // namespace
}  // namespace kmsprep
