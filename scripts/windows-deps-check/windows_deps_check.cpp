// One call into each library of the Windows dependency prefix, so that a missing symbol, a
// missing static dependency (Libs.private) or a feature left out of a build shows up at link
// time or as a failed test under Wine, before kmsprep.exe itself is built against the prefix.
#include <archive.h>
#include <bzlib.h>
#include <gtest/gtest.h>
#include <hivex.h>
#include <iconv.h>
#include <libevtx.h>
#include <libxml/parser.h>
#include <lzma.h>
#include <udfread/udfread.h>
#include <wimlib.h>
#include <zlib.h>

#include <boost/program_options.hpp>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>
#include <string>

#include "tests/events/evtx_test_file.hpp"

namespace {

// iconv over one buffer: the result, errno (0 on success) and how much input was left.
struct Conversion {
  std::string output;
  int error = 0;
  size_t input_left = 0;
};

Conversion convert(const char* to, const char* from, const std::string& input,
                   size_t output_size = 64) {
  iconv_t converter = iconv_open(to, from);
  EXPECT_NE(converter, reinterpret_cast<iconv_t>(-1)) << from << " to " << to;
  std::string in = input, out(output_size, '\0');
  char* in_at = in.data();
  char* out_at = out.data();
  size_t in_left = in.size(), out_left = out.size();
  errno = 0;
  Conversion result;
  if (iconv(converter, &in_at, &in_left, &out_at, &out_left) == static_cast<size_t>(-1)) {
    result.error = errno;
  }
  result.output.assign(out.data(), out_at);
  result.input_left = in_left;
  iconv_close(converter);
  return result;
}

void write_file(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

// The smallest hive hivex opens for writing: a base block and one 4 KB hbin holding the root
// key (nk, named ROOT), the security cell (sk) its children inherit, and one free cell. The
// layout is the registry format's (header fields at their offsets, cell offsets relative to
// the first hbin, used cells with a negative size, XOR checksum of the first 508 bytes).
std::string minimal_hive() {
  std::string file(0x2000, '\0');
  auto put16 = [&](size_t at, uint16_t value) { std::memcpy(&file[at], &value, 2); };
  auto put32 = [&](size_t at, uint32_t value) { std::memcpy(&file[at], &value, 4); };
  auto put64 = [&](size_t at, uint64_t value) { std::memcpy(&file[at], &value, 8); };
  const uint64_t written = 134000000000000000;  // a FILETIME in 2025
  const uint32_t nk = 0x20, sk = 0x78, free_cell = 0xA8, none = 0xFFFFFFFF;
  std::memcpy(&file[0], "regf", 4);
  put32(0x04, 1);  // sequence numbers, equal: the hive was written completely
  put32(0x08, 1);
  put64(0x0C, written);
  put32(0x14, 1);  // format 1.3
  put32(0x18, 3);
  put32(0x20, 1);
  put32(0x24, nk);
  put32(0x28, 0x1000);  // size of the hbins
  put32(0x2C, 1);
  uint32_t checksum = 0;
  for (size_t at = 0; at < 0x1FC; at += 4) {
    uint32_t word;
    std::memcpy(&word, &file[at], 4);
    checksum ^= word;
  }
  put32(0x1FC, checksum);

  const size_t bin = 0x1000;
  std::memcpy(&file[bin], "hbin", 4);
  put32(bin + 8, 0x1000);
  put64(bin + 0x14, written);
  put32(bin + nk, static_cast<uint32_t>(-88));
  std::memcpy(&file[bin + nk + 4], "nk", 2);
  put16(bin + nk + 6, 0x2C);  // root (HiveEntry), NoDelete, name in Latin-1
  put64(bin + nk + 8, written);
  for (size_t field : {20, 32, 36, 44, 52}) put32(bin + nk + field, none);  // no parent, lists
  put32(bin + nk + 48, sk);
  put16(bin + nk + 76, 4);
  std::memcpy(&file[bin + nk + 80], "ROOT", 4);
  put32(bin + sk, static_cast<uint32_t>(-48));
  std::memcpy(&file[bin + sk + 4], "sk", 2);
  put32(bin + sk + 8, sk);  // a list of one: next and previous are itself
  put32(bin + sk + 12, sk);
  put32(bin + sk + 16, 1);       // one key refers to it
  put32(bin + sk + 20, 20);      // a self-relative security descriptor, empty:
  file[bin + sk + 24] = 1;       //   revision 1
  put16(bin + sk + 26, 0x8000);  //   SE_SELF_RELATIVE, no owner, group or ACLs
  put32(bin + free_cell, 0x1000 - free_cell);
  return file;
}

// A REG_SZ's data: UTF-16LE with its terminator, as the registry stores it.
std::string utf16_value(const std::string& utf8) {
  return convert("UTF-16LE", "UTF-8", utf8).output + std::string(2, '\0');
}

}  // namespace

TEST(WindowsPrefix, ZlibRoundTrips) {
  const char text[] = "kmsprep kmsprep kmsprep kmsprep";
  Bytef packed[128];
  uLongf packed_size = sizeof packed;
  ASSERT_EQ(compress(packed, &packed_size, reinterpret_cast<const Bytef*>(text), sizeof text),
            Z_OK);
  char unpacked[sizeof text] = {};
  uLongf unpacked_size = sizeof unpacked;
  ASSERT_EQ(uncompress(reinterpret_cast<Bytef*>(unpacked), &unpacked_size, packed, packed_size),
            Z_OK);
  EXPECT_STREQ(unpacked, text);
}

TEST(WindowsPrefix, Bzip2AndLzmaReportVersions) {
  EXPECT_NE(std::string(BZ2_bzlibVersion()).find("1.0"), std::string::npos);
  EXPECT_EQ(lzma_version_number(), LZMA_VERSION);
}

// libarchive lists the compression libraries it was built with; kmsprep reads gzip, bzip2 and
// xz archives.
TEST(WindowsPrefix, LibarchiveHasZlibBzip2AndXz) {
  const std::string details = archive_version_details();
  EXPECT_NE(details.find("zlib/"), std::string::npos) << details;
  EXPECT_NE(details.find("bz2lib/"), std::string::npos) << details;
  EXPECT_NE(details.find("liblzma/"), std::string::npos) << details;
}

TEST(WindowsPrefix, Libxml2ParsesUtf16) {
  // WIM XML is UTF-16LE; libxml2 is built without iconv and must still read it.
  const char xml[] = "<\0W\0I\0M\0/\0>\0";
  xmlDocPtr doc = xmlReadMemory(xml, sizeof xml - 1, "wim.xml", "UTF-16LE", XML_PARSE_NONET);
  ASSERT_NE(doc, nullptr);
  EXPECT_STREQ(reinterpret_cast<const char*>(xmlDocGetRootElement(doc)->name), "WIM");
  xmlFreeDoc(doc);
}

// Writes a WIM with one empty image and opens it again: wimlib's win32 file code and its XML
// (through libxml2) both run.
TEST(WindowsPrefix, WimlibWritesAndReopensAWim) {
  ASSERT_EQ(wimlib_global_init(0), 0);
  const std::filesystem::path path =
      std::filesystem::temp_directory_path() / "kmsprep-windows-deps-check.wim";
  WIMStruct* wim = nullptr;
  ASSERT_EQ(wimlib_create_new_wim(WIMLIB_COMPRESSION_TYPE_LZX, &wim), 0);
  ASSERT_EQ(wimlib_add_empty_image(wim, L"check", nullptr), 0);
  ASSERT_EQ(wimlib_write(wim, path.wstring().c_str(), WIMLIB_ALL_IMAGES, 0, 1), 0);
  wimlib_free(wim);
  ASSERT_EQ(wimlib_open_wim(path.wstring().c_str(), 0, &wim), 0);
  struct wimlib_wim_info info {};
  ASSERT_EQ(wimlib_get_wim_info(wim, &info), 0);
  EXPECT_EQ(info.image_count, 1u);
  wimlib_free(wim);
  std::filesystem::remove(path);
  wimlib_global_cleanup();
}

TEST(WindowsPrefix, LibudfreadRejectsAMissingImage) {
  udfread* udf = udfread_init();
  ASSERT_NE(udf, nullptr);
  EXPECT_LT(udfread_open(udf, "no-such-image.iso"), 0);
  udfread_close(udf);
}

TEST(WindowsPrefix, PugixmlParses) {
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string("<unattend><settings pass=\"specialize\"/></unattend>"));
  EXPECT_STREQ(doc.child("unattend").child("settings").attribute("pass").value(), "specialize");
}

