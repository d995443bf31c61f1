#include "image/archive_rewrite.hpp"

#include <cerrno>
#include <ctime>
#include <filesystem>
#include <memory>
#include <string_view>

#include "core/file_io.hpp"
#include "core/file_system.hpp"
#include "core/file_version.hpp"
#include "core/utf8_path.hpp"
#include "image/archive_library.hpp"
#include "image/archive_writing.hpp"
#include "image/owned_fd.hpp"
#include "image/tar_number.hpp"
#include "image/zip_rewrite.hpp"

namespace kmsprep {
namespace {

constexpr int64_t kTarBlock = 512;

bool is_tar(const ArchiveLayout& layout) {
  return (layout.format & ARCHIVE_FORMAT_BASE_MASK) == ARCHIVE_FORMAT_TAR;
}

bool is_writable_filter(int code) {
  switch (code) {
    case ARCHIVE_FILTER_GZIP:
    case ARCHIVE_FILTER_BZIP2:
    case ARCHIVE_FILTER_COMPRESS:
    case ARCHIVE_FILTER_LZMA:
    case ARCHIVE_FILTER_XZ:
    case ARCHIVE_FILTER_UU:
    case ARCHIVE_FILTER_LZIP:
    case ARCHIVE_FILTER_LZ4:
    case ARCHIVE_FILTER_ZSTD:
      return true;
    default:
      return false;
  }
}

// The writer's format follows the archive's family, not the reader's exact code: a pax
// archive's first entries report ustar, so tar is always written as pax_restricted (plain
// ustar headers unless an entry needs more).
Status set_writer_format(archive* writer, const ArchiveLayout& layout,
                         const std::string& location) {
  int status = ARCHIVE_FATAL;
  switch (layout.format & ARCHIVE_FORMAT_BASE_MASK) {
    case ARCHIVE_FORMAT_TAR:
      status = libarchive().archive_write_set_format_pax_restricted(writer);
      break;
    case ARCHIVE_FORMAT_ZIP:
      status = libarchive().archive_write_set_format_zip(writer);
      break;
    case ARCHIVE_FORMAT_CPIO:
      status = layout.format == ARCHIVE_FORMAT_CPIO_POSIX
                   ? libarchive().archive_write_set_format_cpio_odc(writer)
                   : libarchive().archive_write_set_format_cpio_newc(writer);
      break;
    default:
      break;
  }
  if (status != ARCHIVE_OK)
    return writer_error(writer, "cannot set up the archive writer", location);
  for (int code : layout.filters) {
    if (libarchive().archive_write_add_filter(writer, code) != ARCHIVE_OK) {
      return writer_error(writer, "cannot set up the compression filter", location);
    }
  }
  return ok_status();
}

// Copies one entry's data from reader to writer; holes of sparse entries become zeros, since
// the writer is given a non-sparse entry.
Status copy_entry_data(archive* reader, archive* writer, const std::string& name,
                       const std::string& location, Logger* logger) {
  static const std::string zeros(64 * 1024, '\0');
  int64_t written = 0;
  for (;;) {
    const void* block = nullptr;
    size_t length = 0;
    la_int64_t offset = 0;
    const int status = libarchive().archive_read_data_block(reader, &block, &length, &offset);
    if (status == ARCHIVE_EOF) break;
    if (status == ARCHIVE_WARN) {
      log_archive_warning(reader, logger, location);
    } else if (status != ARCHIVE_OK) {
      return archive_error(reader, "cannot read the data of \"" + name + "\"", location);
    }
    while (written < offset) {
      const size_t gap = static_cast<size_t>(
          std::min<int64_t>(offset - written, static_cast<int64_t>(zeros.size())));
      if (libarchive().archive_write_data(writer, zeros.data(), gap) < 0) {
        return writer_error(writer, "cannot write \"" + name + "\"", location);
      }
      written += static_cast<int64_t>(gap);
    }
    if (length > 0 && libarchive().archive_write_data(writer, block, length) < 0) {
      return writer_error(writer, "cannot write \"" + name + "\"", location);
    }
    written += static_cast<int64_t>(length);
  }
  return ok_status();
}

Status write_additions(archive* writer, const ArchiveEdit& edit, const std::string& location,
                       Logger* logger) {
  for (const auto& addition : edit.additions) {
    OwnedEntry entry = addition_entry(addition);
    if (auto header = write_header(writer, entry.get(), addition.name, location, logger); !header) {
      return header;
    }
    if (addition.type == EntryType::file) {
      if (auto wrote = write_entry_data(writer, addition.content, addition.name, location);
          !wrote) {
        return wrote;
      }
    }
  }
  return ok_status();
}

// The writer's output file. A failed write is recorded and reported after libarchive has been
// closed normally: a writer left in its fatal state frees its compressor without ending it
// (a zlib stream leaks).
struct FileSink {
  int fd = -1;
  int error = 0;
};

la_ssize_t write_to_sink(archive*, void* client, const void* buffer, size_t length) {
  auto* sink = static_cast<FileSink*>(client);
  if (!sink->error) {
    sink->error =
        write_all_bytes(sink->fd, std::string_view(static_cast<const char*>(buffer), length));
  }
  return static_cast<la_ssize_t>(length);
}

// Every entry through libarchive: for compressed archives, zip and cpio.
// Long on purpose: one libarchive read-write loop; its reader and writer handles are shared by
// every step.
Status rewrite_with_libarchive(const std::string& read_path, const std::string& path,
                               const ArchiveIndex& index, const ArchiveEdit& edit, int out_fd,
                               Logger* logger) {
  const ArchiveLayout& layout = index.layout();
  const bool zip = (layout.format & ARCHIVE_FORMAT_BASE_MASK) == ARCHIVE_FORMAT_ZIP;
  auto reader_result = open_archive_reader(read_path, path);
  if (!reader_result) return std::move(reader_result).error();
  archive* reader = reader_result->get();
  ArchiveWriter writer_owner(libarchive().archive_write_new());
  archive* writer = writer_owner.get();
  if (auto set = set_writer_format(writer, layout, path); !set) return set;
  FileSink sink{out_fd, 0};
  // No padding after the end, as for a file.
  libarchive().archive_write_set_bytes_in_last_block(writer, 1);
  if (libarchive().archive_write_open(writer, &sink, nullptr, write_to_sink, nullptr) !=
      ARCHIVE_OK) {
    return writer_error(writer, "cannot start the new archive", path);
  }
  const auto sink_failure = [&]() -> Status {
    libarchive().archive_write_close(writer);
    return Error::io("cannot write the new archive", path, sink.error);
  };
  archive_entry* entry = nullptr;
  for (size_t ordinal = 0;; ++ordinal) {
    if (sink.error) return sink_failure();
    const int status = libarchive().archive_read_next_header(reader, &entry);
    if (status == ARCHIVE_EOF) break;
    if (status == ARCHIVE_WARN) {
      log_archive_warning(reader, logger, path);
    } else if (status != ARCHIVE_OK) {
      return archive_error(reader, "cannot read entry " + std::to_string(ordinal + 1), path);
    }
    if (auto same = check_same_entry(index, ordinal, entry, path); !same) return same;
    const std::string& name = index.entries()[ordinal].name;
    auto edited = edit.by_ordinal.find(ordinal);
    if (edited != edit.by_ordinal.end() && !edited->second) continue;  // dropped
    if (zip) {
      // Keep each entry's method: libarchive would otherwise deflate everything.
      const char* method = libarchive().archive_format_name(reader);
      const std::string method_name = method ? method : "";
      const bool stored = method_name.find("uncompressed") != std::string::npos;
      if (!stored && method_name.find("deflation") == std::string::npos && logger &&
          libarchive().archive_entry_filetype(entry) == AE_IFREG) {
        logger->warning("archive", path + ": " + name + " (" + method_name +
                                       ") is rewritten with deflate, the only other method "
                                       "libarchive writes");
      }
      const int chosen = stored ? libarchive().archive_write_zip_set_compression_store(writer)
                                : libarchive().archive_write_zip_set_compression_deflate(writer);
      if (chosen != ARCHIVE_OK) {
        return writer_error(writer, "cannot choose the zip method", path);
      }
    }
    if (edited != edit.by_ordinal.end()) {
      OwnedEntry replacement = replacement_entry(entry, edited->second->size());
      if (auto header = write_header(writer, replacement.get(), name, path, logger); !header) {
        return header;
      }
      if (auto wrote = write_entry_data(writer, *edited->second, name, path); !wrote) return wrote;
      continue;
    }
    OwnedEntry copy(libarchive().archive_entry_clone(entry));
    libarchive().archive_entry_sparse_clear(copy.get());
    if (auto header = write_header(writer, copy.get(), name, path, logger); !header) return header;
    if (auto copied = copy_entry_data(reader, writer, name, path, logger); !copied) return copied;
  }
  if (zip) libarchive().archive_write_zip_set_compression_deflate(writer);
  if (auto added = write_additions(writer, edit, path, logger); !added) return added;
  if (sink.error) return sink_failure();
  const int closed = libarchive().archive_write_close(writer);
  if (sink.error) return Error::io("cannot write the new archive", path, sink.error);
  if (closed != ARCHIVE_OK) return writer_error(writer, "cannot finish the new archive", path);
  return ok_status();
}

// --- uncompressed tar: copy what did not change, write only what did ---

// pax_restricted headers and data for `entries`, without the end-of-archive marker.
Result<std::string> tar_fragment(
    const std::vector<std::pair<archive_entry*, const std::string*>>& entries,
    const std::string& location, Logger* logger) {
  std::string bytes;
  ArchiveWriter writer_owner(libarchive().archive_write_new());
  archive* writer = writer_owner.get();
  if (libarchive().archive_write_set_format_pax_restricted(writer) != ARCHIVE_OK ||
      libarchive().archive_write_set_bytes_per_block(writer, 0) != ARCHIVE_OK ||
      libarchive().archive_write_open(writer, &bytes, nullptr, append_to_string, nullptr) !=
          ARCHIVE_OK) {
    return writer_error(writer, "cannot set up the tar writer", location);
  }
  for (const auto& [entry, content] : entries) {
    const char* name = libarchive().archive_entry_pathname(entry);
    if (auto header = write_header(writer, entry, name ? name : "", location, logger); !header) {
      return std::move(header).error();
    }
    if (content) {
      if (auto wrote = write_entry_data(writer, *content, name ? name : "", location); !wrote) {
        return std::move(wrote).error();
      }
    }
    if (libarchive().archive_write_finish_entry(writer) != ARCHIVE_OK) {
      return writer_error(writer, "cannot finish a tar entry", location);
    }
  }
  const size_t length = bytes.size();  // closing adds the end-of-archive marker: leave it out
  writer_owner.reset();
  bytes.resize(length);
  return bytes;
}

// Where the entry that starts at `from` begins once archive-wide headers (pax global 'g',
// GNU volume 'V') that libarchive folded into it are stepped over: those must be kept.
Result<int64_t> skip_archive_headers(int fd, int64_t from, int64_t limit,
                                     const std::string& location) {
  char header[kTarBlock];
  while (from + kTarBlock <= limit) {
    if (read_some_at(fd, header, sizeof header, static_cast<uint64_t>(from)) != sizeof header) {
      return Error::io("cannot read a tar header", location, errno);
    }
    const char type = header[156];
    if (type != 'g' && type != 'V') break;
    const std::optional<int64_t> size =
        type == 'g' ? parse_tar_number(std::string_view(header + 124, 12)) : int64_t{0};
    if (!size || *size > limit - from) {
      return Error(ErrorCode::image_corrupt,
                   "a pax global header announces more data than the archive holds", location,
                   "check that the archive is complete (re-copy it) and that bsdtar -tvf lists "
                   "it");
    }
    from += kTarBlock + (*size + kTarBlock - 1) / kTarBlock * kTarBlock;
  }
  return std::min(from, limit);
}

// Where rewrite_tar_by_ranges puts the new tar stream: the new file itself, or a compressor
// in front of it (the archive's own filters, at libarchive's default levels, as bsdtar uses).
class TarOutput {
 public:
  virtual ~TarOutput() = default;
  virtual Status write(const char* data, size_t length) = 0;
  // Bytes [from, to) of `in_fd`, the uncompressed stream being rewritten.
  virtual Status copy(int in_fd, int64_t from, int64_t to) = 0;
  virtual Status finish() { return ok_status(); }
};

class FileOutput final : public TarOutput {
 public:
  FileOutput(int fd, std::string location) : fd_(fd), location_(std::move(location)) {}
  Status write(const char* data, size_t length) override {
    return write_all(fd_, data, length, location_);
  }
  Status copy(int in_fd, int64_t from, int64_t to) override {
    return copy_range(in_fd, fd_, from, to, location_);
  }

