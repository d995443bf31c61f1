#include "plugin/image_entry_probe.hpp"

#include <gtest/gtest.h>

#include "tests/support/test_support.hpp"

namespace kmsprep {
namespace {

namespace fs = std::filesystem;

EnvironmentLookup no_environment() {
  return [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
}

std::string placed(const std::string& windows_path, const Variables& variables) {
  auto path = image_path_of_windows_path(windows_path, variables);
  return path ? path->to_string() : "refused: " + path.error().detail();
}

TEST(ImageEntryProbe, PlacesWindowsPathsOnTheSystemDriveInTheImage) {
  Variables variables({{"OSDisk", "C:"}, {"AppFolder", "D:\\Apps\\Contoso"}}, no_environment());
  EXPECT_EQ(placed("%SystemRoot%\\System32\\slmgr.vbs", variables), "Windows/System32/slmgr.vbs");
  EXPECT_EQ(placed("%WINDIR%\\Panther", variables), "Windows/Panther");
  EXPECT_EQ(placed("C:\\Program Files\\Contoso\\app.exe", variables),
            "Program Files/Contoso/app.exe");
  EXPECT_EQ(placed("%ProgramFiles(x86)%\\Contoso", variables), "Program Files (x86)/Contoso");
  EXPECT_EQ(placed("%OSDisk%\\ProgramData\\x", variables), "ProgramData/x");
  EXPECT_EQ(placed("%AppFolder%\\run.cmd", variables), "Apps/Contoso/run.cmd");
  EXPECT_EQ(placed("c:/Windows/Setup", variables), "Windows/Setup");
  for (const char* refused :
       {"X:\\Windows\\System32\\wpeinit.exe", "Windows\\System32", "\\\\server\\share\\file",
        "%Unset%\\file", "C:\\Windows\\..\\..\\etc\\passwd", "%SystemRoot"}) {
    EXPECT_EQ(placed(refused, variables).rfind("refused: ", 0), 0u) << refused;
  }
}

TEST(ImageEntryProbe, LooksForFilesAndFoldersInTheDirectoryImageAtImagePath) {
  test::TempDir temp;
  test::write_bytes(temp / "Windows" / "Setup" / "Scripts" / "SetupComplete.cmd", "@echo off\r\n");
  fs::create_directories(temp / "Program Files" / "Contoso");
  Variables variables({{"ImagePath", temp.path().string()}}, no_environment());
  const ImageEntryProbe probe = image_entry_probe(variables, nullptr);
  EXPECT_EQ(probe("%SystemRoot%\\Setup\\Scripts\\setupcomplete.CMD", false).truth, Truth::holds);
  EXPECT_EQ(probe("%SystemRoot%\\Setup\\Scripts\\SetupComplete.cmd", true).truth, Truth::fails);
  EXPECT_EQ(probe("%ProgramFiles%\\Contoso", true).truth, Truth::holds);
  EXPECT_EQ(probe("%ProgramFiles%\\Contoso", false).truth, Truth::fails);
  EXPECT_EQ(probe("C:\\Windows\\System32\\missing.dll", false).truth, Truth::fails);
  const ConditionResult pe = probe("X:\\Windows\\System32\\wpeinit.exe", false);
  EXPECT_EQ(pe.truth, Truth::unknown);
  EXPECT_NE(pe.unknown_because.find("Windows PE"), std::string::npos) << pe.unknown_because;

  Variables no_image({}, no_environment());
  const ConditionResult unset = image_entry_probe(no_image, nullptr)("C:\\Windows", true);
  EXPECT_EQ(unset.truth, Truth::unknown);
  EXPECT_NE(unset.unknown_because.find("ImagePath is not set"), std::string::npos);
}

}  // namespace
}  // namespace kmsprep
