// Rewriting an archive with some entries replaced, dropped or added: the new archive is written
// to a sibling temporary file, flushed, and renamed over the original, so the original stays
// byte-identical on any failure. Uncompressed tar copies unchanged byte ranges with
// copy_file_range, a compressed tar copies them from its uncompressed stream into the
// compressor, zip copies unchanged entries' compressed data and headers as they are
// (zip_rewrite.hpp); every other writable format goes through libarchive. Archive backend only.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "image/archive_index.hpp"
#include "image/archive_uncompressed_copy.hpp"

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

// `uncompressed`, when given, is the uncompressed stream of the compressed archive at `path`
// that `index` was read from: a compressed tar is then rewritten from it by byte ranges into
// the compressor, so the archive is not decompressed again.
Status rewrite_archive(const std::string& path, const ArchiveIndex& index, const ArchiveEdit& edit,
                       Logger* logger, const UncompressedCopy* uncompressed = nullptr);

}  // namespace kmsprep
