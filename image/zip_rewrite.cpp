#include "image/zip_rewrite.hpp"

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <numeric>

#include "core/file_system.hpp"
#include "core/utf8_path.hpp"
#include "image/archive_writing.hpp"
#include "image/owned_fd.hpp"
#include "image/zip_directory.hpp"

namespace kmsprep {
namespace {

// One entry as a zip of its own: the local header with data (and data descriptor), and its
// central directory record.
struct ZipPiece {
  std::string local;
  std::string record;
};

Result<ZipPiece> zip_piece(archive_entry* entry, const std::string* content, bool stored,
                           const std::string& location, Logger* logger) {
  std::string bytes;
  ArchiveWriter writer_owner(libarchive().archive_write_new());
  archive* writer = writer_owner.get();
  if (libarchive().archive_write_set_format_zip(writer) != ARCHIVE_OK ||
      libarchive().archive_write_set_bytes_per_block(writer, 0) != ARCHIVE_OK ||
      libarchive().archive_write_open(writer, &bytes, nullptr, append_to_string, nullptr) !=
          ARCHIVE_OK) {
    return writer_error(writer, "cannot set up the zip writer", location);
  }
  const int chosen = stored ? libarchive().archive_write_zip_set_compression_store(writer)
                            : libarchive().archive_write_zip_set_compression_deflate(writer);
  if (chosen != ARCHIVE_OK) return writer_error(writer, "cannot choose the zip method", location);
  const char* name = libarchive().archive_entry_pathname(entry);
  const std::string shown = name ? name : "";
  if (auto header = write_header(writer, entry, shown, location, logger); !header) {
    return std::move(header).error();
  }
  if (content) {
    if (auto wrote = write_entry_data(writer, *content, shown, location); !wrote) {
      return std::move(wrote).error();
    }
  }
  if (libarchive().archive_write_close(writer) != ARCHIVE_OK) {
    return writer_error(writer, "cannot finish the zip entry \"" + shown + "\"", location);
  }
  auto directory = parse_zip_directory(bytes, location);
  if (!directory) return std::move(directory).error();
  if (directory->entries.size() != 1 || directory->entries[0].local_header_offset != 0) {
    return Error(ErrorCode::internal, "libarchive wrote an unexpected zip for \"" + shown + "\"",
                 location);
  }
  return ZipPiece{bytes.substr(0, static_cast<size_t>(directory->offset)),
                  directory->entries[0].record};
}

// The replaced entries' metadata and methods, from one pass over the headers (a seekable zip
// reader does not inflate data it is not asked for).
struct Replacement {
  OwnedEntry entry;
  bool stored = false;
};

Result<std::map<size_t, Replacement>> read_replacements(const std::string& path,
                                                        const ArchiveIndex& index,
                                                        const ArchiveEdit& edit, Logger* logger) {
  std::map<size_t, Replacement> replacements;
  if (edit.by_ordinal.empty()) return replacements;
  auto reader_result = open_archive_reader(path);
  if (!reader_result) return std::move(reader_result).error();
  archive* reader = reader_result->get();
  archive_entry* entry = nullptr;
  const size_t last_needed = edit.by_ordinal.rbegin()->first;
  for (size_t ordinal = 0; ordinal <= last_needed; ++ordinal) {
    const int status = libarchive().archive_read_next_header(reader, &entry);
    if (status == ARCHIVE_WARN) {
      log_archive_warning(reader, logger, path);
    } else if (status != ARCHIVE_OK) {
      return archive_error(reader, "cannot read entry " + std::to_string(ordinal + 1), path);
    }
    if (auto same = check_same_entry(index, ordinal, entry, path); !same) {
      return std::move(same).error();
    }
    auto edited = edit.by_ordinal.find(ordinal);
    if (edited == edit.by_ordinal.end() || !edited->second) continue;
    // "ZIP 2.0 (uncompressed)" or "ZIP 2.0 (deflation)": keep a stored entry stored.
    const char* method = libarchive().archive_format_name(reader);
    const bool stored = method && std::string(method).find("uncompressed") != std::string::npos;
    replacements.emplace(ordinal,
                         Replacement{replacement_entry(entry, edited->second->size()), stored});
  }
  return replacements;
}

// Central directory records in the order of their local headers, which is the order
// libarchive's seekable reader hands out entries; nullopt when they cannot be copied apart.
std::optional<std::vector<size_t>> entries_by_offset(const ZipDirectory& directory,
                                                     const ArchiveIndex& index) {
  if (!directory.one_disk || directory.entries.size() != index.entries().size()) {
    return std::nullopt;
  }
  std::vector<size_t> order(directory.entries.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return directory.entries[a].local_header_offset < directory.entries[b].local_header_offset;
  });
  uint64_t previous = 0;
  for (size_t position = 0; position < order.size(); ++position) {
    const ZipDirectoryEntry& entry = directory.entries[order[position]];
    const bool starts_file = position == 0 && entry.local_header_offset == 0;
    if (!starts_file && entry.local_header_offset <= previous) return std::nullopt;
    if (entry.local_header_offset >= directory.offset) return std::nullopt;
    if (entry.name != index.entries()[position].name) return std::nullopt;
    previous = entry.local_header_offset;
  }
  if (!order.empty() && directory.entries[order[0]].local_header_offset != 0) return std::nullopt;
  return order;
}

}  // namespace

