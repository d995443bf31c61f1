#include "image/archive_writing.hpp"

#include <algorithm>
#include <cerrno>
#include <ctime>

#include "core/file_io.hpp"
#include "core/file_system.hpp"
#include "core/range_copy.hpp"

namespace kmsprep {

Error writer_error(archive* writer, const std::string& what, const std::string& location) {
  const int error_number = libarchive().archive_errno(writer);
  const char* text = libarchive().archive_error_string(writer);
  if (error_number > 0 && error_number != EINVAL) {
    return Error::io(what + (text ? std::string(" (") + text + ")" : ""), location, error_number);
  }
  return Error(ErrorCode::io_failure, what + (text ? std::string(": ") + text : ""), location);
}

Status write_all(int fd, const char* data, size_t length, const std::string& location) {
  if (const int error = write_all_bytes(fd, std::string_view(data, length))) {
    return Error::io("cannot write the new archive", location, error);
  }
  return ok_status();
}

Status write_entry_data(archive* writer, const std::string& content, const std::string& name,
                        const std::string& location) {
  size_t done = 0;
  while (done < content.size()) {
    const la_ssize_t wrote =
        libarchive().archive_write_data(writer, content.data() + done, content.size() - done);
    if (wrote < 0) return writer_error(writer, "cannot write \"" + name + "\"", location);
    if (wrote == 0) break;  // the format stores no more (size reached)
    done += static_cast<size_t>(wrote);
  }
  return ok_status();
}

Status write_header(archive* writer, archive_entry* entry, const std::string& name,
                    const std::string& location, Logger* logger) {
  const int status = libarchive().archive_write_header(writer, entry);
  if (status == ARCHIVE_WARN) {
    log_archive_warning(writer, logger, location + ": " + name);
  } else if (status != ARCHIVE_OK) {
    return writer_error(writer, "cannot write \"" + name + "\"", location);
  }
  return ok_status();
}

OwnedEntry replacement_entry(archive_entry* original, size_t size) {
  OwnedEntry entry(libarchive().archive_entry_clone(original));
  const bool was_file = libarchive().archive_entry_filetype(original) == AE_IFREG;
  libarchive().archive_entry_set_hardlink(entry.get(), nullptr);
  libarchive().archive_entry_set_symlink(entry.get(), nullptr);
  libarchive().archive_entry_set_filetype(entry.get(), AE_IFREG);
  if (!was_file) libarchive().archive_entry_set_perm(entry.get(), 0644);
  libarchive().archive_entry_sparse_clear(entry.get());
  libarchive().archive_entry_set_nlink(entry.get(), 1);
  libarchive().archive_entry_set_size(entry.get(), static_cast<la_int64_t>(size));
  libarchive().archive_entry_set_mtime(entry.get(), std::time(nullptr), 0);
  return entry;
}

OwnedEntry addition_entry(const ArchiveEdit::Addition& addition) {
  OwnedEntry entry(libarchive().archive_entry_new());
  libarchive().archive_entry_copy_pathname(entry.get(), addition.name.c_str());
  const bool directory = addition.type == EntryType::directory;
  libarchive().archive_entry_set_filetype(entry.get(), directory ? AE_IFDIR : AE_IFREG);
  libarchive().archive_entry_set_perm(entry.get(), directory ? 0755 : 0644);
  libarchive().archive_entry_set_size(
      entry.get(), directory ? 0 : static_cast<la_int64_t>(addition.content.size()));
  // One link each: cpio readers take entries with equal (zero) inode numbers and several
  // links for hard links of each other.
  libarchive().archive_entry_set_nlink(entry.get(), 1);
  libarchive().archive_entry_set_mtime(entry.get(), std::time(nullptr), 0);
  return entry;
}

Status check_same_entry(const ArchiveIndex& index, size_t ordinal, archive_entry* entry,
                        const std::string& location) {
  const char* name = libarchive().archive_entry_pathname(entry);
  if (!name) name = libarchive().archive_entry_pathname_utf8(entry);
  if (ordinal >= index.entries().size() || !name || index.entries()[ordinal].name != name) {
    return Error(ErrorCode::image_corrupt, "the archive changed since it was opened", location,
                 "nothing was written; run the command again");
  }
  return ok_status();
}

la_ssize_t append_to_string(archive*, void* client, const void* buffer, size_t length) {
  static_cast<std::string*>(client)->append(static_cast<const char*>(buffer), length);
  return static_cast<la_ssize_t>(length);
}

Status copy_range(int in_fd, int out_fd, int64_t from, int64_t to, const std::string& location) {
  uint64_t in_offset = static_cast<uint64_t>(from);
  const uint64_t end = static_cast<uint64_t>(to);
  bool kernel_copy = true;
  std::string buffer;
  while (in_offset < end) {
    const size_t want = static_cast<size_t>(std::min<uint64_t>(end - in_offset, 1 << 30));
    if (kernel_copy) {
      const int64_t copied = copy_range_in_kernel(in_fd, in_offset, out_fd, want);
      if (copied > 0) continue;
      if (copied == 0) {
        return Error(ErrorCode::image_corrupt, "the archive is shorter than its index says",
                     location, "nothing was written; run the command again");
      }
      if (errno == EINTR) continue;
      if (errno != EXDEV && errno != ENOSYS && errno != EOPNOTSUPP && errno != EINVAL) {
        return Error::io("cannot copy archive data", location, errno);
      }
      kernel_copy = false;  // fall back to read/write below
      buffer.resize(1 << 20);
    }
    const size_t chunk = std::min(want, buffer.size());
    const int64_t got = read_some_at(in_fd, buffer.data(), chunk, in_offset);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return Error::io("cannot read the archive", location, errno);
    if (got == 0) {
      return Error(ErrorCode::image_corrupt, "the archive is shorter than its index says", location,
                   "nothing was written; run the command again");
    }
    if (auto wrote = write_all(out_fd, buffer.data(), static_cast<size_t>(got), location); !wrote) {
      return wrote;
    }
    in_offset += static_cast<uint64_t>(got);
  }
  return ok_status();
}

}  // namespace kmsprep
