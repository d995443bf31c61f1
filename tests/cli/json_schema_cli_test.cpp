// Every --json document kmsprep writes has a JSON Schema in docs/schema/, and real output of
// each command, run on the samples and on an image captured with the real wimlib, validates
// against it (python3-jsonschema, tests/support/check_json_schema.py).
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "tests/plugin/plugin_test_support.hpp"
#include "tests/support/test_support.hpp"

namespace kmsprep {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using test::run_kmsprep;

fs::path schema_dir() { return test::source_dir() / "docs/schema"; }

// Runs kmsprep, expects one of `exit_codes`, and checks stdout against
// docs/schema/<schema>.schema.json.
void expect_valid(const std::string& schema, const std::vector<std::string>& args,
                  std::set<int> exit_codes = {0}) {
  SCOPED_TRACE(schema);
  const auto result = run_kmsprep(args);
  ASSERT_TRUE(exit_codes.count(result.exit_code)) << result.exit_code << result.out << result.err;
  test::TempDir dir;
  test::write_bytes(dir / "document.json", result.out);
  const auto checked = test::run_program(
      {"/usr/bin/python3", (test::source_dir() / "tests/support/check_json_schema.py").string(),
       (schema_dir() / (schema + ".schema.json")).string(), (dir / "document.json").string()});
  EXPECT_EQ(checked.exit_code, 0) << checked.out << checked.err << "\n" << result.out;
}

TEST(JsonSchema, EveryCommandWithJsonOutputHasASchema) {
  // From the command table and each command's option table, so a new command cannot ship a
  // --json document without a schema.
  const auto overview = run_kmsprep({"--help"});
  std::vector<std::string> names;
  for (const auto& line : test::lines_of(overview.out)) {
    std::smatch match;
    if (!std::regex_search(line, match, std::regex("^  ([a-z][a-z-]*) "))) continue;
    const json doc = json::parse(run_kmsprep({match[1], "--kmsprep-doc"}).out);
    if (!doc.contains("subcommands")) {
      names.push_back(match[1]);
      continue;
    }
    for (const auto& sub : doc["subcommands"])
      names.push_back(match[1].str() + " " + sub["name"].get<std::string>());
  }
  int with_json = 0;
  for (const auto& name : names) {
    std::vector<std::string> args;
    std::istringstream words(name);
    for (std::string word; words >> word;) args.push_back(word);
    args.push_back("--kmsprep-doc");
    const json doc = json::parse(run_kmsprep(args).out);
    bool writes_json = false;
    for (const auto& option : doc["options"]) {
      const auto& choices = option["choices"];
      writes_json |= option["name"] == "json" ||
                     std::find(choices.begin(), choices.end(), "json") != choices.end();
    }
    if (!writes_json) continue;
    ++with_json;
    std::string file = name;
    std::replace(file.begin(), file.end(), ' ', '-');
    EXPECT_TRUE(fs::exists(schema_dir() / (file + ".schema.json"))) << name;
  }
  EXPECT_GE(with_json, 15);
  EXPECT_TRUE(fs::exists(schema_dir() / "error.schema.json"));
}

TEST(JsonSchema, RealOutputOfEveryCommandValidates) {
  ASSERT_TRUE(test::program_exists("/usr/bin/python3"));
  const auto samples = test::source_dir() / "samples";
  test::TempDir work;
  const fs::path pc = work / "pc";
  fs::copy(samples / "reference-pc", pc, fs::copy_options::recursive);
  const std::string media = (samples / "media").string();

  expect_valid("gvlk", {"gvlk", "--json"});
  expect_valid("pid", {"pid", media, "--json"});
  expect_valid("simulate", {"simulate", (samples / "topology/branch-offices.xml").string(),
                            "--days", "30", "--format", "json"});
  expect_valid("steps", {"steps", "--json"});
  const auto events = test::source_dir() / "tests/data/events";
  expect_valid("report", {"report", (events / "kms01-wevtutil.xml").string(),
                          (events / "clients-application.xml").string(), "--json"});
  expect_valid("error", {"inspect", (work / "missing.wim").string(), "--json"}, {3});
  expect_valid("inspect", {"inspect", pc.string(), "--json"});
  expect_valid("unattend-locate", {"unattend", "locate", pc.string(), "--json"});
  expect_valid("unattend-show", {"unattend", "show", pc.string(), "--json"});
  expect_valid("unattend-check", {"unattend", "check", (samples / "answer/unattend.xml").string(),
                                  "--os", "win10", "--json"});
  expect_valid("install-key", {"install-key", pc.string(), "--media", media, "--json"});
  expect_valid("configure",
               {"configure", pc.string(), "--kms-host", "kms1.corp.example:1688", "--json"});
  expect_valid("generalize", {"generalize", pc.string(), "--json"});
  // A task sequence in the shape of samples/sequences/build-label.xml, built-in steps only.
  test::write_bytes(work / "ts.xml",
                    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<sequence>\n"
                    "  <step type=\"set-variable\" name=\"Default prefix\">\n"
                    "    <defaultVarList>\n"
                    "      <variable name=\"VariableName\" property=\"VariableName\">"
                    "BuildLabelPrefix</variable>\n"
                    "      <variable name=\"VariableValue\" property=\"VariableValue\">"
                    "contoso</variable>\n"
                    "    </defaultVarList>\n  </step>\n</sequence>\n");
  expect_valid("sequence", {"sequence", (work / "ts.xml").string(), "--json"});
  expect_valid("sequence", {"sequence", (work / "ts.xml").string(), "--dry-run", "--json"});
  expect_valid("step", {"step", "set-variable", "--var", "VariableName=BuildLabelPrefix", "--var",
                        "VariableValue=contoso", "--json"});
  const std::string wim = (work / "pc.wim").string();
  expect_valid("capture", {"capture", pc.string(), wim, "--name", "Contoso reference", "--json"});
  expect_valid("image-info", {"image", "info", wim, "--json"});
  // A second image: without --index, image info lists every image (the other shape).
  const auto appended = test::run_program({"wimlib-imagex", "append", pc.string(), wim, "Lab"});
  ASSERT_EQ(appended.exit_code, 0) << appended.err;
  expect_valid("image-info", {"image", "info", wim, "--json"});
  expect_valid("image-info", {"image", "info", wim, "--index", "2", "--json"});
  // No image at all (both deleted): the listing shape, with an empty list.
  const std::string empty = (work / "empty.wim").string();
  fs::copy_file(wim, empty);
  const auto deleted = test::run_program({"wimlib-imagex", "delete", empty, "all"});
  ASSERT_EQ(deleted.exit_code, 0) << deleted.err;
  expect_valid("image-info", {"image", "info", empty, "--json"});
  test::write_bytes(work / "SetupComplete.cmd", "@echo off\r\n");
  expect_valid("image-put",
               {"image", "put", wim, "Windows/Setup/Scripts/SetupComplete.cmd", "--from",
                (work / "SetupComplete.cmd").string(), "--index", "1", "--json"});
  // Passed or failed checks (exit 0 or 1): either way one document.
  expect_valid("validate", {"validate", wim, "--index", "1", "--format", "json"}, {0, 1});
  expect_valid("validate", {"validate", wim, "--index", "all", "--json"}, {0, 1});
}

TEST(JsonSchema, SchemasRejectWhatTheyMustReject) {
  // A schema that accepts anything proves nothing: a full product key and a renamed field fail.
  test::TempDir dir;
  test::write_bytes(
      dir / "gvlk.json",
      R"({"products":[{"product_id":"x","product":"x","family":"win10","type":"x",)"
      R"("edition_id":"x","partial_key":"VKK3X-68KWM-X2YGT-QR4M6-4BWMV"}],"warnings":[]})");
  test::write_bytes(dir / "error.json", R"({"error":{"code":301,"text":"renamed"}})");
  const auto script = (test::source_dir() / "tests/support/check_json_schema.py").string();
  EXPECT_EQ(
      test::run_program({"/usr/bin/python3", script, (schema_dir() / "gvlk.schema.json").string(),
                         (dir / "gvlk.json").string()})
          .exit_code,
      1);
  EXPECT_EQ(
      test::run_program({"/usr/bin/python3", script, (schema_dir() / "error.schema.json").string(),
                         (dir / "error.json").string()})
          .exit_code,
      1);
}

}  // namespace
}  // namespace kmsprep
