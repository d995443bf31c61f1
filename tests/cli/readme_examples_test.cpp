// The README's command examples are a contract: every `sh` block of its Commands section runs as
// shown, in order, from a tree laid out as scripts/demo leaves it (build/release/bin/kmsprep,
// build/release/plugins, build/demo/reference.wim, the samples), and each command exits 0.
#include <gtest/gtest.h>

#include <regex>

#include "tests/plugin/plugin_test_support.hpp"
#include "tests/support/test_support.hpp"

namespace kmsprep {
namespace {

namespace fs = std::filesystem;

// Every command line of the sh blocks of the README's "## Commands" section, with `\`
// continuations joined and trailing comments dropped.
std::vector<std::string> readme_commands() {
  const std::string readme = test::read_bytes(test::source_dir() / "README.md");
  const size_t start = readme.find("\n## Commands\n");
  const size_t end = readme.find("\n## ", start + 1);
  const std::string section = readme.substr(start, end - start);
  const std::regex block("```sh\\n([\\s\\S]*?)```");
  std::vector<std::string> commands;
  for (auto it = std::sregex_iterator(section.begin(), section.end(), block);
       it != std::sregex_iterator(); ++it) {
    std::string text = (*it)[1];
    text = std::regex_replace(text, std::regex("\\\\\\n"), " ");
    for (auto line : test::lines_of(text)) {
      line = std::regex_replace(line, std::regex("\\s+#.*$"), "");  // a trailing comment
      if (line.find_first_not_of(' ') != std::string::npos) commands.push_back(line);
    }
  }
  return commands;
}

std::string shell_quote(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

TEST(ReadmeExamples, EveryDocumentedCommandRunsAsShown) {
  const auto commands = readme_commands();
  ASSERT_GT(commands.size(), 20u);

  // The tree scripts/demo leaves behind.
  test::TempDir work;
  fs::create_symlink(test::source_dir() / "samples", work / "samples");
  fs::create_directories(work / "build" / "release" / "bin");
  fs::create_symlink(KMSPREP_BINARY, work / "build" / "release" / "bin" / "kmsprep");
  test::plugin_directory(work / "build" / "release" / "plugins", {"kmsprep-sample-step"});
  fs::create_directories(work / "build" / "demo");
  fs::copy(test::source_dir() / "samples" / "reference-pc", work / "build" / "demo" / "pc",
           fs::copy_options::recursive);
  const std::string demo_sequence =
      "cd " + shell_quote(work.path().string()) +
      " && build/release/bin/kmsprep sequence samples/sequences/capture.xml"
      " --plugin-dir build/release/plugins --var ImagePath=build/demo/pc"
      " --var MediaPath=samples/media --var CaptureDestination=build/demo/reference.wim";
  const auto demo = test::run_program({"sh", "-c", demo_sequence});
  ASSERT_EQ(demo.exit_code, 0) << demo.out << demo.err;

  std::string script = "cd " + shell_quote(work.path().string()) + "\n";
  for (const auto& command : commands) {
    script += command + " >/dev/null 2>&1 || { echo " + shell_quote(command) + "; exit 1; }\n";
  }
  const auto result = test::run_program({"sh", "-c", script});
  EXPECT_EQ(result.exit_code, 0) << "this README command failed: " << result.out << result.err;
}

}  // namespace
}  // namespace kmsprep
