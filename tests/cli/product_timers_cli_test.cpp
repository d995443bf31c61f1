// install-key, generalize and inspect take the per-product timers row of the image's own release
// (engine/data/product_timers.csv, issue 14): the build comes from WINDOWS/VERSION/BUILD, else
// from the SOFTWARE hive. Expected values are the documented ones the table cites, not output.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/support/test_support.hpp"
#include "tests/support/windows_installation.hpp"

namespace kmsprep {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using test::run_kmsprep;
using test::run_program;
using test::TempDir;
using test::write_bytes;

constexpr const char* kVistaEnterprise = "VKK3X-68KWM-X2YGT-QR4M6-4BWMV";
constexpr const char* kServer2008Standard = "TM24T-X9RMF-VWXK6-X8JC9-BFGM2";

// A one-image WIM of a small OS tree with the properties a real install.wim carries.
fs::path make_wim(const TempDir& dir, const std::string& edition_id, const std::string& build) {
  const fs::path tree = dir / "tree";
  write_bytes(tree / "Windows" / "win.ini", "[fonts]\r\n");
  const fs::path wim = dir / "install.wim";
  auto captured = run_program({"wimlib-imagex", "capture", tree.string(), wim.string(), "os"});
  EXPECT_EQ(captured.exit_code, 0) << captured.err;
  auto set =
      run_program({"wimlib-imagex", "info", wim.string(), "1", "--image-property",
                   "WINDOWS/EDITIONID=" + edition_id, "--image-property", "WINDOWS/VERSION/MAJOR=6",
                   "--image-property", "WINDOWS/VERSION/MINOR=0", "--image-property",
                   "WINDOWS/VERSION/BUILD=" + build, "--image-property", "WINDOWS/ARCH=9"});
  EXPECT_EQ(set.exit_code, 0) << set.err;
  return wim;
}

json inspect_json(const fs::path& image) {
  auto result = run_kmsprep({"inspect", image.string(), "--json"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return json::parse(result.out);
}

// Volume Activation 2.0 Operations Guide, "Recovering from a Non-Genuine State": Windows Vista
// Enterprise with SP1 can be rearmed five times, the initial release (build 6000) three times.
TEST(ProductTimersCli, InstallKeyGivesVistaSp1EnterpriseFiveRearms) {
  for (const auto& [build, rearms] : {std::pair<std::string, int>{"6001", 5}, {"6000", 3}}) {
    TempDir dir;
    const fs::path wim = make_wim(dir, "Enterprise", build);
    auto installed = run_kmsprep({"install-key", wim.string(), "--key", kVistaEnterprise});
    ASSERT_EQ(installed.exit_code, 0) << installed.err;
    const json view = inspect_json(wim);
    EXPECT_EQ(view["product_id"], "vista-enterprise") << build;
    EXPECT_EQ(view["rearms_left"], rearms) << "build " << build;
  }
}

// A directory has no WIM properties: the SOFTWARE hive's CurrentBuildNumber (6002, Vista SP2)
// names the release, and SP2 keeps SP1's five rearms.
TEST(ProductTimersCli, InstallKeyReadsTheReleaseFromTheSoftwareHive) {
  TempDir dir;
  const fs::path os = dir / "os";
  test::write_windows_installation(
      os, {test::WindowsRelease::vista_enterprise_sp2, test::SetupImageState::complete});
  auto installed = run_kmsprep({"install-key", os.string(), "--key", kVistaEnterprise});
  ASSERT_EQ(installed.exit_code, 0) << installed.err;
  EXPECT_EQ(inspect_json(os)["rearms_left"], 5);
}

// An image whose answer file installs the key but which has no licensing state: generalize
// starts from the release's allowance (5 on Vista SP2 Enterprise) and consumes one rearm.
TEST(ProductTimersCli, GeneralizeStartsFromTheReleasesAllowance) {
  TempDir dir;
  const fs::path os = dir / "os";
  test::write_windows_installation(
      os, {test::WindowsRelease::vista_enterprise_sp2, test::SetupImageState::complete});
  ASSERT_EQ(run_kmsprep({"install-key", os.string(), "--key", kVistaEnterprise}).exit_code, 0);
  ASSERT_TRUE(fs::remove(os / "Windows" / "kmsprep" / "licensing-state.xml"));
  ASSERT_EQ(inspect_json(os)["rearms_left"], 5);
  auto generalized = run_kmsprep({"generalize", os.string()});
  ASSERT_EQ(generalized.exit_code, 0) << generalized.err;
  EXPECT_EQ(inspect_json(os)["rearms_left"], 4);
}

// Server 2008's out-of-box grace is 60 days in the timers table (its row cites KB948472), not
// the 30 days of the other releases: inspect shows the table's value before first boot.
TEST(ProductTimersCli, InspectShowsTheProductsGraceFromTheTimersTable) {
  TempDir dir;
  const fs::path wim = make_wim(dir, "ServerStandard", "6001");
  auto installed = run_kmsprep({"install-key", wim.string(), "--key", kServer2008Standard});
  ASSERT_EQ(installed.exit_code, 0) << installed.err;
  const json view = inspect_json(wim);
  EXPECT_EQ(view["product_id"], "server2008-standard");
  EXPECT_EQ(view["status"], "oob_grace");
  EXPECT_EQ(view["grace_minutes_left"], 60 * 24 * 60);
}

}  // namespace
}  // namespace kmsprep
