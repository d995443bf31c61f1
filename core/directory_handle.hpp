// Directories open as descriptors, and what is done to their entries by name relative to such a
// descriptor, never through a path: the walk of the directory image backend
// (image/directory_image.cpp) and AtomicReplacement::begin_at. Linux: openat, fstatat,
// readlinkat, mkdirat, unlinkat, renameat, fdopendir, flock (directory_handle_posix.cpp).
// Windows: handles opened with NtCreateFile relative to the directory's handle, never following
// a reparse point, behind MSVCRT descriptors as in core/file_system.hpp
// (directory_handle_windows.cpp).
//
// A name is one component: "", ".", "..", and names holding a separator ('/', and on Windows
// also '\\' and ':') are refused with EINVAL, so nothing here reaches outside the directory. No
// call follows a symbolic link (a junction or any other name-surrogate reparse point on
// Windows) as the named entry. Errors are errno values, as in core/file_system.hpp; descriptors
// are closed with close_file.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/file_system.hpp"

namespace kmsprep {

// Whether `name` is a single component the calls below accept.
bool is_entry_name(const std::string& name);

// The directory at `path` (links in the path are followed: it is the path the user named), as a
// descriptor, or -1 with errno set (ENOTDIR when it is something else).
int open_directory(const std::filesystem::path& path);

// The directory `name` inside `directory`, or -1 with errno set: ELOOP or ENOTDIR when the entry
// is a symbolic link, ENOTDIR when it is a file.
int open_directory_at(int directory, const std::string& name);

// Another descriptor of the same open directory (for an owner that outlives its caller's).
int duplicate_directory(int directory);

// What the entry `name` is, the entry itself (a link is `symlink`). 0 or the errno.
int status_at(int directory, const std::string& name, FileStatus& status);

// How the directory spells the existing entry `name`: `name` itself on Linux, where lookups are
// exact; on Windows, where a lookup ignores letter case, the spelling on disk (the exact one
// when the directory is case-sensitive and holds both). 0 or the errno (ENOENT when missing).
int spelling_at(int directory, const std::string& name, std::string& spelled);

// The target a symbolic link `name` holds, as stored (relative or absolute, '/' or '\\'), in
// UTF-8. 0 or the errno (EINVAL when the entry is no link).
int read_link_at(int directory, const std::string& name, std::string& target);

// open_file (core/file_system.hpp) of the entry `name`; kOpenNoFollow is implied. A read-only
// open does not wait on a FIFO (O_NONBLOCK).
int open_file_at(int directory, const std::string& name, unsigned flags, unsigned mode = 0644);

int create_directory_at(int directory, const std::string& name, unsigned mode = 0755);
// Removes a file or a link (never what it points to), as unlink(2): EISDIR for a directory.
int remove_file_at(int directory, const std::string& name);
int remove_directory_at(int directory, const std::string& name);  // an empty one
// Renames the entry `from` over `to`, both in `directory`, replacing `to` atomically.
int rename_at(int directory, const std::string& from, const std::string& to);

// The names of the entries, without "." and "..", in the order the file system gives them.
int list_directory(int directory, std::vector<std::string>& names);

// Makes the directory's entries (renames, new files) durable: fsync on Linux. Windows has no
// such call and needs none (see sync_directory in core/file_system.hpp): 0.
int flush_directory(int directory);

// Takes an exclusive lock on the directory among the processes that lock it this way, without
// waiting: `held` is a new descriptor whose close releases it. 0, EWOULDBLOCK while another
// holder has it, or the errno. Linux: flock on a new descriptor of the directory. Windows: a
// handle with write access that shares no write access, so a second one is refused; it keeps
// out no reader and no writer of the entries.
int lock_directory(int directory, int& held);

}  // namespace kmsprep
