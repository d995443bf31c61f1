// Per-product licensing timers and limits: out-of-box grace, how many rearms (Vista, 7, 2008,
// 2008 R2) or sysprep runs (8 / 2012 and later) an installation allows, and what the end of grace
// brings (notifications, or Vista RTM's reduced-functionality mode). Rows of
// engine/data/product_timers.csv (compiled into product_timers_data.cpp), first match wins.
// Licensing-state defaults, generalize and the fleet simulation use it.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "engine/gvlk_catalog.hpp"

namespace kmsprep {

enum class EndOfGrace { notification, reduced_functionality };
const char* to_string(EndOfGrace end);  // "notification" | "reduced-functionality"

inline constexpr int kUnlimited = -1;

struct ProductTimers {
  std::string_view products;  // product id pattern: exact, "prefix-*" or "*"
  int min_build;              // WINDOWS/VERSION/BUILD range of the row, inclusive
  int max_build;              // kOpenEndedBuild: and later
  int oob_grace_days;
  int rearm_limit;    // kUnlimited where the release counts sysprep runs instead
  int sysprep_limit;  // kUnlimited where rearms are what runs out
  EndOfGrace end_of_grace;
};

const std::vector<ProductTimers>& product_timers_table();

// The row for `product` at `build`. Without a build: the product's first build (its first
// release, the smaller allowance: Vista Enterprise RTM allows 3 rearms, SP1 5). Every product
// matches the final "*" row at least.
const ProductTimers& product_timers(const GvlkEntry& product, std::optional<int> build = {});

}  // namespace kmsprep
