#include "engine/gvlk_catalog.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "tests/support/test_support.hpp"

namespace kmsprep {
namespace {

TEST(GvlkCatalog, MatchesTheCsvItIsGeneratedFrom) {
  std::istringstream csv(test::read_bytes(test::source_dir() / "engine/data/gvlk.csv"));
  std::string line;
  std::getline(csv, line);
  EXPECT_EQ(line, "product_id,family,type,edition,edition_id,gvlk");
  size_t row = 0;
  const auto& catalog = gvlk_catalog();
  while (std::getline(csv, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    ASSERT_LT(row, catalog.size()) << "the CSV has more rows; run engine/data/generate_gvlk_catalog.sh";
    const GvlkEntry& entry = catalog[row++];
    std::ostringstream generated;
    generated << entry.product_id << "," << to_string(entry.family) << "," << to_string(entry.type)
              << "," << entry.display_name << "," << entry.edition_id << "," << entry.key;
    EXPECT_EQ(generated.str(), line) << "run engine/data/generate_gvlk_catalog.sh";
  }
  EXPECT_EQ(row, catalog.size());
  EXPECT_EQ(catalog.size(), 78u);
}

TEST(GvlkCatalog, EveryKeyParsesAndCarriesAnNOnlyFromWindows8On) {
  for (const auto& entry : gvlk_catalog()) {
    auto key = ProductKey::parse(entry.key);
    ASSERT_TRUE(key) << entry.product_id;
    const bool old = entry.family == OsFamily::vista || entry.family == OsFamily::win7;
    EXPECT_EQ(key->has_n(), !old) << entry.product_id;
  }
}

TEST(GvlkCatalog, FindsAProductByItsKey) {
  auto key = ProductKey::parse("vkk3x-68kwm-x2ygt-qr4m6-4bwmv");
  ASSERT_TRUE(key);
  const GvlkEntry* entry = find_gvlk_by_key(*key);
  ASSERT_NE(entry, nullptr);
  EXPECT_EQ(entry->product_id, "vista-enterprise");
  EXPECT_EQ(entry->family, OsFamily::vista);
  EXPECT_EQ(entry->type, ProductType::client);
  EXPECT_EQ(entry->edition_id, "Enterprise");
  EXPECT_EQ(entry->display_name, "Windows Vista Enterprise");
}

TEST(GvlkCatalog, SaysAnUnpublishedKeyIsNotAGvlk) {
  auto key = ProductKey::parse("BBBBB-BBBBB-BBBBB-BBBBB-BBBBB");
  ASSERT_TRUE(key);
  EXPECT_EQ(find_gvlk_by_key(*key), nullptr);
}

TEST(GvlkCatalog, FindsByProductIdAndFamily) {
  const GvlkEntry* server = find_gvlk_by_product_id("server2008-standard");
  ASSERT_NE(server, nullptr);
  EXPECT_EQ(server->type, ProductType::server);
  EXPECT_EQ(server->family, OsFamily::vista);
  EXPECT_EQ(find_gvlk_by_product_id("win12-home"), nullptr);
  EXPECT_EQ(gvlk_entries_for_family(OsFamily::vista).size(), 13u);
  EXPECT_EQ(gvlk_entries_for_family(OsFamily::win7).size(), 12u);
}

TEST(GvlkCatalog, FindsByEditionIdWithinAFamilyNewestLast) {
  auto win7 = find_gvlk_by_edition("enterprise", OsFamily::win7);
  ASSERT_EQ(win7.size(), 1u);
  EXPECT_EQ(win7[0]->product_id, "win7-enterprise");
  auto ltsc = find_gvlk_by_edition("EnterpriseS", OsFamily::win10);
  ASSERT_EQ(ltsc.size(), 3u);
  EXPECT_EQ(ltsc.back()->product_id, "win10-enterprises-2019");
  EXPECT_TRUE(find_gvlk_by_edition("Ultimate", OsFamily::vista).empty());
}

}  // namespace
}  // namespace kmsprep
