#include "engine/gvlk_catalog.hpp"

#include "core/image_path.hpp"

namespace kmsprep {

// Defined in the generated gvlk_catalog_data.cpp.
const std::vector<GvlkEntry>& gvlk_catalog_data();

const char* to_string(ProductType type) {
  return type == ProductType::server ? "server" : "client";
}

const std::vector<GvlkEntry>& gvlk_catalog() { return gvlk_catalog_data(); }

const GvlkEntry* find_gvlk_by_key(const ProductKey& key) {
  for (const auto& entry : gvlk_catalog()) {
    if (entry.key == key.formatted()) return &entry;
  }
  return nullptr;
}

const GvlkEntry* find_gvlk_by_product_id(std::string_view product_id) {
  for (const auto& entry : gvlk_catalog()) {
    if (entry.product_id == product_id) return &entry;
  }
  return nullptr;
}

std::vector<const GvlkEntry*> gvlk_entries_for_family(OsFamily family) {
  std::vector<const GvlkEntry*> entries;
  for (const auto& entry : gvlk_catalog()) {
    if (entry.family == family) entries.push_back(&entry);
  }
  return entries;
}

std::vector<const GvlkEntry*> find_gvlk_by_edition(std::string_view edition_id, OsFamily family) {
  std::vector<const GvlkEntry*> entries;
  for (const auto& entry : gvlk_catalog()) {
    if (entry.family == family && equals_ignoring_case(entry.edition_id, edition_id)) {
      entries.push_back(&entry);
    }
  }
  return entries;
}

}  // namespace kmsprep