// Long on purpose: one copy loop over the zip's entries by offset whose output offsets and central
// directory grow together.
Result<bool> rewrite_zip_by_copy(const std::string& path, const ArchiveIndex& index,
                                 const ArchiveEdit& edit, int out_fd, Logger* logger) {
  auto directory = read_zip_directory(path);
  if (!directory) return false;  // libarchive's rewrite reports what it finds, as before
  const auto order = entries_by_offset(*directory, index);
  if (!order) return false;
  auto replacements = read_replacements(path, index, edit, logger);
  if (!replacements) return std::move(replacements).error();

  OwnedFd in{open_file(utf8_path(path), kOpenRead)};
  if (in.fd < 0) return Error::io("cannot open the archive", path, errno);
  const auto& entries = directory->entries;
  std::vector<std::optional<std::string>> records(entries.size());  // by directory position
  uint64_t written = 0;
  const auto append = [&](const std::string& bytes) -> Status {
    if (auto wrote = write_all(out_fd, bytes.data(), bytes.size(), path); !wrote) return wrote;
    written += bytes.size();
    return ok_status();
  };
  for (size_t ordinal = 0; ordinal < order->size(); ++ordinal) {
    const size_t position = (*order)[ordinal];
    auto edited = edit.by_ordinal.find(ordinal);
    if (edited != edit.by_ordinal.end() && !edited->second) continue;  // dropped
    if (edited != edit.by_ordinal.end()) {
      Replacement& replacement = replacements->at(ordinal);
      auto piece =
          zip_piece(replacement.entry.get(), &*edited->second, replacement.stored, path, logger);
      if (!piece) return std::move(piece).error();
      records[position] = relocated_record(piece->record, written);
      if (auto wrote = append(piece->local); !wrote) return std::move(wrote).error();
      continue;
    }
    const uint64_t start = entries[position].local_header_offset;
    const uint64_t end = ordinal + 1 < order->size()
                             ? entries[(*order)[ordinal + 1]].local_header_offset
                             : directory->offset;
    records[position] = relocated_record(entries[position].record, written);
    if (auto copied =
            copy_range(in.fd, out_fd, static_cast<int64_t>(start), static_cast<int64_t>(end), path);
        !copied) {
      return std::move(copied).error();
    }
    written += end - start;
  }
  std::vector<std::string> added_records;
  for (const auto& addition : edit.additions) {
    OwnedEntry entry = addition_entry(addition);
    const bool file = addition.type == EntryType::file;
    auto piece = zip_piece(entry.get(), file ? &addition.content : nullptr, !file, path, logger);
    if (!piece) return std::move(piece).error();
    added_records.push_back(relocated_record(piece->record, written));
    if (auto wrote = append(piece->local); !wrote) return std::move(wrote).error();
  }
  const uint64_t directory_offset = written;
  uint64_t count = 0;
  for (const auto& record : records) {
    if (!record) continue;
    if (auto wrote = append(*record); !wrote) return std::move(wrote).error();
    ++count;
  }
  for (const auto& record : added_records) {
    if (auto wrote = append(record); !wrote) return std::move(wrote).error();
    ++count;
  }
  const std::string end_records = zip_end_records(
      count, directory_offset, written - directory_offset, directory->zip64, directory->comment);
  if (auto wrote = append(end_records); !wrote) return std::move(wrote).error();
  return true;
}

}  // namespace kmsprep
