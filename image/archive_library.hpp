// libarchive loaded at run time: dlopen("libarchive.so.13") the first time an archive or an
// ISO9660 disc is probed or opened, and a table of the libarchive functions kmsprep calls. Keeps
// libarchive and its compressors out of the start-up of WIM and directory work. On Windows
// libarchive is linked in and the table holds its functions (archive_library_windows.cpp).
// Callers: image/archive_*.cpp only.
#pragma once

#include <archive.h>
#include <archive_entry.h>

#include <string>

#include "core/result.hpp"

namespace kmsprep {

// Every libarchive function kmsprep calls, by its full name (stripping "archive_" would leave
// "errno", which is a macro). The pointer types come from the libarchive headers (decltype), so
// a prototype cannot drift from the library's.
// One list, laid out by hand: clang-format reflows X-macro lists unstably.
// clang-format off
#define KMSPREP_ARCHIVE_FUNCTIONS(X)                                                          \
  X(archive_entry_clone) X(archive_entry_copy_pathname) X(archive_entry_filetype)             \
  X(archive_entry_free) X(archive_entry_hardlink) X(archive_entry_new)                        \
  X(archive_entry_pathname) X(archive_entry_pathname_utf8) X(archive_entry_set_filetype)      \
  X(archive_entry_set_hardlink) X(archive_entry_set_mtime) X(archive_entry_set_nlink)         \
  X(archive_entry_set_perm) X(archive_entry_set_size) X(archive_entry_set_symlink)            \
  X(archive_entry_size) X(archive_entry_size_is_set) X(archive_entry_sparse_clear)            \
  X(archive_errno) X(archive_error_string) X(archive_filter_code) X(archive_filter_count)     \
  X(archive_format) X(archive_format_name) X(archive_read_data_block) X(archive_read_free)    \
  X(archive_read_has_encrypted_entries) X(archive_read_header_position)                       \
  X(archive_read_new) X(archive_read_next_header) X(archive_read_open_filename)               \
  X(archive_read_open_memory) X(archive_read_support_filter_all)                              \
  X(archive_read_support_format_7zip) X(archive_read_support_format_cpio)                     \
  X(archive_read_support_format_raw) X(archive_write_set_format_raw)                          \
  X(archive_read_support_format_gnutar) X(archive_read_support_format_iso9660)                \
  X(archive_read_support_format_tar) X(archive_read_support_format_zip)                       \
  X(archive_write_add_filter) X(archive_write_close) X(archive_write_data)                    \
  X(archive_write_finish_entry) X(archive_write_free) X(archive_write_header)                 \
  X(archive_write_new) X(archive_write_open) X(archive_write_set_bytes_in_last_block)         \
  X(archive_write_set_bytes_per_block) X(archive_write_set_format_cpio_newc)                  \
  X(archive_write_set_format_cpio_odc) X(archive_write_set_format_pax_restricted)             \
  X(archive_write_set_format_zip) X(archive_write_zip_set_compression_deflate)                \
  X(archive_write_zip_set_compression_store)
// clang-format on

struct ArchiveLibrary {
#define KMSPREP_ARCHIVE_POINTER(name) decltype(&::name) name = nullptr;
  KMSPREP_ARCHIVE_FUNCTIONS(KMSPREP_ARCHIVE_POINTER)
#undef KMSPREP_ARCHIVE_POINTER
};

// Loads libarchive.so.13 and resolves every function on the first call; later calls return
// the same outcome. A missing library or function is ErrorCode::tool_missing (exit 4).
Result<const ArchiveLibrary*> load_archive_library();

// The loaded table. Only for code that already holds a libarchive object (a reader, writer or
// entry), which exists only once load_archive_library() succeeded; aborts otherwise.
const ArchiveLibrary& libarchive();

// archive_read_open_filename of a UTF-8 path. On Windows libarchive would read a char path in
// the ANSI code page, so the path goes to archive_read_open_filename_w as UTF-16 there.
int open_archive_file(archive* reader, const std::string& path, size_t block_size);

}  // namespace kmsprep
