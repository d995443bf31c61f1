// The file operations kmsprep needs from the operating system, the same on every platform:
// files open as C runtime descriptors (int) on both, paths in UTF-8. Linux: open(2), pread(2),
// fsync(2), flock(2) (file_system_posix.cpp). Windows: _wopen on a \\?\ long path,
// ReadFile/WriteFile at an offset, FlushFileBuffers, LockFileEx, MoveFileExW
// (file_system_windows.cpp). The rest of the code calls these and never the platform's own.
// Errors are errno values (0 for success), so each caller words the error for its own file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>

namespace kmsprep {

// How open_file opens: one of the access modes, plus any of the other flags. Every descriptor
// kmsprep opens is private to the process (close-on-exec, not inherited by child processes).
enum OpenFlags : unsigned {
  kOpenRead = 0,
  kOpenWrite = 1,
  kOpenReadWrite = 2,
  kOpenCreate = 4,     // create when missing
  kOpenExclusive = 8,  // with kOpenCreate: fail with EEXIST when present
  kOpenTruncate = 16,
  kOpenNoFollow = 32,  // the last component may not be a symbolic link (ELOOP)
  kOpenAppend = 64,
};

// A descriptor, or -1 with errno set. `mode` is the POSIX mode of a created file (Windows
// keeps only whether the owner may write).
int open_file(const std::filesystem::path& path, unsigned flags, unsigned mode = 0644);
int close_file(int fd);

// read(2) and write(2): the byte count, 0 at the end, or -1 with errno set.
int64_t read_some(int fd, void* buffer, size_t length);
int64_t write_some(int fd, const void* buffer, size_t length);
// The same at `offset`, leaving the descriptor's own position alone (pread, pwrite).
int64_t read_some_at(int fd, void* buffer, size_t length, uint64_t offset);
int64_t write_some_at(int fd, const void* buffer, size_t length, uint64_t offset);
// Moves the descriptor's position; the new position, or -1 with errno set.
int64_t seek_to(int fd, uint64_t offset);
int truncate_file(int fd, uint64_t length);  // 0 or errno

// Everything written to the file is on the disk when this returns 0 (fsync,
// FlushFileBuffers); else the errno.
int sync_file(int fd);

// An advisory whole-file lock held until unlock_file or the descriptor's close (flock on Linux;
// LockFileEx on Windows, which the system enforces). 0, EWOULDBLOCK when another holder has it
// and `wait` is false, or the errno.
enum class FileLock { shared, exclusive };
int lock_file(int fd, FileLock lock, bool wait);
int unlock_file(int fd);

bool is_terminal(int fd);

// What kind of entry a path or a descriptor is; a symbolic link (a reparse point on Windows)
// is `symlink`, never followed.
enum class FileKind { missing, file, directory, symlink, other };
struct FileStatus {
  FileKind kind = FileKind::missing;
  uint64_t size = 0;
  unsigned mode = 0;   // POSIX permission bits (07777); Windows: 0644, 0444 when read-only
  uint32_t owner = 0;  // uid and gid; 0 on Windows
  uint32_t group = 0;
  int64_t modified = 0;  // seconds since 1970
  uint64_t device = 0;   // with `identity`: the same pair is the same file
  uint64_t identity = 0;
};
// 0 and `status` filled, or the errno (ENOENT for a missing path; then kind is `missing`).
int status_of(const std::filesystem::path& path, FileStatus& status);
int status_of(int fd, FileStatus& status);
// The same for what a symbolic link names, as stat(2) sees it (the link is followed): for inputs
// a user may give through a link (an event export, setup media).
int status_of_target(const std::filesystem::path& path, FileStatus& status);

// Renames `from` over `to` atomically, replacing it when present (rename(2); MoveFileExW with
// MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH). 0 or the errno.
int replace_path(const std::filesystem::path& from, const std::filesystem::path& to);
int remove_file(const std::filesystem::path& path);  // 0 or the errno

// Flushes a directory's entries (a rename or a new file in it) to disk. Windows has no such
// call: MOVEFILE_WRITE_THROUGH already made the rename durable, so it returns 0 there.
int sync_directory(const std::filesystem::path& directory);

// The process's own id, for names of temporary files.
uint64_t process_id();

}  // namespace kmsprep
