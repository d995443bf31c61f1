#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/support/test_support.hpp"

namespace kmsprep {
namespace {

using test::run_kmsprep;

constexpr const char* kVistaEnterpriseKey = "VKK3X-68KWM-X2YGT-QR4M6-4BWMV";

TEST(GvlkCli, ListsMaskedKeysByDefault) {
  const auto result = run_kmsprep({"gvlk"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("vista-enterprise"), std::string::npos);
  EXPECT_NE(result.out.find("*****-*****-*****-*****-4BWMV"), std::string::npos);
  EXPECT_EQ(result.out.find(kVistaEnterpriseKey), std::string::npos);
  EXPECT_EQ(result.err.find(kVistaEnterpriseKey), std::string::npos);
}

TEST(GvlkCli, JsonFiltersByFamilyAndShowsKeysOnlyWhenAsked) {
  const auto masked = run_kmsprep({"gvlk", "--family", "server2008", "--json"});
  ASSERT_EQ(masked.exit_code, 0) << masked.err;
  const auto document = nlohmann::json::parse(masked.out);
  ASSERT_EQ(document["products"].size(), 13u);
  for (const auto& product : document["products"]) {
    EXPECT_EQ(product["family"], "vista");
    EXPECT_FALSE(product.contains("key"));
    EXPECT_EQ(product["partial_key"].get<std::string>().size(), 5u);
  }
  EXPECT_EQ(masked.out.find(kVistaEnterpriseKey), std::string::npos);

  const auto shown = run_kmsprep({"gvlk", "--family", "vista", "--json", "--show-key"});
  ASSERT_EQ(shown.exit_code, 0);
  const auto full = nlohmann::json::parse(shown.out);
  bool found = false;
  for (const auto& product : full["products"]) {
    if (product["product_id"] == "vista-enterprise") {
      EXPECT_EQ(product["key"], kVistaEnterpriseKey);
      EXPECT_EQ(product["type"], "client");
      EXPECT_EQ(product["edition_id"], "Enterprise");
      found = true;
    }
  }
  EXPECT_TRUE(found);
}

TEST(GvlkCli, UnknownFamilyIsAUsageError) {
  const auto result = run_kmsprep({"gvlk", "--family", "win95"});
  EXPECT_EQ(result.exit_code, 2);
  // The message names the bad value and the families there are, so the exit code is not from
  // some other usage error.
  EXPECT_NE(result.err.find("E100"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("\"win95\" is not an OS family"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("server2025"), std::string::npos) << result.err;
  EXPECT_TRUE(result.out.empty()) << result.out;
}

}  // namespace
}  // namespace kmsprep