TEST(WindowsPrefix, ProgramOptionsParses) {
  namespace po = boost::program_options;
  po::options_description options;
  options.add_options()("kms", po::value<std::string>());
  const char* argv[] = {"kmsprep.exe", "--kms", "kms.example:1688"};
  po::variables_map values;
  po::store(po::parse_command_line(3, argv, options), values);
  EXPECT_EQ(values["kms"].as<std::string>(), "kms.example:1688");
}

TEST(WindowsPrefix, NlohmannJsonParses) {
  EXPECT_EQ(nlohmann::json::parse(R"({"port": 1688})").at("port").get<int>(), 1688);
}

// Exactly the conversions hivex asks for (lib/handle.c), with iconv(3)'s errors: a character
// Latin-1 cannot hold (hivex then stores a name in UTF-16), a full output buffer, a truncated
// sequence.
TEST(WindowsPrefix, IconvConvertsUtf8Utf16AndLatin1) {
  const std::string text = "K\xC3\xA9y \xE2\x82\xAC \xF0\x9F\x98\x80";  // "Kéy € 😀"
  const std::string utf16("K\0\xE9\0y\0 \0\xAC\x20 \0\x3D\xD8\x00\xDE", 16);
  EXPECT_EQ(convert("UTF-16LE", "UTF-8", text).output, utf16);
  EXPECT_EQ(convert("UTF-8", "UTF-16LE", utf16).output, text);
  EXPECT_EQ(convert("LATIN1", "UTF-8", "K\xC3\xA9y").output, "K\xE9y");
  EXPECT_EQ(convert("UTF-8", "LATIN1", "K\xE9y").output, "K\xC3\xA9y");

  const Conversion euro = convert("LATIN1", "UTF-8", "K\xE2\x82\xAC");
  EXPECT_EQ(euro.error, EILSEQ);
  EXPECT_EQ(euro.output, "K");
  EXPECT_EQ(euro.input_left, 3u);
  const Conversion full = convert("UTF-16LE", "UTF-8", "abc", 5);
  EXPECT_EQ(full.error, E2BIG);
  EXPECT_EQ(full.output, std::string("a\0b\0", 4));
  EXPECT_EQ(full.input_left, 1u);
  EXPECT_EQ(convert("UTF-8", "UTF-16LE", std::string("a\0\x3D\xD8", 4)).error, EINVAL);
  EXPECT_EQ(convert("UTF-8", "UTF-16LE", std::string("\x00\xDE", 2)).error, EILSEQ);
  EXPECT_EQ(convert("UTF-16LE", "UTF-8", "\xC0\x80").error, EILSEQ);  // overlong NUL

  errno = 0;
  EXPECT_EQ(iconv_open("UTF-32", "UTF-8"), reinterpret_cast<iconv_t>(-1));
  EXPECT_EQ(errno, EINVAL);
}

