// The zip put that copies unchanged entries as they are, on zips made by Info-ZIP's `zip`:
// every unchanged entry keeps its local header, compressed data and data descriptor byte for
// byte, and its central directory record but for the local header offset; `unzip -t` checks
// every CRC of the result. The zip is taken apart here by the test's own reading of APPNOTE.TXT,
// not by kmsprep's code.
#include "image/zip_rewrite.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "image/image.hpp"
#include "image/zip_directory.hpp"
#include "tests/support/result_assertions.hpp"
#include "tests/support/test_support.hpp"

namespace kmsprep {
namespace {

namespace fs = std::filesystem;
using test::read_bytes;
using test::run_program;
using test::TempDir;
using test::write_bytes;

uint64_t field(const std::string& bytes, size_t at, int width) {
  uint64_t value = 0;
  for (int i = width - 1; i >= 0; --i) {
    value = (value << 8) | static_cast<unsigned char>(bytes.at(at + static_cast<size_t>(i)));
  }
  return value;
}

struct StoredEntry {
  std::string local;   // local header, compressed data, data descriptor
  std::string record;  // central directory record with its offset field blanked
  uint16_t method = 0;
};

// name -> entry, for a zip without zip64 offsets in its records (APPNOTE 4.3.12, 4.3.16).
std::map<std::string, StoredEntry> entries_of(const std::string& zip) {
  const size_t end = zip.rfind(std::string("PK\x05\x06", 4));
  EXPECT_NE(end, std::string::npos);
  uint64_t count = field(zip, end + 10, 2);
  uint64_t directory = field(zip, end + 16, 4);
  if (directory == 0xFFFFFFFF) {  // zip64: the locator points to the zip64 end record
    const uint64_t zip64_end = field(zip, end - 20 + 8, 8);
    count = field(zip, zip64_end + 32, 8);
    directory = field(zip, zip64_end + 48, 8);
  }
  std::map<uint64_t, std::pair<std::string, std::string>> by_offset;
  size_t at = directory;
  for (uint64_t i = 0; i < count; ++i) {
    EXPECT_EQ(zip.compare(at, 4, "PK\x01\x02"), 0);
    const size_t length =
        46 + field(zip, at + 28, 2) + field(zip, at + 30, 2) + field(zip, at + 32, 2);
    std::string record = zip.substr(at, length);
    const std::string name = record.substr(46, field(record, 28, 2));
    const uint64_t offset = field(record, 42, 4);
    record.replace(42, 4, 4, '\0');
    by_offset[offset] = {name, record};
    at += length;
  }
  std::map<std::string, StoredEntry> entries;
  for (auto it = by_offset.begin(); it != by_offset.end(); ++it) {
    const auto next = std::next(it);
    const uint64_t stop = next == by_offset.end() ? directory : next->first;
    StoredEntry entry;
    entry.local = zip.substr(it->first, stop - it->first);
    entry.record = it->second.second;
    entry.method = static_cast<uint16_t>(field(entry.local, 8, 2));
    entries[it->second.first] = entry;
  }
  return entries;
}

void info_zip(const fs::path& directory, const std::vector<std::string>& args) {
  std::vector<std::string> argv{"sh", "-c", "cd \"$0\" && exec zip \"$@\"", directory.string()};
  argv.insert(argv.end(), args.begin(), args.end());
  const auto result = run_program(argv);
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
}

std::string unzipped(const fs::path& zip, const std::string& name) {
  const auto result = run_program({"unzip", "-p", zip.string(), name});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return result.out;
}

void expect_whole(const fs::path& zip) {
  const auto tested = run_program({"unzip", "-tq", zip.string()});
  EXPECT_EQ(tested.exit_code, 0) << tested.out << tested.err;
}

// A Windows-like tree: a deflated binary, a stored text, the answer file, and a comment.
// Info-ZIP drops zip64 records when it rewrites only the comment: `extra_flags` zips get none.
fs::path make_zip(const TempDir& dir, const std::vector<std::string>& extra_flags = {}) {
  const fs::path tree = dir / "tree";
  std::string binary;
  for (int i = 0; i < 200000; ++i) binary.push_back(static_cast<char>((i * 7919) % 251));
  write_bytes(tree / "Windows/System32/config/SOFTWARE", binary);
  write_bytes(tree / "Windows/Panther/unattend.xml", "<unattend/>\n");
  write_bytes(tree / "sources/pid.txt", "[PID]\nValue=XXXXX-XXXXX-XXXXX-XXXXX-XXXXX\n");
  const fs::path zip = dir / "image.zip";
  std::vector<std::string> create = {"-qr"};
  create.insert(create.end(), extra_flags.begin(), extra_flags.end());
  create.insert(create.end(), {zip.string(), "Windows"});
  info_zip(tree, create);
  std::vector<std::string> add_stored = {"-q0"};
  add_stored.insert(add_stored.end(), extra_flags.begin(), extra_flags.end());
  add_stored.insert(add_stored.end(), {zip.string(), "sources/pid.txt"});
  info_zip(tree, add_stored);
  if (extra_flags.empty()) {
    const auto commented =
        run_program({"sh", "-c", "printf 'deployment share 7\\n' | zip -qz \"$0\"", zip.string()});
    EXPECT_EQ(commented.exit_code, 0) << commented.err;
  }
  return zip;
}

void require_info_zip() {
  ASSERT_TRUE(test::program_exists("zip") && test::program_exists("unzip"))
      << "zip and unzip are missing: install zip and unzip (scripts/test does)";
}

std::unique_ptr<Image> open_writable(const fs::path& path) {
  auto image = open_image(path.string(), OpenOptions{1, true, false, nullptr});
  REQUIRE_OK(image);
  return image ? std::move(*image) : nullptr;
}

void expect_unchanged_entries_kept(const std::map<std::string, StoredEntry>& before,
                                   const std::map<std::string, StoredEntry>& after,
                                   const std::string& changed) {
  size_t compared = 0;
  for (const auto& [name, entry] : before) {
    if (name == changed) continue;
    SCOPED_TRACE(name);
    ASSERT_EQ(after.count(name), 1u);
    EXPECT_EQ(after.at(name).local, entry.local);
    EXPECT_EQ(after.at(name).record, entry.record);
    ++compared;
  }
  EXPECT_GE(compared, 5u);
}

TEST(ZipRewrite, KeepsUnchangedEntriesByteForByteWhenReplacingOne) {
  require_info_zip();
  TempDir dir;
  const fs::path zip = make_zip(dir);
  const std::string original = read_bytes(zip);
  const auto before = entries_of(original);
  ASSERT_EQ(before.at("sources/pid.txt").method, 0);                   // stored
  ASSERT_EQ(before.at("Windows/System32/config/SOFTWARE").method, 8);  // deflated

  auto image = open_writable(zip);
  ASSERT_TRUE(image);
  ASSERT_TRUE(image->write(OK_VALUE(ImagePath::parse("windows/panther/UNATTEND.xml")),
                           "<unattend new/>\n"));
  ASSERT_TRUE(image->commit());

  const std::string rewritten = read_bytes(zip);
  const auto after = entries_of(rewritten);
  expect_unchanged_entries_kept(before, after, "Windows/Panther/unattend.xml");
  EXPECT_EQ(after.size(), before.size());
  // Info-ZIP stores what deflate does not shrink; the replacement keeps the entry's method.
  EXPECT_EQ(after.at("Windows/Panther/unattend.xml").method,
            before.at("Windows/Panther/unattend.xml").method);
  expect_whole(zip);
  EXPECT_EQ(unzipped(zip, "Windows/Panther/unattend.xml"), "<unattend new/>\n");
  const auto comment = run_program({"unzip", "-z", zip.string()});
  EXPECT_NE(comment.out.find("deployment share 7"), std::string::npos) << comment.out;
}

TEST(ZipRewrite, KeepsAStoredEntryStoredAndAddsNewOnesAfterTheOthers) {
  require_info_zip();
  TempDir dir;
  const fs::path zip = make_zip(dir);
  const auto before = entries_of(read_bytes(zip));
  auto image = open_writable(zip);
  ASSERT_TRUE(image);
  ASSERT_TRUE(image->write(OK_VALUE(ImagePath::parse("sources/pid.txt")), "[PID]\nValue=YYYYY\n"));
  ASSERT_TRUE(image->write(OK_VALUE(ImagePath::parse("Windows/Setup/Scripts/SetupComplete.cmd")),
                           "@echo off\r\n"));
  ASSERT_TRUE(image->commit());
  const std::string rewritten = read_bytes(zip);
  const auto after = entries_of(rewritten);
  expect_unchanged_entries_kept(before, after, "sources/pid.txt");
  EXPECT_EQ(after.at("sources/pid.txt").method, 0);
  ASSERT_EQ(after.count("Windows/Setup/Scripts/SetupComplete.cmd"), 1u);
  EXPECT_EQ(after.count("Windows/Setup/"), 1u);  // the missing parents get entries of their own
  expect_whole(zip);
  EXPECT_EQ(unzipped(zip, "sources/pid.txt"), "[PID]\nValue=YYYYY\n");
  EXPECT_EQ(unzipped(zip, "Windows/Setup/Scripts/SetupComplete.cmd"), "@echo off\r\n");
}

TEST(ZipRewrite, RemovesAnEntryAndKeepsTheRest) {
  require_info_zip();
  TempDir dir;
  const fs::path zip = make_zip(dir);
  const auto before = entries_of(read_bytes(zip));
  auto image = open_writable(zip);
  ASSERT_TRUE(image);
  ASSERT_TRUE(image->remove(OK_VALUE(ImagePath::parse("Windows/Panther/unattend.xml"))));
  ASSERT_TRUE(image->commit());
  const auto after = entries_of(read_bytes(zip));
  EXPECT_EQ(after.count("Windows/Panther/unattend.xml"), 0u);
  EXPECT_EQ(after.size(), before.size() - 1);
  expect_unchanged_entries_kept(before, after, "Windows/Panther/unattend.xml");
  expect_whole(zip);
}

// `zip -fz` writes zip64 end records and extra fields: the rewrite keeps zip64 end records.
TEST(ZipRewrite, KeepsAZip64ArchiveZip64) {
  require_info_zip();
  TempDir dir;
  const fs::path zip = make_zip(dir, {"-fz"});
  const std::string original = read_bytes(zip);
  ASSERT_NE(original.find(std::string("PK\x06\x06", 4)), std::string::npos);
  const auto before = entries_of(original);
  auto image = open_writable(zip);
  ASSERT_TRUE(image);
  ASSERT_TRUE(image->write(OK_VALUE(ImagePath::parse("Windows/Panther/unattend.xml")), "<u/>\n"));
  ASSERT_TRUE(image->commit());
  const std::string rewritten = read_bytes(zip);
  EXPECT_NE(rewritten.find(std::string("PK\x06\x06", 4)), std::string::npos);
  expect_unchanged_entries_kept(before, entries_of(rewritten), "Windows/Panther/unattend.xml");
  expect_whole(zip);
  EXPECT_EQ(unzipped(zip, "Windows/Panther/unattend.xml"), "<u/>\n");
}

// A local header beyond 4 GiB needs the zip64 extra field: it is added to a record without one.
TEST(ZipDirectory, MovesAnOffsetPastFourGibibytesIntoTheZip64Field) {
  std::string record(46, '\0');
  record.replace(0, 4, "PK\x01\x02");
  record[28] = 5;  // name length
  record += "a.txt";
  const uint64_t offset = 5ull << 30;
  const std::string moved = relocated_record(record, offset);
  ASSERT_EQ(moved.size(), record.size() + 12);
  EXPECT_EQ(field(moved, 42, 4), 0xFFFFFFFFu);
  EXPECT_EQ(field(moved, 30, 2), 12u);  // extra length
  EXPECT_EQ(field(moved, 51, 2), 1u);   // zip64 extra id
  EXPECT_EQ(field(moved, 53, 2), 8u);
  EXPECT_EQ(field(moved, 55, 8), offset);
  // A second move rewrites the 8-byte field in place.
  const std::string again = relocated_record(moved, offset + 1);
  EXPECT_EQ(again.size(), moved.size());
  EXPECT_EQ(field(again, 55, 8), offset + 1);
  EXPECT_EQ(field(relocated_record(record, 1234), 42, 4), 1234u);
}

}  // namespace
}  // namespace kmsprep
