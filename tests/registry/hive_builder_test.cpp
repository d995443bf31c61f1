// The test-support hive builder writes hives that tools outside kmsprep accept and read back.
#include "tests/support/hive_builder.hpp"

#include <gtest/gtest.h>

#include "tests/support/independent_hive_reader.hpp"
#include "tests/support/test_support.hpp"

namespace kmsprep::test {
namespace {

TEST(HiveBuilder, EmptyHiveIsAcceptedByHivexmlAndReglookup) {
  TempDir dir;
  write_bytes(dir / "EMPTY", empty_hive());
  EXPECT_TRUE(hivexml_accepts(dir / "EMPTY"));
  const ProgramResult listing = run_program({"reglookup", "-H", "-s", (dir / "EMPTY").string()});
  EXPECT_EQ(listing.exit_code, 0) << listing.err;
  EXPECT_EQ(listing.err, "");
}

TEST(HiveBuilder, ValuesReadBackThroughHivexgetAndReglookup) {
  TempDir dir;
  HiveBuilder builder;
  builder.set_string("Microsoft\\Windows NT\\CurrentVersion", "EditionID", "Enterprise")
      .set_dword("Microsoft\\Windows NT\\CurrentVersion", "UBR", 3803)
      .set_binary("Microsoft\\Windows NT\\CurrentVersion", "Blob", std::string("\x01\x02\xff", 3))
      .set_multi_string("Microsoft\\Multi", "List", {"a", "b"});
  builder.write_to(dir / "SOFTWARE");
  EXPECT_TRUE(hivexml_accepts(dir / "SOFTWARE"));
  EXPECT_EQ(hivexget_value(dir / "SOFTWARE", "Microsoft\\Windows NT\\CurrentVersion", "EditionID"),
            "Enterprise");
  EXPECT_EQ(hivexget_value(dir / "SOFTWARE", "Microsoft\\Windows NT\\CurrentVersion", "UBR"),
            "3803");
  EXPECT_EQ(reglookup_value(dir / "SOFTWARE", "Microsoft\\Windows NT\\CurrentVersion", "EditionID"),
            "SZ,Enterprise");
  EXPECT_EQ(reglookup_value(dir / "SOFTWARE", "Microsoft\\Windows NT\\CurrentVersion", "UBR"),
            "DWORD,0x00000EDB");
  EXPECT_EQ(reglookup_value(dir / "SOFTWARE", "Microsoft\\Windows NT\\CurrentVersion", "Blob"),
            "BINARY,%01%02%FF");
  EXPECT_TRUE(
      hivexget_lacks_value(dir / "SOFTWARE", "Microsoft\\Windows NT\\CurrentVersion", "Nope"));
}

}  // namespace
}  // namespace kmsprep::test
