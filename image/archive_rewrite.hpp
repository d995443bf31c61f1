// Rewriting an archive with some entries replaced, dropped or added: the new archive is written
// to a sibling temporary file, flushed, and renamed over the original, so the original stays
// byte-identical on any failure. Uncompressed tar copies unchanged byte ranges with
// copy_file_range, zip copies unchanged entries' compressed data and headers as they are
// (zip_rewrite.hpp); every other writable format goes through libarchive. Archive backend only.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "image/archive_index.hpp"

namespace kmsprep {

struct ArchiveEdit {
  // Entry ordinal -> new content, or nullopt to drop the entry.
  std::map<size_t, std::optional<std::string>> by_ordinal;
  struct Addition {
    std::string name;  // as it will be stored
    EntryType type = EntryType::file;
    std::string content;
  };
  std::vector<Addition> additions;  // parents before children
};

// Why an archive with this layout cannot be written, with what to do instead; nullopt when it
// can be.
std::optional<std::string> archive_write_refusal(const ArchiveLayout& layout);

Status rewrite_archive(const std::string& path, const ArchiveIndex& index, const ArchiveEdit& edit,
                       Logger* logger);

}  // namespace kmsprep