 private:
  int fd_;
  std::string location_;
};

class CompressedOutput final : public TarOutput {
 public:
  CompressedOutput(int fd, std::string location)
      : writer_(libarchive().archive_write_new()), sink_{fd, 0}, location_(std::move(location)) {}

  Status open(const std::vector<int>& filters) {
    archive* writer = writer_.get();
    if (libarchive().archive_write_set_format_raw(writer) != ARCHIVE_OK) {
      return writer_error(writer, "cannot set up the compressor", location_);
    }
    for (int code : filters) {
      if (libarchive().archive_write_add_filter(writer, code) != ARCHIVE_OK) {
        return writer_error(writer, "cannot set up the compression filter", location_);
      }
    }
    libarchive().archive_write_set_bytes_in_last_block(writer, 1);  // no padding after the end
    if (libarchive().archive_write_open(writer, &sink_, nullptr, write_to_sink, nullptr) !=
        ARCHIVE_OK) {
      return writer_error(writer, "cannot start the new archive", location_);
    }
    OwnedEntry stream(libarchive().archive_entry_new());
    libarchive().archive_entry_set_filetype(stream.get(), AE_IFREG);
    if (libarchive().archive_write_header(writer, stream.get()) != ARCHIVE_OK) {
      return writer_error(writer, "cannot start the new archive", location_);
    }
    return ok_status();
  }

