// Issue 3's masking rule across the whole tool: every subcommand that touches a product key
// shows only its last five characters on stdout, stderr and in the CMTrace log; only
// --show-key prints a full key, and never into the log.
#include <gtest/gtest.h>

#include "tests/plugin/plugin_test_support.hpp"
#include "tests/support/test_support.hpp"

namespace kmsprep {
namespace {

namespace fs = std::filesystem;
using test::read_bytes;
using test::run_kmsprep;
using test::TempDir;

constexpr const char* kKey = "VKK3X-68KWM-X2YGT-QR4M6-4BWMV";
constexpr const char* kKeyStart = "VKK3X";

TEST(KeyMasking, NoSubcommandPrintsOrLogsTheFullKey) {
  TempDir dir;
  const fs::path os = dir / "pc";
  fs::copy(test::source_dir() / "samples" / "reference-pc", os, fs::copy_options::recursive);
  fs::copy_file(test::source_dir() / "samples" / "answer" / "unattend.xml",
                os / "Windows" / "Panther" / "unattend.xml", fs::copy_options::overwrite_existing);
  const std::string media = (test::source_dir() / "samples" / "media").string();
  const std::string wim = (dir / "pc.wim").string();
  const fs::path plugins = test::plugin_directory(dir / "plugins", {"kmsprep-sample-step"});
  const std::string log = (dir / "kmsprep.log").string();

  const std::vector<std::vector<std::string>> runs = {
      {"pid", media},
      {"pid", media, "--json"},
      {"gvlk", "--family", "vista"},
      {"gvlk", "--json"},
      {"install-key", os.string(), "--key", kKey, "--dry-run"},
      {"install-key", os.string(), "--key", kKey, "--verbose"},
      {"install-key", os.string(), "--key", "VKK3X-68KWM-X2YGT-QR4M6-4BWM0"},  // malformed
      {"configure", os.string(), "--kms-host", "kms1.corp.example", "--dry-run"},
      {"configure", os.string(), "--kms-host", "kms1.corp.example", "--json"},
      {"unattend", "show", os.string()},
      {"unattend", "show", os.string(), "--json"},
      {"unattend", "check", os.string(), "--json"},
      {"unattend", "locate", os.string()},
      {"inspect", os.string()},
      {"inspect", os.string(), "--json"},
      {"generalize", os.string(), "--dry-run", "--json"},
      {"generalize", os.string(), "--verbose"},
      {"capture", os.string(), wim, "--name", "pc"},
      {"image", "info", wim, "--json"},
      {"validate", wim, "--media", media},
      {"validate", wim, "--format", "junit"},
      {"validate", wim, "--format", "json"},
      {"step", "install-key", "--var", "ImagePath=" + os.string(), "--var",
       std::string("ProductKey=") + kKey, "--json"},
      {"sequence", (test::source_dir() / "samples" / "sequences" / "capture.xml").string(),
       "--dry-run", "--plugin-dir", plugins.string(), "--var", std::string("ProductKey=") + kKey},
  };
  for (auto args : runs) {
    std::string joined;
    for (const auto& arg : args) joined += arg + " ";
    args.push_back("--log");
    args.push_back(log);
    const auto result = run_kmsprep(args, {}, {std::string("ProductKey=") + kKey});
    EXPECT_NE(result.exit_code, -1) << joined;
    EXPECT_EQ(result.out.find(kKeyStart), std::string::npos) << joined << "\n" << result.out;
    EXPECT_EQ(result.err.find(kKeyStart), std::string::npos) << joined << "\n" << result.err;
  }
  const std::string log_text = read_bytes(log);
  EXPECT_FALSE(log_text.empty());
  EXPECT_EQ(log_text.find(kKeyStart), std::string::npos) << log_text;
  EXPECT_NE(log_text.find("4BWMV"), std::string::npos);
}

TEST(KeyMasking, ShowKeyPrintsTheKeyButTheLogStaysMasked) {
  TempDir dir;
  const std::string log = (dir / "kmsprep.log").string();
  const std::string media = (test::source_dir() / "samples" / "media").string();
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"pid", media, "--show-key", "--log", log, "--verbose"},
        std::vector<std::string>{"gvlk", "--family", "vista", "--show-key", "--log", log}}) {
    const auto result = run_kmsprep(args);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_NE(result.out.find(kKey), std::string::npos) << result.out;
  }
  EXPECT_EQ(read_bytes(log).find(kKeyStart), std::string::npos);
}

}  // namespace
}  // namespace kmsprep
