// End-to-end runs on a WIM with two images, as install.wim on Windows media holds several
// editions: every command that works on one image refuses it without --index (exit 2, E103,
// listing each index with its NAME and EditionID), works with --index N, and validate checks
// every image with --index all. Also: --json on every command that prints results.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/cli/validate_report_json.hpp"
#include "tests/image/wim_test_fixtures.hpp"
#include "tests/support/test_support.hpp"

namespace kmsprep {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using test::check_of;
using test::failed_errors;
using test::ProgramResult;
using test::read_bytes;
using test::run_kmsprep;
using test::run_program;
using test::TempDir;
using test::write_bytes;

constexpr const char* kEnterpriseGvlk = "NPPR9-FWDCX-D2C8J-H872K-2YT43";  // Windows 10 Enterprise
constexpr const char* kEducationGvlk = "NW6C2-QMPVW-D7KKK-3GKT6-VCFB2";   // Windows 10 Education

constexpr const char* kEnterpriseListing =
    "index 1 \"Windows 10 Enterprise\" (EditionID Enterprise)";
constexpr const char* kEducationListing = "index 2 \"Windows 10 Education\" (EditionID Education)";

void kmsprep_ok(const std::vector<std::string>& args) {
  const ProgramResult result = run_kmsprep(args);
  ASSERT_EQ(result.exit_code, 0) << args[0] << ": " << result.out << result.err;
}

// The sample reference PC's files as a Windows 10 tree: the sample's SOFTWARE hive records a
// Vista installation, and real facts win over the Windows 10 metadata these tests capture with.
void copy_sample_as_windows10(const fs::path& tree) {
  fs::copy(test::source_dir() / "samples/reference-pc", tree, fs::copy_options::recursive);
  fs::remove(tree / "Windows/System32/config/SOFTWARE");
}

// The sample reference PC with `key` installed and a KMS host set; generalized when asked.
fs::path reference_tree(const fs::path& root, const std::string& name, const std::string& key,
                        bool generalized) {
  const fs::path tree = root / name;
  copy_sample_as_windows10(tree);
  kmsprep_ok({"install-key", tree.string(), "--key", key, "--os", "win10"});
  kmsprep_ok({"configure", tree.string(), "--kms-host", "kms1.corp.example"});
  if (generalized) kmsprep_ok({"generalize", tree.string()});
  return tree;
}

// Adds `tree` to `wim` as image NAME with the metadata Windows 10 22H2 x64 records.
void capture_edition(const fs::path& tree, const fs::path& wim, const std::string& name,
                     const std::string& edition) {
  const bool append = fs::exists(wim);
  const ProgramResult captured = run_program(
      {"wimlib-imagex", append ? "append" : "capture", tree.string(), wim.string(), name});
  ASSERT_EQ(captured.exit_code, 0) << captured.err;
  const ProgramResult info = run_program(
      {"wimlib-imagex", "info", wim.string(), name, "--image-property",
       "WINDOWS/EDITIONID=" + edition, "--image-property", "FLAGS=" + edition, "--image-property",
       "WINDOWS/VERSION/MAJOR=10", "--image-property", "WINDOWS/VERSION/MINOR=0",
       "--image-property", "WINDOWS/VERSION/BUILD=19045", "--image-property", "WINDOWS/ARCH=9"});
  ASSERT_EQ(info.exit_code, 0) << info.err;
}

// Built once: index 1 "Windows 10 Enterprise" is generalized and passes validation; index 2
// "Windows 10 Education" is not generalized, so validation fails on it alone.
class MultiImageCli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    scratch_ = new TempDir;
    const fs::path wim = *scratch_ / "install.wim";
    capture_edition(reference_tree(scratch_->path(), "enterprise", kEnterpriseGvlk, true), wim,
                    "Windows 10 Enterprise", "Enterprise");
    capture_edition(reference_tree(scratch_->path(), "education", kEducationGvlk, false), wim,
                    "Windows 10 Education", "Education");
    write_bytes(*scratch_ / "note.txt", "a note\n");
  }
  static void TearDownTestSuite() {
    delete scratch_;
    scratch_ = nullptr;
  }

  // A private copy of the two-image WIM, so a test that writes leaves the others alone.
  fs::path fresh_wim(const TempDir& dir) const {
    const fs::path copy = dir / "install.wim";
    fs::copy_file(*scratch_ / "install.wim", copy);
    return copy;
  }
  static std::string note() { return (*scratch_ / "note.txt").string(); }

  static TempDir* scratch_;
};

