#include "engine/gvlk_catalog.hpp"

#include "core/text.hpp"

namespace kmsprep {

// Defined in the generated gvlk_catalog_data.cpp.
const std::vector<GvlkEntry>& gvlk_catalog_data();

const char* to_string(ProductType type) {
  return type == ProductType::server ? "server" : "client";
}

bool GvlkEntry::has_edition_id(std::string_view edition) const {
  if (equals_ignoring_case(edition_id, edition)) return true;
  std::string_view rest = other_edition_ids;
  while (!rest.empty()) {
    const size_t bar = rest.find('|');
    if (equals_ignoring_case(rest.substr(0, bar), edition)) return true;
    rest = bar == std::string_view::npos ? std::string_view() : rest.substr(bar + 1);
  }
  return false;
}

std::string GvlkEntry::builds() const {
  if (max_build == kOpenEndedBuild) return std::to_string(min_build) + " and later";
  if (max_build == min_build) return std::to_string(min_build);
  return std::to_string(min_build) + "-" + std::to_string(max_build);
}

const std::vector<GvlkEntry>& gvlk_catalog() { return gvlk_catalog_data(); }

const GvlkEntry* find_gvlk_by_key(const ProductKey& key) {
  for (const auto& entry : gvlk_catalog()) {
    if (entry.key == key.formatted()) return &entry;
  }
  return nullptr;
}

std::vector<const GvlkEntry*> find_gvlks_by_key(const ProductKey& key) {
  std::vector<const GvlkEntry*> entries;
  for (const auto& entry : gvlk_catalog()) {
    if (entry.key == key.formatted()) entries.push_back(&entry);
  }
  return entries;
}

const GvlkEntry* find_gvlk_by_key_and_build(const ProductKey& key, int build) {
  for (const GvlkEntry* entry : find_gvlks_by_key(key)) {
    if (entry->serves_build(build)) return entry;
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
  for (const GvlkEntry* entry : find_gvlk_by_edition(edition_id)) {
    if (entry->family == family) entries.push_back(entry);
  }
  return entries;
}

std::vector<const GvlkEntry*> find_gvlk_by_edition(std::string_view edition_id) {
  std::vector<const GvlkEntry*> entries;
  for (const auto& entry : gvlk_catalog()) {
    if (entry.has_edition_id(edition_id)) entries.push_back(&entry);
  }
  return entries;
}

Result<const GvlkEntry*> find_gvlk_for_image(std::string_view edition_id, int build) {
  const auto candidates = find_gvlk_by_edition(edition_id);
  if (candidates.empty()) {
    return Error(ErrorCode::key_not_gvlk,
                 "no published KMS client setup key for EditionID " + std::string(edition_id), {},
                 "this edition cannot be a KMS client (use MAK), or give the key with --key");
  }
  std::string known;
  for (const GvlkEntry* entry : candidates) {
    if (entry->serves_build(build)) return entry;
    known += (known.empty() ? "" : ", ") + entry->builds() + " (" +
             std::string(entry->display_name) + ")";
  }
  return Error(ErrorCode::gvlk_build_unknown,
               "EditionID " + std::string(edition_id) + " at build " + std::to_string(build) +
                   " is no release the catalog knows; its published keys serve builds " + known,
               {},
               "check WINDOWS/VERSION/BUILD of the image, or give the key with --key (`kmsprep "
               "gvlk` lists every key with its builds)");
}

}  // namespace kmsprep
