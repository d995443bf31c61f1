// Every HRESULT the engine can report has a meaning (reports and simulate print it beside the
// code), and the engine spells no HRESULT-shaped literal that hresult.hpp does not declare.
#include "engine/hresult.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "tests/support/test_support.hpp"

namespace kmsprep {
namespace {

namespace fs = std::filesystem;

// Licensing (0xC004xxxx, 0x4004xxxx) and Win32 (0x8007xxxx) codes as the sources spell them.
std::set<Hresult> hresults_spelled_in(const std::string& text) {
  static const std::regex code("0x([48C]00[47][0-9A-Fa-f]{4})\\b");
  std::set<Hresult> codes;
  for (std::sregex_iterator it(text.begin(), text.end(), code), end; it != end; ++it) {
    codes.insert(*parse_hresult("0x" + (*it)[1].str()));
  }
  return codes;
}

TEST(Hresult, EveryDeclaredCodeHasAMeaning) {
  const std::string header = test::read_bytes(test::source_dir() / "engine" / "hresult.hpp");
  static const std::regex constant("constexpr Hresult (\\w+) = (0x[0-9A-Fa-f]{8});");
  int declared = 0;
  for (std::sregex_iterator it(header.begin(), header.end(), constant), end; it != end; ++it) {
    ++declared;
    EXPECT_STRNE(hresult_meaning(*parse_hresult((*it)[2].str())), "")
        << (*it)[1].str() << " (" << (*it)[2].str() << ") has no meaning in hresult.cpp";
  }
  EXPECT_GE(declared, 15) << "the constants of engine/hresult.hpp were not found";
}

TEST(Hresult, EveryCodeTheEngineSpellsHasAMeaning) {
  size_t files = 0;
  for (const auto& entry : fs::directory_iterator(test::source_dir() / "engine")) {
    const std::string name = entry.path().filename().string();
    if (entry.path().extension() != ".cpp" && entry.path().extension() != ".hpp") continue;
    ++files;
    for (Hresult code : hresults_spelled_in(test::read_bytes(entry.path()))) {
      EXPECT_STRNE(hresult_meaning(code), "")
          << "engine/" << name << " spells " << format_hresult(code)
          << ": declare it in engine/hresult.hpp and give it a meaning in hresult.cpp";
    }
  }
  EXPECT_GT(files, 10u);
}

// SLInstallProofOfPurchaseEx (Microsoft's slpublic.h documentation): SL_E_PRODUCT_SKU_NOT_INSTALLED
// 0xC004F015, "The license is not installed."
TEST(Hresult, LicenseNotInstalledHasItsDocumentedMeaning) {
  EXPECT_EQ(hresult::license_not_installed, 0xC004F015u);
  EXPECT_NE(std::string(hresult_meaning(0xC004F015)).find("license is not installed"),
            std::string::npos)
      << hresult_meaning(0xC004F015);
}

}  // namespace
}  // namespace kmsprep