TempDir* MultiImageCli::scratch_ = nullptr;

json parse_one_document(const ProgramResult& result, const std::string& what) {
  json document = json::parse(result.out, nullptr, false);
  EXPECT_FALSE(document.is_discarded()) << what << " printed no single JSON document:\n"
                                        << result.out << result.err;
  return document;
}

struct Refusal {
  std::vector<std::string> args;  // after IMAGE's position is filled in
  bool takes_all;
};

std::vector<Refusal> one_image_commands(const std::string& wim, const std::string& note) {
  return {
      {{"inspect", wim}, false},
      {{"validate", wim}, true},
      {{"configure", wim, "--kms-host", "kms2.corp.example"}, true},
      {{"install-key", wim, "--key", "auto"}, true},
      {{"generalize", wim}, true},
      {{"unattend", "locate", wim}, false},
      {{"unattend", "show", wim}, false},
      {{"unattend", "check", wim}, false},
      {{"image", "cat", wim, "Windows/Panther/unattend.xml"}, false},
      {{"image", "put", wim, "Windows/note.txt", "--from", note}, false},
  };
}

TEST_F(MultiImageCli, EveryOneImageCommandRefusesWithoutIndexListingTheImages) {
  TempDir dir;
  const fs::path wim = fresh_wim(dir);
  const std::string before = read_bytes(wim);
  for (const auto& command : one_image_commands(wim.string(), note())) {
    const std::string name = command.args[0] + " " + command.args[1];
    const ProgramResult result = run_kmsprep(command.args);
    EXPECT_EQ(result.exit_code, 2) << name << ": " << result.out << result.err;
    EXPECT_NE(result.err.find("E103 the WIM holds several images and no index was given: " +
                              std::string(kEnterpriseListing) + "; " + kEducationListing),
              std::string::npos)
        << name << ": " << result.err;
    EXPECT_NE(result.err.find("give --index N for one of them"), std::string::npos)
        << name << ": " << result.err;
    EXPECT_EQ(result.err.find("--index all") != std::string::npos, command.takes_all)
        << name << ": " << result.err;
  }
  EXPECT_EQ(read_bytes(wim), before) << "a refusal wrote to the WIM";
}

TEST_F(MultiImageCli, RefusalIsAJsonErrorDocumentWithJson) {
  TempDir dir;
  const fs::path wim = fresh_wim(dir);
  for (auto command : one_image_commands(wim.string(), note())) {
    if (command.args[0] == "image" && command.args[1] == "cat") continue;  // prints raw bytes
    command.args.push_back("--json");
    const ProgramResult result = run_kmsprep(command.args);
    const std::string name = command.args[0] + " " + command.args[1];
    EXPECT_EQ(result.exit_code, 2) << name << ": " << result.out << result.err;
    const json document = parse_one_document(result, name);
    EXPECT_EQ(document["error"]["code"], 103) << name;
    EXPECT_NE(document["error"]["message"].get<std::string>().find(kEducationListing),
              std::string::npos)
        << name;
    EXPECT_EQ(document["error"]["location"], wim.string()) << name;
  }
}

