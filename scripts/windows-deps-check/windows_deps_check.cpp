// One call into each library of the Windows dependency prefix, so that a missing symbol, a
// missing static dependency (Libs.private) or a feature left out of a build shows up at link
// time or as a failed test under Wine, before kmsprep.exe itself is built against the prefix.
#include <archive.h>
#include <bzlib.h>
#include <gtest/gtest.h>
#include <libxml/parser.h>
#include <lzma.h>
#include <udfread/udfread.h>
#include <wimlib.h>
#include <zlib.h>

#include <boost/program_options.hpp>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>
#include <string>

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
