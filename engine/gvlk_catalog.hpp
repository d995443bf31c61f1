// The GVLK catalog: the published KMS client setup keys (engine/data/gvlk.csv, compiled into
// gvlk_catalog_data.cpp), one row per product and release, and what each one names. Anyone may
// call it: pid/install-key ask "is this a GVLK, of which product", --key auto and validate ask
// "which product is an image of this EditionID and build", the topology reader resolves product
// ids, validate and the simulation ask a product's family and whether it is a client or a server.
#pragma once

#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "core/os_family.hpp"
#include "core/product_key.hpp"
#include "core/result.hpp"

namespace kmsprep {

enum class ProductType { client, server };

const char* to_string(ProductType type);  // "client" | "server"

// max_build of the newest release of a product whose key carries on to later builds (Windows 11
// feature updates); an empty max_build in the CSV.
inline constexpr int kOpenEndedBuild = std::numeric_limits<int>::max();

struct GvlkEntry {
  std::string_view product_id;  // stable id used everywhere: "win10-enterprise"
  OsFamily family;
  ProductType type;
  std::string_view display_name;  // "Windows 10 Enterprise"
  std::string_view edition_id;    // as in WIM metadata WINDOWS/EDITIONID: "Enterprise"
  std::string_view key;           // the GVLK, dashed; print only where --show-key asks
  std::string_view release;       // "2019", "LTSC 2021", "1507-22H2", "21H2 and later"
  int min_build;                  // WINDOWS/VERSION/BUILD range this row serves, inclusive
  int max_build;                  // kOpenEndedBuild: this and every later build
  // Other EditionID spellings of the same product, '|'-separated: the WIM FLAGS of a Server Core
  // image ("ServerStandardCore") where WINDOWS/EDITIONID and the registry say "ServerStandard".
  std::string_view other_edition_ids;

  bool serves_build(int build) const { return build >= min_build && build <= max_build; }
  // edition_id or one of other_edition_ids, ASCII case-insensitive.
  bool has_edition_id(std::string_view edition) const;
  // "14393", "17763-19042", "22000 and later".
  std::string builds() const;
};

// Every entry, in the CSV's order (oldest family first; within a key shared by several
// releases, the oldest release first).
const std::vector<GvlkEntry>& gvlk_catalog();

// The first (oldest) product a key serves, nullptr when the key is not a published GVLK. Keys
// shared by several releases (NPPR9-... Windows 10 and 11 Enterprise; M7XTQ-... LTSC 2019, 2021
// and 2024) answer with the release their product id always meant; find_gvlks_by_key gives all.
const GvlkEntry* find_gvlk_by_key(const ProductKey& key);
// Every product the key serves, catalog order; empty when it is not a published GVLK.
std::vector<const GvlkEntry*> find_gvlks_by_key(const ProductKey& key);
// The product the key serves at `build`; nullptr when it serves none there.
const GvlkEntry* find_gvlk_by_key_and_build(const ProductKey& key, int build);
// Exact, case-sensitive product id; nullptr when unknown.
const GvlkEntry* find_gvlk_by_product_id(std::string_view product_id);
std::vector<const GvlkEntry*> gvlk_entries_for_family(OsFamily family);
// Entries whose EditionID (or other spelling) matches within one family, catalog order.
// Several releases may match in win10 (LTSB 2015/2016, LTSC 2019/2021/2024 share EnterpriseS;
// Server 2016-2025 share ServerStandard): find_gvlk_for_image tells them apart by build.
std::vector<const GvlkEntry*> find_gvlk_by_edition(std::string_view edition_id, OsFamily family);
// Entries whose EditionID (or other spelling) matches, in every family.
std::vector<const GvlkEntry*> find_gvlk_by_edition(std::string_view edition_id);

// The one product an image of this EditionID and build (WINDOWS/VERSION/BUILD, the registry's
// CurrentBuild) is. Errors: key_not_gvlk when no published GVLK has this EditionID at all;
// gvlk_build_unknown when some do, but none at this build (the message lists the builds that
// are known). A build the catalog does not know is refused, never matched to a neighbour.
Result<const GvlkEntry*> find_gvlk_for_image(std::string_view edition_id, int build);

}  // namespace kmsprep