// Opens a hive for writing, adds keys with a Latin-1 and a non-Latin-1 name and a REG_SZ value,
// commits it to a new file, and reads that back read-only (hivex's mmap replacement, over
// CreateFileMapping, and its iconv conversions in both directions).
TEST(WindowsPrefix, HivexEditsCommitsAndRereadsAHive) {
  const std::filesystem::path directory = std::filesystem::temp_directory_path();
  const std::filesystem::path empty = directory / "kmsprep-windows-deps-check-empty.hive";
  const std::filesystem::path edited = directory / "kmsprep-windows-deps-check-edited.hive";
  write_file(empty, minimal_hive());

  hive_h* hive = hivex_open(empty.string().c_str(), HIVEX_OPEN_WRITE);
  ASSERT_NE(hive, nullptr) << std::strerror(errno);
  char* name = hivex_node_name(hive, hivex_root(hive));
  EXPECT_STREQ(name, "ROOT");
  std::free(name);
  const hive_node_h key = hivex_node_add_child(hive, hivex_root(hive), "Schl\xC3\xBCssel");
  ASSERT_NE(key, 0u) << std::strerror(errno);
  ASSERT_NE(hivex_node_add_child(hive, key, "\xD0\x9A\xD0\xBB\xD1\x8E\xD1\x87"), 0u)  // "Ключ"
      << std::strerror(errno);
  std::string data = utf16_value("W269N-WFGWX-YVC9B-4J6C9-T83GX \xE2\x82\xAC");
  char value_name[] = "ProductKey";
  const hive_set_value value{value_name, hive_t_REG_SZ, data.size(), data.data()};
  ASSERT_EQ(hivex_node_set_value(hive, key, &value, 0), 0) << std::strerror(errno);
  ASSERT_EQ(hivex_commit(hive, edited.string().c_str(), 0), 0) << std::strerror(errno);
  ASSERT_EQ(hivex_close(hive), 0);

  hive = hivex_open(edited.string().c_str(), 0);
  ASSERT_NE(hive, nullptr) << std::strerror(errno);
  const hive_node_h reread = hivex_node_get_child(hive, hivex_root(hive), "schl\xC3\xBCssel");
  ASSERT_NE(reread, 0u);
  const hive_node_h child = hivex_node_get_child(hive, reread, "\xD0\x9A\xD0\xBB\xD1\x8E\xD1\x87");
  ASSERT_NE(child, 0u);
  name = hivex_node_name(hive, child);
  EXPECT_STREQ(name, "\xD0\x9A\xD0\xBB\xD1\x8E\xD1\x87");
  std::free(name);
  char* string = hivex_value_string(hive, hivex_node_get_value(hive, reread, "ProductKey"));
  EXPECT_STREQ(string, "W269N-WFGWX-YVC9B-4J6C9-T83GX \xE2\x82\xAC");
  std::free(string);
  EXPECT_EQ(hivex_close(hive), 0);
  std::filesystem::remove(empty);
  std::filesystem::remove(edited);
}

