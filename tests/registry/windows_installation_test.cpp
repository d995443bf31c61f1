// The test-support Windows installation trees and kmsprep_make_hive produce what they promise,
// as tools outside kmsprep read it.
#include "tests/support/windows_installation.hpp"

#include <gtest/gtest.h>

#include "tests/support/independent_hive_reader.hpp"
#include "tests/support/test_support.hpp"

namespace kmsprep::test {
namespace {

TEST(WindowsInstallation, TreesHaveHivesStateIniAndTagWhereWindowsKeepsThem) {
  for (auto release :
       {WindowsRelease::vista_enterprise_sp2, WindowsRelease::windows7_enterprise_sp1,
        WindowsRelease::windows10_enterprise_22h2, WindowsRelease::server2022_datacenter}) {
    TempDir dir;
    WindowsInstallationSpec spec;
    spec.release = release;
    write_windows_installation(dir.path(), spec);
    EXPECT_TRUE(hivexml_accepts(dir / kSoftwareHivePath));
    EXPECT_TRUE(hivexml_accepts(dir / kSystemHivePath));
    EXPECT_EQ(reglookup_value(dir / kSoftwareHivePath, "Microsoft\\Windows NT\\CurrentVersion",
                              "EditionID"),
              "SZ," + release_facts(release).edition_id);
    const std::string licensing =
        release_facts(release).vista_layout
            ? "Microsoft/Windows NT/CurrentVersion/SL"
            : "Microsoft/Windows NT/CurrentVersion/SoftwareProtectionPlatform";
    const ProgramResult keys = run_program({"reglookup", "-H", "-s", "-t", "KEY", "-p",
                                            "/" + licensing, (dir / kSoftwareHivePath).string()});
    EXPECT_NE(keys.out.find("/" + licensing + ","), std::string::npos) << keys.out;
    EXPECT_EQ(read_bytes(dir / kStateIniPath),
              "[State]\r\nImageState=IMAGE_STATE_GENERALIZE_RESEAL_TO_OOBE\r\n");
    EXPECT_TRUE(std::filesystem::exists(dir / kSysprepTagPath));
  }
}

TEST(WindowsInstallation, AUsedInstallationHasNoSysprepTag) {
  TempDir dir;
  WindowsInstallationSpec spec;
  spec.image_state = SetupImageState::complete;
  write_windows_installation(dir.path(), spec);
  EXPECT_FALSE(std::filesystem::exists(dir / kSysprepTagPath));
  EXPECT_EQ(hivexget_value(dir / kSystemHivePath, "Setup", "SystemSetupInProgress"), "0");
  EXPECT_EQ(hivexget_value(dir / kSoftwareHivePath,
                           "Microsoft\\Windows\\CurrentVersion\\Setup\\State", "ImageState"),
            "IMAGE_STATE_COMPLETE");
}

TEST(MakeHive, WritesEveryTypeOfTheSpec) {
  TempDir dir;
  write_bytes(dir / "spec.txt",
              "# a comment\n"
              "Microsoft\\Windows NT\\CurrentVersion|EditionID|sz|Server|Datacenter\n"
              "Microsoft\\Windows NT\\CurrentVersion|UBR|dword|0x8D1\r\n"
              "Microsoft\\Windows NT\\CurrentVersion|Blob|binary-hex|01 02 ff\n"
              "Microsoft\\Windows NT\\CurrentVersion|Zeros|binary-zeros|3\n"
              "Microsoft\\Windows NT\\CurrentVersion|List|multi-sz|a|b\n"
              "Microsoft\\Windows NT\\CurrentVersion|Path|expand-sz|%SystemRoot%\n"
              "Microsoft\\Windows NT\\CurrentVersion|DigitalProductId|product-key|"
              "WX4NM-KYWYW-QJJR4-XV3QB-6VM33\n"
              "\n"
              "Empty\\Key\n");
  const ProgramResult made =
      run_program({(build_dir() / "bin" / "kmsprep_make_hive").string(),
                   (dir / "spec.txt").string(), (dir / "SOFTWARE").string()});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  const std::string cv = "Microsoft\\Windows NT\\CurrentVersion";
  EXPECT_EQ(reglookup_value(dir / "SOFTWARE", cv, "EditionID"), "SZ,Server|Datacenter");
  EXPECT_EQ(reglookup_value(dir / "SOFTWARE", cv, "UBR"), "DWORD,0x000008D1");
  EXPECT_EQ(reglookup_value(dir / "SOFTWARE", cv, "Blob"), "BINARY,%01%02%FF");
  EXPECT_EQ(reglookup_value(dir / "SOFTWARE", cv, "Zeros"), "BINARY,%00%00%00");
  EXPECT_EQ(reglookup_value(dir / "SOFTWARE", cv, "List").substr(0, 9), "MULTI_SZ,");
  EXPECT_EQ(reglookup_value(dir / "SOFTWARE", cv, "Path"), "EXPAND_SZ,%25SystemRoot%25");
  EXPECT_EQ(reglookup_value(dir / "SOFTWARE", cv, "DigitalProductId").substr(0, 10), "BINARY,%A4");
  const ProgramResult keys =
      run_program({"reglookup", "-H", "-s", "-t", "KEY", (dir / "SOFTWARE").string()});
  EXPECT_NE(keys.out.find("/Empty/Key,"), std::string::npos);
}

TEST(MakeHive, ABadLineIsRefusedWithItsNumber) {
  TempDir dir;
  write_bytes(dir / "spec.txt", "Key|Name|sz|ok\nKey|Name|dword|twelve\n");
  const ProgramResult made =
      run_program({(build_dir() / "bin" / "kmsprep_make_hive").string(),
                   (dir / "spec.txt").string(), (dir / "SOFTWARE").string()});
  EXPECT_EQ(made.exit_code, 3);
  EXPECT_NE(made.err.find("line 2"), std::string::npos) << made.err;
  EXPECT_FALSE(std::filesystem::exists(dir / "SOFTWARE"));
}

}  // namespace
}  // namespace kmsprep::test
