#include "engine/product_timers.hpp"

namespace kmsprep {

// Defined in the generated product_timers_data.cpp.
const std::vector<ProductTimers>& product_timers_data();

const char* to_string(EndOfGrace end) {
  return end == EndOfGrace::reduced_functionality ? "reduced-functionality" : "notification";
}

const std::vector<ProductTimers>& product_timers_table() { return product_timers_data(); }

const ProductTimers& product_timers(const GvlkEntry& product, std::optional<int> build) {
  const int at = build.value_or(product.min_build);
  const auto& table = product_timers_table();
  for (const auto& row : table) {
    std::string_view pattern = row.products;
    bool named = pattern == product.product_id;
    if (!named && !pattern.empty() && pattern.back() == '*') {
      pattern.remove_suffix(1);
      named = product.product_id.substr(0, pattern.size()) == pattern;
    }
    if (named && at >= row.min_build && at <= row.max_build) return row;
  }
  return table.back();
}

}  // namespace kmsprep