// A hive of some size, read-only (mapped with CreateFileMapping), down a three-key path.
TEST(WindowsPrefix, HivexReadsTheSampleSoftwareHive) {
  hive_h* hive = hivex_open(KMSPREP_SAMPLE_HIVE, 0);
  ASSERT_NE(hive, nullptr) << KMSPREP_SAMPLE_HIVE << ": " << std::strerror(errno);
  hive_node_h node = hivex_root(hive);
  for (const char* name : {"Microsoft", "Windows NT", "CurrentVersion"}) {
    node = hivex_node_get_child(hive, node, name);
    ASSERT_NE(node, 0u) << name;
  }
  char* edition = hivex_value_string(hive, hivex_node_get_value(hive, node, "EditionID"));
  EXPECT_STREQ(edition, "Enterprise");
  std::free(edition);
  EXPECT_EQ(hivex_close(hive), 0);
}

TEST(WindowsPrefix, HivexRejectsAFileThatIsNoHive) {
  const std::filesystem::path path =
      std::filesystem::temp_directory_path() / "kmsprep-windows-deps-check-not-a.hive";
  write_file(path, std::string(0x2000, 'x'));
  errno = 0;
  EXPECT_EQ(hivex_open(path.string().c_str(), 0), nullptr);
  EXPECT_EQ(errno, ENOTSUP);
  std::filesystem::remove(path);
}

// Reads the one-event log tests/events/evtx_test_file.hpp writes (the file the events tests
// read on Linux) back as XML, and fails cleanly, with an error message, on a missing file.
TEST(WindowsPrefix, LibevtxReadsAnEvtxFile) {
  EXPECT_STREQ(libevtx_get_version(), LIBEVTX_VERSION_STRING);
  const std::filesystem::path path =
      std::filesystem::temp_directory_path() / "kmsprep-windows-deps-check.evtx";
  write_file(path, kmsprep::test::EvtxWriter::build({{12290,
                                                      "2026-11-30T12:00:00.0000000Z",
                                                      "kms01.corp.example",
                                                      {"2", "0x0", "25", "pc-001.corp.example"}}}));
  libevtx_file_t* file = nullptr;
  libevtx_error_t* error = nullptr;
  ASSERT_EQ(libevtx_file_initialize(&file, &error), 1);
  ASSERT_EQ(libevtx_file_open_wide(file, path.wstring().c_str(), LIBEVTX_OPEN_READ, &error), 1);
  int records = 0;
  ASSERT_EQ(libevtx_file_get_number_of_records(file, &records, &error), 1);
  ASSERT_EQ(records, 1);
  libevtx_record_t* record = nullptr;
  ASSERT_EQ(libevtx_file_get_record_by_index(file, 0, &record, &error), 1);
  size_t size = 0;
  ASSERT_EQ(libevtx_record_get_utf8_xml_string_size(record, &size, &error), 1);
  std::string xml(size, '\0');
  ASSERT_EQ(libevtx_record_get_utf8_xml_string(record, reinterpret_cast<uint8_t*>(xml.data()), size,
                                               &error),
            1);
  EXPECT_NE(xml.find(">12290</EventID>"), std::string::npos) << xml;
  EXPECT_NE(xml.find("pc-001.corp.example"), std::string::npos) << xml;
  libevtx_record_free(&record, nullptr);
  libevtx_file_close(file, nullptr);
  libevtx_file_free(&file, nullptr);
  std::filesystem::remove(path);

  ASSERT_EQ(libevtx_file_initialize(&file, &error), 1);
  EXPECT_EQ(libevtx_file_open(file, "no-such-log.evtx", LIBEVTX_OPEN_READ, &error), -1);
  ASSERT_NE(error, nullptr);
  char message[512] = {};
  EXPECT_GT(libevtx_error_sprint(error, message, sizeof message), 0);
  EXPECT_NE(std::string(message).find("no-such-log.evtx"), std::string::npos) << message;
  libevtx_error_free(&error);
  libevtx_file_free(&file, nullptr);
}
