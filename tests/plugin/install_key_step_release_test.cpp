// The install-key step with ProductKey=auto on WIMs made with wimlib-imagex: the key follows the
// image's EditionID and WINDOWS/VERSION/BUILD (Microsoft's "KMS client activation and product
// keys": Windows Server 2016 Standard WC2BQ-...-KHKQY, build 14393 per "Windows Server release
// information"), and a build the catalog does not know fails the step with E506.
#include <gtest/gtest.h>

#include <sstream>

#include "plugin/builtin_steps.hpp"
#include "plugin/step_host.hpp"
#include "servicing/image_session.hpp"
#include "tests/plugin/plugin_test_support.hpp"
#include "tests/support/result_assertions.hpp"

namespace kmsprep {
namespace {

namespace fs = std::filesystem;
using test::TempDir;

fs::path server_wim(const TempDir& dir, const std::string& build) {
  test::write_bytes(dir / "tree" / "Windows" / "win.ini", "[fonts]\r\n");
  const fs::path wim = dir / "install.wim";
  EXPECT_EQ(test::run_program({"wimlib-imagex", "capture", (dir / "tree").string(), wim.string(),
                               "Windows Server Standard"})
                .exit_code,
            0);
  EXPECT_EQ(
      test::run_program({"wimlib-imagex", "info", wim.string(), "1", "--image-property",
                         "WINDOWS/EDITIONID=ServerStandard", "--image-property",
                         "WINDOWS/VERSION/MAJOR=10", "--image-property", "WINDOWS/VERSION/MINOR=0",
                         "--image-property", "WINDOWS/VERSION/BUILD=" + build})
          .exit_code,
      0);
  return wim;
}

StepOutcome run_install_key(const fs::path& wim, std::ostringstream& console) {
  Logger logger(&console);
  StepRegistry registry;
  Variables variables(
      {{"ImagePath", wim.string()}, {"ProductKey", "auto"}},
      [](const std::string&) -> std::optional<std::string> { return std::nullopt; });
  StepRun step_run;
  step_run.step = registry.find("install-key");
  EXPECT_NE(step_run.step, nullptr);
  return run_step(step_run, variables, logger, {});
}

TEST(InstallKeyStepRelease, AutoInstallsTheKeyOfTheImagesBuild) {
  TempDir dir;
  const fs::path wim = server_wim(dir, "14393");
  std::ostringstream console;
  ASSERT_EQ(run_install_key(wim, console).result, 0) << console.str();
  auto session = ImageSession::open(wim.string(), 1, false, nullptr);
  ASSERT_TRUE(session.ok());
  auto answer = session->image().read(OK_VALUE(ImagePath::parse("Windows/Panther/unattend.xml")));
  ASSERT_TRUE(answer.ok());
  EXPECT_NE(answer->find("WC2BQ-8NRM3-FDDYY-2BFGV-KHKQY"), std::string::npos) << *answer;
  EXPECT_EQ(console.str().find("WC2BQ"), std::string::npos) << console.str();
}

TEST(InstallKeyStepRelease, AutoFailsOnABuildTheCatalogDoesNotKnow) {
  TempDir dir;
  const fs::path wim = server_wim(dir, "18000");
  const std::string before = test::read_bytes(wim);
  std::ostringstream console;
  EXPECT_EQ(run_install_key(wim, console).result, 506) << console.str();
  EXPECT_NE(console.str().find("build 18000"), std::string::npos) << console.str();
  EXPECT_EQ(test::read_bytes(wim), before);
}

}  // namespace
}  // namespace kmsprep