  Status write(const char* data, size_t length) override {
    while (length > 0) {
      if (sink_.error) break;
      const la_ssize_t wrote = libarchive().archive_write_data(writer_.get(), data, length);
      if (wrote <= 0) return writer_error(writer_.get(), "cannot compress", location_);
      data += wrote;
      length -= static_cast<size_t>(wrote);
    }
    if (sink_.error) return Error::io("cannot write the new archive", location_, sink_.error);
    return ok_status();
  }

  Status copy(int in_fd, int64_t from, int64_t to) override {
    buffer_.resize(1 << 20);
    while (from < to) {
      const size_t want =
          static_cast<size_t>(std::min<int64_t>(to - from, static_cast<int64_t>(buffer_.size())));
      const int64_t got = read_some_at(in_fd, buffer_.data(), want, static_cast<uint64_t>(from));
      if (got < 0 && errno == EINTR) continue;
      if (got < 0) return Error::io("cannot read the uncompressed archive", location_, errno);
      if (got == 0) {
        return Error(ErrorCode::image_corrupt, "the archive is shorter than its index says",
                     location_, "nothing was written; run the command again");
      }
      if (auto wrote = write(buffer_.data(), static_cast<size_t>(got)); !wrote) return wrote;
      from += got;
    }
    return ok_status();
  }

