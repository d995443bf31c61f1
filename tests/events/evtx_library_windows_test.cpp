// The Windows build has no libevtx (docs/windows-build.md, "Not done yet"): an .evtx export is
// E903 (exit 4) saying to use the Linux build or an XML/CSV export. Windows suite only.
#include <gtest/gtest.h>

#include <string>

#include "events/event_export.hpp"
#include "events/evtx_library.hpp"
#include "tests/support/test_support.hpp"

namespace kmsprep {
namespace {

void expect_no_libevtx_on_windows(const Error& error) {
  EXPECT_EQ(error.code(), ErrorCode::tool_missing);
  EXPECT_EQ(error.kind(), ErrorKind::environment);  // exit 4
  const std::string text = error.to_string();
  EXPECT_NE(text.find("E903"), std::string::npos) << text;
  EXPECT_NE(text.find("the Windows build of kmsprep has no libevtx library yet"), std::string::npos)
      << text;
  EXPECT_NE(text.find("with the Linux build of kmsprep"), std::string::npos) << text;
  EXPECT_NE(text.find("wevtutil XML or CSV"), std::string::npos) << text;
}

TEST(EvtxLibraryOnWindows, LoadingIsToolMissingSayingWhatToDoInstead) {
  auto library = load_evtx_library();
  ASSERT_FALSE(library.ok());
  expect_no_libevtx_on_windows(library.error());
}

TEST(EvtxLibraryOnWindows, AnEvtxExportStopsAtTheMissingLibrary) {
  test::TempDir dir;
  std::string bytes(4096, '\0');
  bytes.replace(0, 8, std::string("ElfFile\0", 8));  // what read_event_export detects
  test::write_bytes(dir / "kms.evtx", bytes);
  uint64_t other_events = 0;
  auto read = read_event_export((dir / "kms.evtx").string(),
                                [](const KmsEvent&) { return ok_status(); }, other_events);
  ASSERT_FALSE(read.ok());
  expect_no_libevtx_on_windows(read.error());
}

}  // namespace
}  // namespace kmsprep
