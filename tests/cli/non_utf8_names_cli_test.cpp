// Names that are not valid UTF-8 (a Latin-1 "é" byte, as tools on non-UTF-8 systems write them,
// and bytes no encoding allows) in directory trees and in tar and zip archives made here with
// bsdtar: text output shows each such byte as \xNN, JSON replaces it with U+FFFD and stays valid,
// nothing crashes, and a put beside such an entry keeps its name byte for byte.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/support/test_support.hpp"

namespace kmsprep {
namespace {

namespace fs = std::filesystem;
using test::read_bytes;
using test::run_kmsprep;
using test::run_program;
using test::TempDir;
using test::write_bytes;

const std::string kLatin1Name = "Caf\xE9";              // "Café" in ISO-8859-1: 0xE9 alone
const std::string kNoEncodingName = "bad\xFF\xFEname";  // 0xFF, 0xFE: never in UTF-8
const std::string kReplacement = "\xEF\xBF\xBD";        // U+FFFD in UTF-8

fs::path make_tree(const TempDir& dir) {
  const fs::path root = dir / "tree";
  write_bytes(root / "Windows/Panther/unattend.xml", "<unattend/>");
  write_bytes(root / kLatin1Name / "menu.txt", "menu");
  write_bytes(root / kNoEncodingName, "bytes");
  return root;
}

// bsdtar in the C locale stores the names' bytes as they are (ustar, zip without the UTF-8 flag).
fs::path make_archive(const TempDir& dir, const std::string& name,
                      const std::vector<std::string>& format) {
  const fs::path archive = dir / name;
  std::vector<std::string> argv{"bsdtar", "-c"};
  argv.insert(argv.end(), format.begin(), format.end());
  argv.insert(argv.end(), {"-f", archive.string(), "-C", make_tree(dir).string(), "."});
  const auto made = run_program(argv, {}, {"LC_ALL=C"});
  EXPECT_EQ(made.exit_code, 0) << made.err;
  return archive;
}

// The archive extracted by bsdtar into `out`: the names as stored, byte for byte (bsdtar -t
// would print them escaped).
fs::path extracted_tree(const fs::path& archive, const fs::path& out) {
  fs::create_directories(out);
  const auto extracted =
      run_program({"bsdtar", "-xf", archive.string(), "-C", out.string()}, {}, {"LC_ALL=C"});
  EXPECT_EQ(extracted.exit_code, 0) << extracted.err;
  return out;
}

void expect_listed_escaped_and_replaced(const fs::path& image) {
  const auto text = run_kmsprep({"image", "info", image.string()});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("Caf\\xE9/"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("bad\\xFF\\xFEname"), std::string::npos) << text.out;
  EXPECT_EQ(text.out.find(kLatin1Name), std::string::npos) << "a raw 0xE9 byte was printed";
  EXPECT_EQ(text.out.find("\xFF"), std::string::npos) << "a raw 0xFF byte was printed";

  const auto json = run_kmsprep({"image", "info", image.string(), "--json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  nlohmann::json document;
  ASSERT_NO_THROW(document = nlohmann::json::parse(json.out)) << json.out;
  std::vector<std::string> root;
  for (const auto& name : document["root"]) root.push_back(name.get<std::string>());
  EXPECT_NE(std::find(root.begin(), root.end(), "Caf" + kReplacement + "/"), root.end())
      << json.out;
  EXPECT_NE(std::find(root.begin(), root.end(), "bad" + kReplacement + kReplacement + "name"),
            root.end())
      << json.out;
  EXPECT_NE(std::find(root.begin(), root.end(), "Windows/"), root.end()) << json.out;
}

TEST(NonUtf8NamesCli, DirectoryEntriesAreListedEscapedAndReplacedInJson) {
  TempDir dir;
  expect_listed_escaped_and_replaced(make_tree(dir));
}

TEST(NonUtf8NamesCli, TarAndZipEntriesAreListedEscapedAndReplacedInJson) {
  ASSERT_TRUE(test::program_exists("bsdtar")) << "install libarchive-tools (scripts/test does)";
  for (const auto& [name, format] : std::vector<std::pair<std::string, std::vector<std::string>>>{
           {"image.tar", {"--format", "ustar"}},
           {"image.tar.gz", {"-z", "--format", "ustar"}},
           {"image.zip", {"--format", "zip"}}}) {
    SCOPED_TRACE(name);
    TempDir dir;
    const fs::path archive = make_archive(dir, name, format);
    ASSERT_TRUE(fs::exists(extracted_tree(archive, dir / "out") / kLatin1Name / "menu.txt"))
        << "bsdtar did not store the Latin-1 name as it is";
    expect_listed_escaped_and_replaced(archive);
  }
}

// The path of the image itself, as the user typed it, is escaped and replaced the same way.
TEST(NonUtf8NamesCli, TheImagePathItselfIsEscapedAndReplaced) {
  TempDir dir;
  const fs::path image = dir / ("image-" + kLatin1Name);
  fs::rename(make_tree(dir), image);
  const auto text = run_kmsprep({"image", "info", image.string()});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("image-Caf\\xE9\n"), std::string::npos) << text.out;
  const auto json = run_kmsprep({"image", "info", image.string(), "--json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const auto document = nlohmann::json::parse(json.out);
  const std::string shown = document["image"].get<std::string>();
  EXPECT_EQ(shown.substr(shown.size() - std::string("image-Caf" + kReplacement).size()),
            "image-Caf" + kReplacement);
}

// A put into an archive that also holds non-UTF-8 names: the edited entry changes, the others
// keep their names' bytes and their content.
TEST(NonUtf8NamesCli, APutBesideNonUtf8EntriesKeepsTheirNamesByteForByte) {
  ASSERT_TRUE(test::program_exists("bsdtar")) << "install libarchive-tools (scripts/test does)";
  for (const auto& [name, format] : std::vector<std::pair<std::string, std::vector<std::string>>>{
           {"image.tar", {"--format", "ustar"}}, {"image.zip", {"--format", "zip"}}}) {
    SCOPED_TRACE(name);
    TempDir dir;
    const fs::path archive = make_archive(dir, name, format);
    write_bytes(dir / "new.xml", "<unattend>new</unattend>");
    const auto put = run_kmsprep({"image", "put", archive.string(), "Windows/Panther/unattend.xml",
                                  "--from", (dir / "new.xml").string()});
    ASSERT_EQ(put.exit_code, 0) << put.err;
    const fs::path out = extracted_tree(archive, dir / "out");
    EXPECT_EQ(read_bytes(out / kLatin1Name / "menu.txt"), "menu");
    EXPECT_EQ(read_bytes(out / kNoEncodingName), "bytes");
    const auto unattend =
        run_kmsprep({"image", "cat", archive.string(), "Windows/Panther/unattend.xml"});
    EXPECT_EQ(unattend.out, "<unattend>new</unattend>") << unattend.err;
  }
}

}  // namespace
}  // namespace kmsprep