TEST_F(MultiImageCli, IndexTwoWorksOnTheSecondImage) {
  TempDir dir;
  const fs::path wim = fresh_wim(dir);
  const std::string w = wim.string();

  const ProgramResult inspected = run_kmsprep({"inspect", w, "--index", "2", "--json"});
  ASSERT_EQ(inspected.exit_code, 0) << inspected.err;
  const json view = parse_one_document(inspected, "inspect");
  EXPECT_EQ(view["index"], 2);
  EXPECT_EQ(view["partial_key"], "VCFB2");  // index 2 holds the Education key

  const ProgramResult shown = run_kmsprep({"unattend", "show", w, "--index", "2", "--json"});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_EQ(parse_one_document(shown, "unattend show")["kms_host"], "kms1.corp.example:1688");
  EXPECT_EQ(run_kmsprep({"unattend", "locate", w, "--index", "2"}).exit_code, 0);
  EXPECT_EQ(run_kmsprep({"unattend", "check", w, "--index", "2"}).exit_code, 0);

  kmsprep_ok({"configure", w, "--index", "2", "--kms-host", "kms2.corp.example"});
  const ProgramResult second =
      run_kmsprep({"image", "cat", w, "Windows/Panther/unattend.xml", "--index", "2"});
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_NE(second.out.find("/skms kms2.corp.example:1688"), std::string::npos) << second.out;
  const ProgramResult first =
      run_kmsprep({"image", "cat", w, "Windows/Panther/unattend.xml", "--index", "1"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(first.out.find("kms2.corp.example"), std::string::npos) << "index 1 was changed";

  kmsprep_ok({"image", "put", w, "Windows/note.txt", "--from", note(), "--index", "2"});
  const ProgramResult put = run_kmsprep({"image", "cat", w, "Windows/note.txt", "--index", "2"});
  EXPECT_EQ(put.out, "a note\n");
  EXPECT_EQ(run_kmsprep({"image", "cat", w, "Windows/note.txt", "--index", "1"}).exit_code, 3);

  kmsprep_ok({"generalize", w, "--index", "2"});
  const json generalized = parse_one_document(run_kmsprep({"inspect", w, "--index", "2", "--json"}),
                                              "inspect after generalize");
  EXPECT_EQ(generalized["generalized"], true) << generalized.dump(2);
}

TEST_F(MultiImageCli, ValidateIndexAllFailsWhenOnlyTheSecondImageFails) {
  const std::string w = (*scratch_ / "install.wim").string();
  // Index 1 alone passes: before E103, `validate` without --index reported exactly this.
  const ProgramResult first = run_kmsprep({"validate", w, "--index", "1", "--json"});
  EXPECT_EQ(first.exit_code, 0) << first.out << first.err;
  EXPECT_EQ(failed_errors(parse_one_document(first, "validate --index 1")), 0) << first.out;

  for (const std::vector<std::string>& every :
       {std::vector<std::string>{"--index", "all"}, std::vector<std::string>{"--all-indexes"}}) {
    std::vector<std::string> args = {"validate", w, "--format", "json"};
    args.insert(args.end(), every.begin(), every.end());
    const ProgramResult result = run_kmsprep(args);
    EXPECT_EQ(result.exit_code, 1) << every[0] << ": " << result.out << result.err;
    const json reports = parse_one_document(result, "validate " + every[0]);
    ASSERT_TRUE(reports.is_array()) << result.out;
    ASSERT_EQ(reports.size(), 2u);
    EXPECT_EQ(reports[0]["index"], 1);
    EXPECT_EQ(failed_errors(reports[0]), 0) << reports[0].dump(2);
    EXPECT_EQ(reports[1]["index"], 2);
    EXPECT_EQ(check_of(reports[1], "generalization-state")["status"], "fail");

    std::vector<std::string> text_args = {"validate", w};
    text_args.insert(text_args.end(), every.begin(), every.end());
    const ProgramResult text = run_kmsprep(text_args);
    EXPECT_EQ(text.exit_code, 1) << text.out << text.err;
    EXPECT_NE(text.out.find(w + " index 1"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find(w + " index 2"), std::string::npos) << text.out;
  }
  EXPECT_EQ(run_kmsprep({"validate", w, "--index", "all", "--all-indexes"}).exit_code, 1);
  EXPECT_EQ(run_kmsprep({"validate", w, "--index", "2", "--all-indexes"}).exit_code, 2);
}

TEST_F(MultiImageCli, ImageInfoWithoutIndexListsEveryImage) {
  const std::string w = (*scratch_ / "install.wim").string();
  const ProgramResult text = run_kmsprep({"image", "info", w});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("Images:      2"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("NAME:        Windows 10 Enterprise"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("NAME:        Windows 10 Education"), std::string::npos) << text.out;
  EXPECT_LT(text.out.find("Index:       1"), text.out.find("Index:       2")) << text.out;

  const json listing = parse_one_document(run_kmsprep({"image", "info", w, "--json"}), "info");
  EXPECT_EQ(listing["image_count"], 2);
  EXPECT_TRUE(listing["index"].is_null());
  ASSERT_EQ(listing["images"].size(), 2u);
  EXPECT_EQ(listing["images"][1]["index"], 2);
  EXPECT_EQ(listing["images"][1]["properties"]["NAME"], "Windows 10 Education");
  EXPECT_EQ(listing["images"][1]["properties"]["WINDOWS/EDITIONID"], "Education");
  EXPECT_EQ(listing["images"][0]["properties"]["WINDOWS/EDITIONID"], "Enterprise");

  const json one = parse_one_document(run_kmsprep({"image", "info", w, "--index", "2", "--json"}),
                                      "info --index 2");
  EXPECT_EQ(one["index"], 2);
  EXPECT_EQ(one["properties"]["NAME"], "Windows 10 Education");
}

TEST(MultiImageSources, OneImageWimDirectoryAndArchiveNeedNoIndex) {
  TempDir dir;
  const fs::path tree = dir / "pc";
  copy_sample_as_windows10(tree);
  kmsprep_ok({"install-key", tree.string(), "--key", kEnterpriseGvlk, "--os", "win10"});
  const fs::path wim = dir / "one.wim";
  capture_edition(tree, wim, "Windows 10 Enterprise", "Enterprise");
  const fs::path tar = dir / "pc.tar";
  const ProgramResult archived =
      run_program({"bsdtar", "-cf", tar.string(), "-C", tree.string(), "."});
  ASSERT_EQ(archived.exit_code, 0) << archived.err;
  for (const fs::path& image : {tree, wim, tar}) {
    const ProgramResult inspected = run_kmsprep({"inspect", image.string(), "--json"});
    EXPECT_EQ(inspected.exit_code, 0) << image << ": " << inspected.err;
    EXPECT_EQ(parse_one_document(inspected, "inspect")["partial_key"], "2YT43") << image;
    EXPECT_EQ(run_kmsprep({"unattend", "show", image.string()}).exit_code, 0) << image;
    EXPECT_EQ(run_kmsprep({"validate", image.string()}).exit_code, 1) << image;  // not generalized
  }
  EXPECT_EQ(run_kmsprep({"configure", wim.string(), "--kms-host", "kms1.corp.example"}).exit_code,
            0);
  EXPECT_EQ(run_kmsprep({"image", "info", wim.string(), "--json"}).exit_code, 0);
}

TEST_F(MultiImageCli, StepWithoutImageIndexFailsWithTheListing) {
  TempDir dir;
  const fs::path wim = fresh_wim(dir);
  const std::string before = read_bytes(wim);
  for (const char* step : {"validate", "generalize", "configure-kms", "install-key"}) {
    const ProgramResult result =
        run_kmsprep({"step", step, "--var", "ImagePath=" + wim.string(), "--var",
                     "KMSHost=kms2.corp.example", "--var", "ProductKey=auto", "--json"});
    EXPECT_EQ(result.exit_code, 1) << step << ": " << result.out << result.err;
    EXPECT_EQ(parse_one_document(result, step)["result"], 103) << step;
    EXPECT_NE(result.err.find(kEducationListing), std::string::npos) << step << ": " << result.err;
    EXPECT_NE(result.err.find("set ImageIndex to one of them"), std::string::npos)
        << step << ": " << result.err;
  }
  EXPECT_EQ(read_bytes(wim), before) << "a refused step wrote to the WIM";

  const ProgramResult first = run_kmsprep(
      {"step", "validate", "--var", "ImagePath=" + wim.string(), "--var", "ImageIndex=1"});
  EXPECT_EQ(first.exit_code, 0) << first.out << first.err;
  const ProgramResult second =
      run_kmsprep({"step", "validate", "--var", "ImagePath=" + wim.string(), "--var",
                   "ImageIndex=2", "--json"});
  EXPECT_EQ(second.exit_code, 1) << second.out << second.err;
  EXPECT_EQ(parse_one_document(second, "step validate")["result"], 702);  // checks_failed
}

// --json on every command that prints results: exactly one JSON document on stdout.
TEST_F(MultiImageCli, JsonOnEveryCommandThatPrintsResults) {
  TempDir dir;
  const fs::path wim = fresh_wim(dir);
  const std::string w = wim.string();
  const std::string media = (test::source_dir() / "samples/media").string();
  const std::string topology =
      (test::source_dir() / "samples/topology/branch-offices.xml").string();
  const fs::path tree = dir / "pc";
  copy_sample_as_windows10(tree);
  const std::vector<std::pair<std::vector<std::string>, int>> commands = {
      {{"gvlk", "--family", "win10", "--json"}, 0},
      {{"pid", media, "--json"}, 0},
      {{"install-key", w, "--index", "2", "--key", "auto", "--dry-run", "--json"}, 0},
      {{"install-key", w, "--index", "all", "--key", "auto", "--dry-run", "--json"}, 0},
      {{"configure", w, "--index", "2", "--kms-host", "kms2", "--dry-run", "--json"}, 0},
      {{"inspect", w, "--index", "2", "--json"}, 0},
      {{"generalize", w, "--index", "all", "--dry-run", "--json"}, 0},
      {{"capture", tree.string(), (dir / "new.wim").string(), "--name", "Reference", "--json"}, 0},
      {{"unattend", "locate", w, "--index", "2", "--json"}, 0},
      {{"unattend", "show", w, "--index", "2", "--json"}, 0},
      {{"unattend", "check", w, "--index", "2", "--json"}, 0},
      {{"image", "info", w, "--index", "2", "--json"}, 0},
      {{"image", "info", w, "--json"}, 0},
      {{"image", "put", w, "Windows/note.txt", "--from", note(), "--index", "2", "--json"}, 0},
      {{"validate", w, "--index", "1", "--json"}, 0},
      {{"validate", w, "--index", "all", "--json"}, 1},
      {{"simulate", topology, "--days", "3", "--json"}, 0},
      {{"steps", "--json"}, 0},
      {{"step", "set-variable", "--var", "VariableName=A", "--var", "VariableValue=b", "--json"},
       0},
  };
  for (const auto& [args, exit_code] : commands) {
    const std::string name = args[0] + " " + args[1];
    const ProgramResult result = run_kmsprep(args);
    EXPECT_EQ(result.exit_code, exit_code) << name << ": " << result.out << result.err;
    const json document = parse_one_document(result, name);
    EXPECT_TRUE(document.is_object() || document.is_array()) << name;
    EXPECT_FALSE(document.contains("error")) << name << ": " << result.out;
  }
}

TEST_F(MultiImageCli, JsonMeansFormatJsonAndConflictsWithAnotherFormat) {
  const std::string w = (*scratch_ / "install.wim").string();
  const std::string topology =
      (test::source_dir() / "samples/topology/branch-offices.xml").string();

  const json with_json =
      parse_one_document(run_kmsprep({"validate", w, "--index", "2", "--json"}), "--json");
  const json with_format = parse_one_document(
      run_kmsprep({"validate", w, "--index", "2", "--format", "json"}), "--format json");
  ASSERT_EQ(with_json["checks"].size(), with_format["checks"].size());
  for (size_t i = 0; i < with_json["checks"].size(); ++i) {
    EXPECT_EQ(with_json["checks"][i]["id"], with_format["checks"][i]["id"]);
    EXPECT_EQ(with_json["checks"][i]["status"], with_format["checks"][i]["status"]);
  }
  EXPECT_EQ(run_kmsprep({"validate", w, "--index", "2", "--json", "--format", "json"}).exit_code,
            1);

  const json simulated_json = parse_one_document(
      run_kmsprep({"simulate", topology, "--days", "3", "--json"}), "simulate --json");
  const json simulated_format = parse_one_document(
      run_kmsprep({"simulate", topology, "--days", "3", "--format", "json"}), "simulate");
  EXPECT_EQ(simulated_json, simulated_format);

  const ProgramResult junit =
      run_kmsprep({"validate", w, "--index", "1", "--json", "--format", "junit"});
  EXPECT_EQ(junit.exit_code, 2) << junit.out << junit.err;
  EXPECT_NE(junit.err.find("E102 conflicting arguments: --json and --format junit conflict"),
            std::string::npos)
      << junit.err;
  const ProgramResult csv = run_kmsprep({"simulate", topology, "--json", "--format", "csv"});
  EXPECT_EQ(csv.exit_code, 2) << csv.out << csv.err;
  EXPECT_NE(csv.err.find("--json and --format csv conflict"), std::string::npos) << csv.err;
}

}  // namespace
}  // namespace kmsprep
