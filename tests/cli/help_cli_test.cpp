// kmsprep help CMD, usage errors that name the argument and the nearest option or command,
// enum values in any case, and the man pages and completion scripts the build writes from the
// same option tables (<build>/share, cli/generate_docs.cpp).
#include <gtest/gtest.h>

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <utility>

#include "tests/plugin/plugin_test_support.hpp"
#include "tests/support/test_support.hpp"

namespace kmsprep {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using test::run_kmsprep;
using test::run_program;

// Every command and subcommand name, read from `kmsprep --help` and each group's list.
std::vector<json> every_command_doc() {
  const auto overview = run_kmsprep({"--help"});
  std::vector<json> docs;
  const std::regex row("^  ([a-z][a-z-]*) ");
  for (const auto& line : test::lines_of(overview.out)) {
    std::smatch match;
    if (!std::regex_search(line, match, row)) continue;
    const auto answer = run_kmsprep({match[1], "--kmsprep-doc"});
    EXPECT_EQ(answer.exit_code, 0) << match[1] << answer.err;
    const json doc = json::parse(answer.out);
    if (!doc.contains("subcommands")) {
      docs.push_back(doc);
      continue;
    }
    for (const auto& sub : doc["subcommands"]) {
      const auto sub_answer = run_kmsprep({match[1], sub["name"], "--kmsprep-doc"});
      EXPECT_EQ(sub_answer.exit_code, 0) << sub_answer.err;
      docs.push_back(json::parse(sub_answer.out));
    }
  }
  return docs;
}

TEST(HelpCli, ShowsValueNamesAndExamples) {
  const auto help = run_kmsprep({"help", "validate"});
  ASSERT_EQ(help.exit_code, 0) << help.err;
  EXPECT_NE(help.out.find("--index N"), std::string::npos) << help.out;
  EXPECT_NE(help.out.find("--log FILE"), std::string::npos) << help.out;
  EXPECT_NE(help.out.find("--format text|json|junit"), std::string::npos) << help.out;
  EXPECT_EQ(help.out.find(" arg "), std::string::npos) << help.out;  // Boost's placeholder
  const size_t examples = help.out.find("\nExamples:\n");
  ASSERT_NE(examples, std::string::npos) << help.out;
  int shown = 0;
  for (const auto& line : test::lines_of(help.out.substr(examples))) {
    if (line.rfind("  kmsprep validate ", 0) == 0) ++shown;
  }
  EXPECT_GE(shown, 2);
  EXPECT_LE(shown, 3);
}

TEST(HelpCli, EveryCommandHasTwoOrThreeExamplesThatUseItsOwnOptions) {
  const auto docs = every_command_doc();
  ASSERT_GE(docs.size(), 18u);
  for (const auto& doc : docs) {
    const std::string name = doc["name"];
    std::set<std::string> options;
    for (const auto& option : doc["options"])
      options.insert("--" + option["name"].get<std::string>());
    ASSERT_GE(doc["examples"].size(), 2u) << name;
    ASSERT_LE(doc["examples"].size(), 3u) << name;
    for (const auto& example : doc["examples"]) {
      const std::string line = example["command"];
      EXPECT_TRUE(line == "kmsprep " + name || line.rfind("kmsprep " + name + " ", 0) == 0) << line;
      std::istringstream words(line);
      for (std::string word; words >> word;) {
        if (word.rfind("--", 0) == 0) {
          EXPECT_TRUE(options.count(word)) << name << ": " << word;
        }
      }
      EXPECT_FALSE(example["explanation"].get<std::string>().empty()) << line;
    }
  }
}

TEST(HelpCli, UnknownOptionNamesItAndSuggestsTheNearest) {
  const auto result = run_kmsprep({"configure", "build/pc", "--kms-hots", "kms1.corp.example"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("unknown option \"--kms-hots\"; did you mean --kms-host?"),
            std::string::npos)
      << result.err;
}

TEST(HelpCli, WindowsStyleArgumentBecomesTheOption) {
  const auto result = run_kmsprep({"validate", "install.wim", "/Index:2"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("unexpected argument \"/Index:2\"; did you mean --index 2?"),
            std::string::npos)
      << result.err;
  const auto stray = run_kmsprep({"inspect", "a.wim", "--index", "1", "b.wim"});
  EXPECT_EQ(stray.exit_code, 2);
  EXPECT_NE(stray.err.find("unexpected argument \"b.wim\""), std::string::npos) << stray.err;
}

TEST(HelpCli, UnknownCommandSuggestsTheNearest) {
  const auto command = run_kmsprep({"validat", "install.wim"});
  EXPECT_EQ(command.exit_code, 2);
  EXPECT_NE(command.err.find("unknown command \"validat\"; did you mean validate?"),
            std::string::npos)
      << command.err;
  const auto help = run_kmsprep({"help", "instal-key"});
  EXPECT_NE(help.err.find("did you mean install-key?"), std::string::npos) << help.err;
  const auto sub = run_kmsprep({"image", "inof", "x.wim"});
  EXPECT_EQ(sub.exit_code, 2);
  EXPECT_NE(sub.err.find("did you mean info?"), std::string::npos) << sub.err;
  const auto nothing_near = run_kmsprep({"frobnicate"});
  EXPECT_EQ(nothing_near.err.find("did you mean"), std::string::npos) << nothing_near.err;
}

TEST(HelpCli, EnumValuesMatchRegardlessOfCase) {
  const auto topology = (test::source_dir() / "samples/topology/branch-offices.xml").string();
  const auto result = run_kmsprep({"simulate", topology, "--days", "30", "--format", "JSON"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(json::parse(result.out).is_object());
}

TEST(ManPages, OnePerCommandAndNoGroffWarnings) {
  const fs::path man1 = test::build_dir() / "share/man1";
  ASSERT_TRUE(fs::exists(man1 / "kmsprep.1"));
  const auto overview = run_kmsprep({"--help"});
  for (const auto& line : test::lines_of(overview.out)) {
    std::smatch match;
    if (std::regex_search(line, match, std::regex("^  ([a-z][a-z-]*) "))) {
      EXPECT_TRUE(fs::exists(man1 / ("kmsprep-" + match[1].str() + ".1"))) << match[1];
    }
  }
  int pages = 0;
  for (const auto& entry : fs::directory_iterator(man1)) {
    ++pages;
    const auto groff = run_program({"groff", "-ww", "-z", "-man", entry.path().string()});
    EXPECT_EQ(groff.exit_code, 0) << entry.path();
    EXPECT_EQ(groff.err, "") << entry.path();
    // man(1) renders it and its own checks stay quiet.
    const auto man = run_program({"man", "--warnings", "-l", entry.path().string()}, {},
                                 {"MANPAGER=cat", "MANWIDTH=80"});
    EXPECT_EQ(man.exit_code, 0) << entry.path() << man.err;
    EXPECT_EQ(man.err, "") << entry.path();
  }
  EXPECT_GE(pages, 15);
  const std::string validate = test::read_bytes(man1 / "kmsprep-validate.1");
  for (const char* text : {"\\fB\\-\\-fail\\-on\\fR \\fIerror|warning\\fR", ".SH EXAMPLES",
                           "\\fB\\-\\-log\\fR \\fIFILE\\fR"}) {
    EXPECT_NE(validate.find(text), std::string::npos) << text;
  }
}

// Runs the generated bash completion for the words of a command line (the last one is the
// word being completed) and returns what it offers.
std::string bash_complete(const std::vector<std::string>& words,
                          const std::vector<std::string>& environment = {}) {
  std::string array;
  for (const auto& word : words) array += " '" + word + "'";
  const std::string script =
      "source '" + (test::build_dir() / "share/bash-completion/kmsprep").string() + "'\n" +
      "COMP_WORDS=(" + array + ")\nCOMP_CWORD=" + std::to_string(words.size() - 1) +
      "\n_kmsprep\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n";
  const auto result = run_program({"bash", "-c", script}, {}, environment);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return result.out;
}

TEST(Completion, BashCompletesCommandsOptionsAndValues) {
  EXPECT_EQ(bash_complete({"kmsprep", "val"}), "validate\n");
  EXPECT_EQ(bash_complete({"kmsprep", "image", "in"}), "info\n");
  EXPECT_EQ(bash_complete({"kmsprep", "validate", "x.wim", "--format", ""}), "text\njson\njunit\n");
  EXPECT_EQ(bash_complete({"kmsprep", "validate", "x.wim", "--fail-o"}), "--fail-on\n");
  EXPECT_EQ(bash_complete({"kmsprep", "help", "install-"}), "install-key\n");
}

TEST(Completion, BashCompletesTheIndexesOfTheWimOnTheLine) {
  test::TempDir dir;
  fs::create_directories(dir / "tree/Windows");
  test::write_bytes(dir / "tree/Windows/win.ini", "; for 16-bit app support\r\n");
  const std::string wim = (dir / "install.wim").string();
  for (const auto& [verb, name] :
       {std::pair<const char*, const char*>{"capture", "Enterprise"}, {"append", "Professional"}}) {
    const auto made = run_program({"wimlib-imagex", verb, (dir / "tree").string(), wim, name});
    ASSERT_EQ(made.exit_code, 0) << made.err;
  }
  const std::string bin_dir = fs::path(KMSPREP_BINARY).parent_path().string();
  const std::string path = "PATH=" + bin_dir + ":" + std::getenv("PATH");
  EXPECT_EQ(bash_complete({"kmsprep", "validate", wim, "--index", ""}, {path}), "1\n2\nall\n");
}

TEST(Completion, ZshScriptParses) {
  ASSERT_TRUE(test::program_exists("zsh")) << "run scripts/install-deps (zsh)";
  const auto result =
      run_program({"zsh", "-n", (test::build_dir() / "share/zsh/_kmsprep").string()});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  const std::string script = test::read_bytes(test::build_dir() / "share/zsh/_kmsprep");
  EXPECT_EQ(script.rfind("#compdef kmsprep\n", 0), 0u);
  EXPECT_NE(script.find("'validate:"), std::string::npos);
  EXPECT_NE(script.find("(text json junit)"), std::string::npos);
}

}  // namespace
}  // namespace kmsprep
