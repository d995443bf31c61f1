// The GVLK catalog: the published KMS client setup keys (engine/data/gvlk.csv, compiled into
// gvlk_catalog_data.cpp) and what each one names. Anyone may call it: pid/install-key ask "is
// this a GVLK, of which product", the topology reader resolves product ids, validate and the
// simulation ask a product's family and whether it is a client or a server OS.
#pragma once

#include <string_view>
#include <vector>

#include "core/os_family.hpp"
#include "core/product_key.hpp"

namespace kmsprep {

enum class ProductType { client, server };

const char* to_string(ProductType type);  // "client" | "server"

struct GvlkEntry {
  std::string_view product_id;    // stable id used everywhere: "win10-enterprise"
  OsFamily family;
  ProductType type;
  std::string_view display_name;  // "Windows 10/11 Enterprise"
  std::string_view edition_id;    // as in WIM metadata WINDOWS/EDITIONID: "Enterprise"
  std::string_view key;           // the GVLK, dashed; print only where --show-key asks
};

// Every entry, in the CSV's order (oldest family first).
const std::vector<GvlkEntry>& gvlk_catalog();

// nullptr when the key is not a published GVLK.
const GvlkEntry* find_gvlk_by_key(const ProductKey& key);
// Exact, case-sensitive product id; nullptr when unknown.
const GvlkEntry* find_gvlk_by_product_id(std::string_view product_id);
std::vector<const GvlkEntry*> gvlk_entries_for_family(OsFamily family);
// Entries whose EditionID matches (ASCII case-insensitive) within one family, catalog order.
// Several may match in win10 (LTSB 2015/2016/LTSC 2019 share EnterpriseS; Server 2016-2025
// share ServerStandard): the last one is the newest release.
std::vector<const GvlkEntry*> find_gvlk_by_edition(std::string_view edition_id, OsFamily family);

}  // namespace kmsprep
