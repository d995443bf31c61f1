// The disc backend on real ISOs made here with genisoimage: ISO9660/Joliet through libarchive,
// Windows-style UDF media (ISO9660 shows only README.TXT) through libudfread, and refusals.
#include "image/disc_image.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "image/disc_volume.hpp"
#include "image/image.hpp"
#include "tests/support/result_assertions.hpp"
#include "tests/support/test_support.hpp"

namespace kmsprep {
namespace {

namespace fs = std::filesystem;
using test::read_bytes;
using test::run_program;
using test::TempDir;
using test::write_bytes;

const std::string kPid = "[PID]\r\nValue=XXXXX-XXXXX-XXXXX-XXXXX-XXXXX\r\n";
const std::string kEi = "[EditionID]\r\nEnterprise\r\n";

void require_tool(const std::string& name) {
  ASSERT_TRUE(test::program_exists(name))
      << name << " is missing: install genisoimage (scripts/test does)";
}

// Install media as Windows ships it: README.TXT at the top, the rest under sources/.
fs::path make_media(const TempDir& dir) {
  const fs::path media = dir / "media";
  write_bytes(media / "README.TXT", "This disc contains a UDF file system.\r\n");
  write_bytes(media / "sources/PID.TXT", kPid);
  write_bytes(media / "sources/ei.cfg", kEi);
  write_bytes(media / "sources/sub/deep.txt", "deep");
  return media;
}

fs::path make_iso(const TempDir& dir, const std::string& name, std::vector<std::string> flags,
                  const fs::path& media) {
  const fs::path iso = dir / name;
  std::vector<std::string> argv{"genisoimage", "-quiet"};
  argv.insert(argv.end(), flags.begin(), flags.end());
  argv.insert(argv.end(), {"-o", iso.string(), media.string()});
  const auto made = run_program(argv);
  EXPECT_EQ(made.exit_code, 0) << made.err;
  return iso;
}

// genisoimage -udf -hide sources: UDF sees everything, ISO9660 only README.TXT.
fs::path make_windows_style_iso(const TempDir& dir) {
  return make_iso(dir, "windows.iso", {"-udf", "-hide", "sources"}, make_media(dir));
}

std::unique_ptr<Image> open_or_fail(const fs::path& path) {
  auto image = open_image(path.string(), OpenOptions{1, false, false, nullptr});
  REQUIRE_OK(image);
  return image ? std::move(*image) : nullptr;
}

ImagePath path_of(const std::string& text) { return *ImagePath::parse(text); }

// Zeroes the UDF anchor volume descriptor pointers (sector 256, N-256 and N-1).
void break_udf_anchors(const fs::path& iso) {
  std::string bytes = read_bytes(iso);
  const size_t sectors = bytes.size() / 2048;
  for (size_t sector : {size_t{256}, sectors - 256, sectors - 1}) {
    if (sector > 16 && sector < sectors) bytes.replace(sector * 2048, 2048, 2048, '\0');
  }
  write_bytes(iso, bytes);
}

TEST(DiscImage, ReadsAWindowsStyleUdfIsoIgnoringCase) {
  require_tool("genisoimage");
  TempDir dir;
  const fs::path iso = make_windows_style_iso(dir);
  auto image = open_or_fail(iso);
  ASSERT_TRUE(image);
  EXPECT_EQ(image->format_name(), "udf");
  EXPECT_FALSE(image->capabilities().write);
  EXPECT_EQ(OK_VALUE(image->read(path_of("SOURCES/PID.TXT"))), kPid);
  EXPECT_EQ(OK_VALUE(image->read(path_of("sources/pid.txt"))), kPid);
  EXPECT_EQ(OK_VALUE(image->read(path_of("Sources\\EI.CFG"))), kEi);
  EXPECT_EQ(OK_VALUE(image->read(path_of("sources/SUB/deep.txt"))), "deep");
  auto stat = image->stat(path_of("SOURCES/pid.txt"));
  ASSERT_TRUE(stat && *stat);
  EXPECT_EQ((*stat)->path.to_string(), "sources/PID.TXT");
  EXPECT_EQ((*stat)->size, kPid.size());
  auto root = image->list(ImagePath());
  ASSERT_TRUE(root);
  ASSERT_EQ(root->size(), 2u);
  auto missing = image->read(path_of("sources/install.wim"));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code(), ErrorCode::path_not_in_image);
}

TEST(DiscImage, ReadsAnIso9660JolietDisc) {
  require_tool("genisoimage");
  TempDir dir;
  const fs::path iso = make_iso(dir, "joliet.iso", {"-J"}, make_media(dir));
  auto image = open_or_fail(iso);
  ASSERT_TRUE(image);
  EXPECT_EQ(image->format_name(), "iso9660 (Joliet)");
  EXPECT_EQ(OK_VALUE(image->read(path_of("sources/pid.txt"))), kPid);
  EXPECT_EQ(OK_VALUE(image->read(path_of("SOURCES/EI.CFG"))), kEi);
  auto stat = image->stat(path_of("SOURCES/ei.cfg"));
  ASSERT_TRUE(stat && *stat);
  EXPECT_EQ((*stat)->path.to_string(), "sources/ei.cfg");
}

TEST(DiscImage, ReadsAPlainIso9660Disc) {
  require_tool("genisoimage");
  TempDir dir;
  const fs::path iso = make_iso(dir, "plain.iso", {}, make_media(dir));
  auto image = open_or_fail(iso);
  ASSERT_TRUE(image);
  EXPECT_EQ(image->format_name(), "iso9660");
  EXPECT_EQ(OK_VALUE(image->read(path_of("sources/pid.txt"))), kPid);
}

TEST(DiscImage, RefusesAReadmeOnlyIsoWithoutUdf) {
  require_tool("genisoimage");
  TempDir dir;
  write_bytes(dir / "readme/README.TXT", "This disc contains a UDF file system.\r\n");
  const fs::path iso = make_iso(dir, "readme.iso", {}, dir / "readme");
  const std::string bytes = read_bytes(iso);
  auto image = open_image(iso.string(), OpenOptions{1, false, false, nullptr});
  ASSERT_FALSE(image);
  EXPECT_EQ(image.error().code(), ErrorCode::udf_volume_missing);
  EXPECT_EQ(image.error().kind(), ErrorKind::bad_input);
  EXPECT_NE(image.error().to_string().find("UDF"), std::string::npos);
  EXPECT_EQ(read_bytes(iso), bytes);
}

TEST(DiscImage, RefusesAReadmeOnlyIsoWhoseUdfVolumeIsUnreadable) {
  require_tool("genisoimage");
  TempDir dir;
  const fs::path iso = make_windows_style_iso(dir);
  break_udf_anchors(iso);
  const std::string bytes = read_bytes(iso);
  auto image = open_image(iso.string(), OpenOptions{1, false, false, nullptr});
  ASSERT_FALSE(image);
  EXPECT_EQ(image.error().code(), ErrorCode::udf_volume_missing);
  EXPECT_NE(image.error().to_string().find("UDF"), std::string::npos);
  EXPECT_EQ(read_bytes(iso), bytes);
}

TEST(DiscImage, FallsBackToIso9660WhenUdfIsUnreadableButIso9660HoldsTheMedia) {
  require_tool("genisoimage");
  TempDir dir;
  const fs::path iso = make_iso(dir, "both.iso", {"-udf", "-J"}, make_media(dir));
  break_udf_anchors(iso);
  auto image = open_or_fail(iso);
  ASSERT_TRUE(image);
  EXPECT_EQ(OK_VALUE(image->read(path_of("SOURCES/PID.TXT"))), kPid);
}

TEST(DiscImage, RefusesWritesUpFrontAndSaysHow) {
  require_tool("genisoimage");
  TempDir dir;
  const fs::path udf = make_windows_style_iso(dir);
  const fs::path joliet = make_iso(dir, "joliet.iso", {"-J"}, dir / "media");
  for (const fs::path& iso : {udf, joliet}) {
    const std::string bytes = read_bytes(iso);
    auto writable = open_image(iso.string(), OpenOptions{1, true, false, nullptr});
    ASSERT_FALSE(writable);
    EXPECT_EQ(writable.error().code(), ErrorCode::image_write_unsupported);
    EXPECT_EQ(writable.error().kind(), ErrorKind::bad_input);
    const std::string message = writable.error().to_string();
    EXPECT_NE(message.find("7z x"), std::string::npos) << message;
    EXPECT_NE(message.find("mount"), std::string::npos) << message;
    EXPECT_NE(message.find("oscdimg -u2"), std::string::npos) << message;
    EXPECT_NE(message.find("genisoimage -udf -allow-limited-size"), std::string::npos) << message;

    auto image = open_or_fail(iso);
    ASSERT_TRUE(image);
    auto staged = image->write(path_of("sources/ei.cfg"), "changed");
    ASSERT_FALSE(staged);
    EXPECT_EQ(staged.error().code(), ErrorCode::image_write_unsupported);
    EXPECT_EQ(read_bytes(iso), bytes);
  }
}

TEST(DiscVolumes, TellsIsoKindsApartByTheirDescriptors) {
  require_tool("genisoimage");
  TempDir dir;
  const fs::path media = make_media(dir);
  const DiscVolumes plain = read_volume_descriptors(read_bytes(make_iso(dir, "p.iso", {}, media)));
  EXPECT_TRUE(plain.iso9660);
  EXPECT_FALSE(plain.joliet);
  EXPECT_FALSE(plain.udf);
  const DiscVolumes joliet =
      read_volume_descriptors(read_bytes(make_iso(dir, "j.iso", {"-J"}, media)));
  EXPECT_TRUE(joliet.iso9660);
  EXPECT_TRUE(joliet.joliet);
  EXPECT_FALSE(joliet.udf);
  const DiscVolumes udf =
      read_volume_descriptors(read_bytes(make_iso(dir, "u.iso", {"-udf"}, media)));
  EXPECT_TRUE(udf.iso9660);
  EXPECT_TRUE(udf.udf);
  EXPECT_FALSE(read_volume_descriptors(std::string(100000, '\0')).any());
  EXPECT_FALSE(looks_like_disc_image("short"));
}

}  // namespace
}  // namespace kmsprep
