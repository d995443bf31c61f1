// The host key and product timer tables agree with their CSVs (engine/data/) and name only
// products the GVLK catalog knows, so a typo in a pattern cannot silently cover nothing.
#include <gtest/gtest.h>

#include <sstream>

#include "engine/host_key_table.hpp"
#include "engine/product_timers.hpp"
#include "tests/support/test_support.hpp"

namespace kmsprep {
namespace {

std::vector<std::vector<std::string>> csv_rows(const char* path) {
  std::istringstream csv(test::read_bytes(test::source_dir() / path));
  std::vector<std::vector<std::string>> rows;
  std::string line;
  std::getline(csv, line);
  while (std::getline(csv, line)) {
    std::vector<std::string> fields;
    std::string field;
    std::istringstream cells(line);
    while (std::getline(cells, field, ',')) fields.push_back(field);
    if (!line.empty() && line.back() == ',') fields.emplace_back();
    rows.push_back(fields);
  }
  return rows;
}

TEST(ActivationTables, HostKeysAgreeWithTheirCsv) {
  const auto rows = csv_rows("engine/data/kms_host_keys.csv");
  ASSERT_EQ(rows.size(), host_key_table().size())
      << "run engine/data/generate_activation_tables.sh";
  for (size_t i = 0; i < rows.size(); ++i) {
    const HostKeyEntry& entry = host_key_table()[i];
    EXPECT_EQ(rows[i][0], entry.id);
    EXPECT_EQ(rows[i][2], to_string(entry.kind));
    EXPECT_EQ(rows[i][3], entry.hosted_on);
    EXPECT_EQ(rows[i][4], entry.hosted_after_update);
    EXPECT_EQ(rows[i][5], entry.activates) << "run engine/data/generate_activation_tables.sh";
    EXPECT_FALSE(rows[i][6].empty()) << entry.id << " names no source";
  }
  EXPECT_EQ(csv_rows("engine/data/kms_host_os.csv").size(), host_os_table().size());
}

TEST(ActivationTables, EveryHostKeyPatternNamesACatalogProduct) {
  for (const HostKeyEntry& entry : host_key_table()) {
    std::istringstream patterns{std::string(entry.activates)};
    std::string pattern;
    while (patterns >> pattern) {
      bool found = false;
      for (const GvlkEntry& product : gvlk_catalog()) {
        HostKeyEntry single = entry;
        single.activates = pattern;
        found = found || single.activates_product(product.product_id);
      }
      EXPECT_TRUE(found) << entry.id << ": " << pattern << " matches no catalog product";
    }
    std::istringstream hosts{std::string(entry.hosted_on)};
    std::string os;
    while (hosts >> os) EXPECT_NE(find_host_os(os), nullptr) << entry.id << ": " << os;
  }
}

TEST(ActivationTables, ProductTimersAgreeWithTheirCsv) {
  const auto rows = csv_rows("engine/data/product_timers.csv");
  ASSERT_EQ(rows.size(), product_timers_table().size())
      << "run engine/data/generate_activation_tables.sh";
  for (size_t i = 0; i < rows.size(); ++i) {
    const ProductTimers& row = product_timers_table()[i];
    EXPECT_EQ(rows[i][0], row.products);
    EXPECT_EQ(rows[i][3], std::to_string(row.oob_grace_days));
    EXPECT_EQ(rows[i][4], row.rearm_limit == kUnlimited ? "" : std::to_string(row.rearm_limit));
    EXPECT_EQ(rows[i][5], row.sysprep_limit == kUnlimited ? "" : std::to_string(row.sysprep_limit));
    EXPECT_EQ(rows[i][6], to_string(row.end_of_grace));
  }
  EXPECT_EQ(product_timers_table().back().products, "*") << "the last row must catch every product";
}

}  // namespace
}  // namespace kmsprep