  Status finish() override {
    const int closed = libarchive().archive_write_close(writer_.get());
    if (sink_.error) return Error::io("cannot write the new archive", location_, sink_.error);
    if (closed != ARCHIVE_OK) {
      return writer_error(writer_.get(), "cannot finish the new archive", location_);
    }
    return ok_status();
  }

 private:
  ArchiveWriter writer_;
  FileSink sink_;
  std::string location_;
  std::string buffer_;
};

// `read_path` is the tar stream itself: the archive, or the uncompressed copy of a compressed
// one. Messages name `path`.
// Long on purpose: one copy loop over the archive's byte ranges whose reader, offsets and output
// are shared by every step.
Status rewrite_tar_by_ranges(const std::string& read_path, const std::string& path,
                             const ArchiveIndex& index, const ArchiveEdit& edit, TarOutput& output,
                             Logger* logger) {
  const auto& entries = index.entries();
  // Metadata of the replaced entries: one header-only pass (data is skipped by seeking).
  std::map<size_t, OwnedEntry> replaced;
  {
    auto reader_result = open_archive_reader(read_path, path);
    if (!reader_result) return std::move(reader_result).error();
    archive* reader = reader_result->get();
    archive_entry* entry = nullptr;
    const size_t last_needed = edit.by_ordinal.empty() ? 0 : edit.by_ordinal.rbegin()->first;
    for (size_t ordinal = 0; !edit.by_ordinal.empty() && ordinal <= last_needed; ++ordinal) {
      const int status = libarchive().archive_read_next_header(reader, &entry);
      if (status == ARCHIVE_WARN) {
        log_archive_warning(reader, logger, path);
      } else if (status != ARCHIVE_OK) {
        return archive_error(reader, "cannot read entry " + std::to_string(ordinal + 1), path);
      }
      if (auto same = check_same_entry(index, ordinal, entry, path); !same) return same;
      if (libarchive().archive_read_header_position(reader) != entries[ordinal].header_position) {
        return Error(ErrorCode::image_corrupt, "the archive changed since it was opened", path,
                     "nothing was written; run the command again");
      }
      auto edited = edit.by_ordinal.find(ordinal);
      if (edited != edit.by_ordinal.end() && edited->second) {
        replaced.emplace(ordinal, replacement_entry(entry, edited->second->size()));
      }
    }
  }
  const OwnedFd in{open_file(utf8_path(read_path), kOpenRead)};
  const int in_fd = in.fd;
  if (in_fd < 0) return Error::io("cannot open the archive", path, errno);
  FileStatus info;
  if (const int error = status_of(in_fd, info)) {
    return Error::io("cannot examine the archive", path, error);
  }
  const int64_t file_size = static_cast<int64_t>(info.size);
  const int64_t end = index.layout().end_position;

  int64_t cursor = 0;
  for (const auto& [ordinal, content] : edit.by_ordinal) {
    const int64_t start = entries[ordinal].header_position;
    const int64_t next = ordinal + 1 < entries.size() ? entries[ordinal + 1].header_position : end;
    auto kept_end = skip_archive_headers(in_fd, start, next, path);
    if (!kept_end) return std::move(kept_end).error();
    if (auto copied = output.copy(in_fd, cursor, *kept_end); !copied) return copied;
    if (content) {
      auto fragment = tar_fragment({{replaced.at(ordinal).get(), &*content}}, path, logger);
      if (!fragment) return std::move(fragment).error();
      if (auto wrote = output.write(fragment->data(), fragment->size()); !wrote) return wrote;
    }
    cursor = next;
  }
  if (auto copied = output.copy(in_fd, cursor, end); !copied) return copied;
  if (!edit.additions.empty()) {
    std::vector<OwnedEntry> added;
    std::vector<std::pair<archive_entry*, const std::string*>> fragment_entries;
    for (const auto& addition : edit.additions) {
      added.push_back(addition_entry(addition));
      fragment_entries.emplace_back(added.back().get(),
                                    addition.type == EntryType::file ? &addition.content : nullptr);
    }
    auto fragment = tar_fragment(fragment_entries, path, logger);
    if (!fragment) return std::move(fragment).error();
    if (auto wrote = output.write(fragment->data(), fragment->size()); !wrote) return wrote;
  }
  // The end-of-archive marker and record padding, as they were.
  if (file_size - end >= 2 * kTarBlock) {
    if (auto copied = output.copy(in_fd, end, file_size); !copied) return copied;
  } else {
    static const std::string marker(2 * kTarBlock, '\0');
    if (auto wrote = output.write(marker.data(), marker.size()); !wrote) return wrote;
  }
  return output.finish();
}

}  // namespace

std::optional<std::string> archive_write_refusal(const ArchiveLayout& layout) {
  const int family = layout.format & ARCHIVE_FORMAT_BASE_MASK;
  const std::string recreate =
      "extract it (bsdtar -xf), edit the directory, and pass the directory or re-create the "
      "archive as tar or zip";
  if (family == ARCHIVE_FORMAT_7ZIP) {
    return "7z archives are read-only in kmsprep; extract with `7z x` or `bsdtar -xf`, edit, "
           "and pass the directory or re-create the archive as tar or zip";
  }
  if (family == ARCHIVE_FORMAT_ISO9660) {
    return "ISO images are read-only; " + recreate;
  }
  if (family != ARCHIVE_FORMAT_TAR && family != ARCHIVE_FORMAT_ZIP &&
      family != ARCHIVE_FORMAT_CPIO) {
    return "kmsprep cannot write " + layout.format_label + " archives; " + recreate;
  }
  if (family == ARCHIVE_FORMAT_CPIO && layout.format != ARCHIVE_FORMAT_CPIO_POSIX &&
      layout.format != ARCHIVE_FORMAT_CPIO_SVR4_NOCRC &&
      layout.format != ARCHIVE_FORMAT_CPIO_SVR4_CRC) {
    return "kmsprep writes only odc and newc cpio archives, not " + layout.format_label + "; " +
           recreate;
  }
  for (int code : layout.filters) {
    if (!is_writable_filter(code)) {
      return "kmsprep cannot write this archive's compression; " + recreate;
    }
  }
  if (layout.encrypted) {
    return "the archive has encrypted entries, which kmsprep cannot re-encrypt; " + recreate;
  }
  return std::nullopt;
}

Status rewrite_archive(const std::string& path, const ArchiveIndex& index, const ArchiveEdit& edit,
                       Logger* logger, const UncompressedCopy* uncompressed) {
  if (auto refusal = archive_write_refusal(index.layout())) {
    return Error(ErrorCode::image_write_unsupported,
                 archive_format_name(index.layout()) + " archives cannot be written", path,
                 *refusal);
  }
  if (auto library = load_archive_library(); !library) return std::move(library).error();
  if (index.layout().format == ARCHIVE_FORMAT_CPIO_SVR4_CRC && logger) {
    logger->warning("archive", path + ": cpio with checksums (crc) is rewritten as newc");
  }
  FileVersion original;
  if (const int error = version_of(utf8_path(path), original)) {
    return Error::io("cannot examine", path, error);
  }
  if (uncompressed && !uncompressed->made_from(original)) {
    return Error(ErrorCode::image_corrupt, "the archive changed since it was opened", path,
                 "nothing was written; run the command again");
  }
  auto replacement = AtomicReplacement::begin(path);
  if (!replacement) return std::move(replacement).error();
  const bool compressed = !index.layout().filters.empty();
  const bool zip = (index.layout().format & ARCHIVE_FORMAT_BASE_MASK) == ARCHIVE_FORMAT_ZIP;
  const std::string& read_path = uncompressed ? uncompressed->path() : path;
  Status written = ok_status();
  if (is_tar(index.layout()) && !compressed) {
    FileOutput output(replacement->fd(), path);
    written = rewrite_tar_by_ranges(path, path, index, edit, output, logger);
  } else if (is_tar(index.layout()) && uncompressed) {
    CompressedOutput output(replacement->fd(), path);
    written = output.open(index.layout().filters);
    if (written) written = rewrite_tar_by_ranges(read_path, path, index, edit, output, logger);
  } else if (zip && !compressed) {
    auto copied = rewrite_zip_by_copy(path, index, edit, replacement->fd(), logger);
    if (!copied) return std::move(copied).error();
    if (!*copied) {
      written = rewrite_with_libarchive(path, path, index, edit, replacement->fd(), logger);
    }
  } else {
    written = rewrite_with_libarchive(read_path, path, index, edit, replacement->fd(), logger);
  }
  if (!written) return written;  // the replacement removes its temporary file
  return replacement->commit(original.mode);
}

}  // namespace kmsprep
