// Windows side of core/file_system.hpp: Win32 handles behind MSVCRT descriptors, so callers keep
// one int per file on both platforms. Paths come as std::filesystem::path, whose native form on
// Windows is already UTF-16, so no conversion is done here (see make_win32_path).
#include <fcntl.h>
#include <io.h>
#include <windows.h>

#include <cerrno>
#include <climits>

#include "core/file_system.hpp"
#include "core/win32_error.hpp"

namespace kmsprep {

namespace {

// Paths at or over 248 characters (MAX_PATH - 12, the shortest Win32 limit, CreateDirectoryW's)
// become absolute \\?\ paths, which the wide calls accept up to 32,767 characters. The prefix
// turns off Win32's own normalisation, so GetFullPathNameW first resolves "." and "..",
// relative paths and forward slashes; \\server\share becomes \\?\UNC\server\share.
std::wstring make_win32_path(const std::filesystem::path& path) {
  const std::wstring& name = path.native();
  if (name.size() < MAX_PATH - 12 || name.rfind(LR"(\\?\)", 0) == 0 ||
      name.rfind(LR"(\\.\)", 0) == 0) {
    return name;
  }
  const DWORD needed = GetFullPathNameW(name.c_str(), 0, nullptr, nullptr);
  if (needed == 0) return name;
  std::wstring full(needed, L'\0');
  const DWORD length = GetFullPathNameW(name.c_str(), needed, full.data(), nullptr);
  if (length == 0 || length >= needed) return name;
  full.resize(length);
  if (full.rfind(LR"(\\)", 0) == 0) return LR"(\\?\UNC\)" + full.substr(2);
  return LR"(\\?\)" + full;
}

HANDLE handle_of(int fd) { return reinterpret_cast<HANDLE>(_get_osfhandle(fd)); }

// The OS calls take a DWORD count and MSVCRT's _read/_write an int; a larger request is
// answered in part, as read_some and write_some allow.
DWORD clamp_length(size_t length) {
  return length > (1u << 30) ? (1u << 30) : static_cast<DWORD>(length);
}

// GENERIC_READ includes FILE_READ_ATTRIBUTES; a write-only descriptor needs it added for
// status_of(fd) and the kOpenNoFollow check.
DWORD access_of(unsigned flags) {
  if (flags & kOpenReadWrite) return GENERIC_READ | GENERIC_WRITE;
  if (flags & kOpenWrite) return FILE_READ_ATTRIBUTES | GENERIC_WRITE;
  return GENERIC_READ;
}

// Truncation is done after opening instead of with CREATE_ALWAYS or TRUNCATE_EXISTING: those
// fail on an existing hidden or system file (common in Windows images) and would change the
// attributes of an existing file; kOpenNoFollow must also look at the entry before emptying it.
DWORD creation_disposition(unsigned flags) {
  if (!(flags & kOpenCreate)) return OPEN_EXISTING;
  return (flags & kOpenExclusive) ? CREATE_NEW : OPEN_ALWAYS;
}

// FILE_SHARE_DELETE lets a file kmsprep has open be renamed over or removed, as on Linux; a
// NULL SECURITY_ATTRIBUTES makes the handle non-inheritable.
HANDLE open_handle(const std::wstring& name, DWORD access, DWORD disposition, DWORD attributes) {
  return CreateFileW(name.c_str(), access, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                     nullptr, disposition, attributes, nullptr);
}

// Symbolic links, junctions and mount points are name surrogates. Other reparse points (WOF
// compression of CompactOS files, deduplication, cloud placeholders) are ordinary files whose
// data a filter provides, so they count as what they hold.
bool is_name_surrogate(HANDLE handle, DWORD attributes) {
  if (!(attributes & FILE_ATTRIBUTE_REPARSE_POINT)) return false;
  FILE_ATTRIBUTE_TAG_INFO tag{};
  if (!GetFileInformationByHandleEx(handle, FileAttributeTagInfo, &tag, sizeof tag)) return true;
  return IsReparseTagNameSurrogate(tag.ReparseTag) != 0;
}

int set_file_length(HANDLE handle, uint64_t length) {
  FILE_END_OF_FILE_INFO end{};
  end.EndOfFile.QuadPart = static_cast<LONGLONG>(length);
  return SetFileInformationByHandle(handle, FileEndOfFileInfo, &end, sizeof end)
             ? 0
             : last_win32_errno();
}

// kOpenNoFollow opens the entry itself (FILE_FLAG_OPEN_REPARSE_POINT) and refuses a link with
// ELOOP. A reparse point that is not a link is opened again through its filter, since the
// entry itself would read as the filter's raw, often empty, stream.
HANDLE open_not_following(const std::wstring& name, DWORD access, DWORD disposition,
                          DWORD attributes) {
  HANDLE handle = open_handle(name, access, disposition, attributes | FILE_FLAG_OPEN_REPARSE_POINT);
  if (handle == INVALID_HANDLE_VALUE) return handle;
  FILE_BASIC_INFO basic{};
  if (!GetFileInformationByHandleEx(handle, FileBasicInfo, &basic, sizeof basic)) {
    const DWORD error = GetLastError();
    CloseHandle(handle);
    SetLastError(error);
    return INVALID_HANDLE_VALUE;
  }
  if (!(basic.FileAttributes & FILE_ATTRIBUTE_REPARSE_POINT)) return handle;
  const bool link = is_name_surrogate(handle, basic.FileAttributes);
  CloseHandle(handle);
  if (link) {
    SetLastError(ERROR_CANT_RESOLVE_FILENAME);  // becomes ELOOP
    return INVALID_HANDLE_VALUE;
  }
  return open_handle(name, access, OPEN_EXISTING, attributes);
}

FileKind kind_of(HANDLE handle, DWORD attributes) {
  if (is_name_surrogate(handle, attributes)) return FileKind::symlink;
  return (attributes & FILE_ATTRIBUTE_DIRECTORY) ? FileKind::directory : FileKind::file;
}

// 100 ns intervals since 1601 to seconds since 1970.
int64_t unix_seconds(FILETIME time) {
  const int64_t ticks =
      static_cast<int64_t>((static_cast<uint64_t>(time.dwHighDateTime) << 32) | time.dwLowDateTime);
  return (ticks - 116444736000000000LL) / 10000000LL;
}

int fill(HANDLE handle, FileStatus& status) {
  status = FileStatus{};
  if (GetFileType(handle) != FILE_TYPE_DISK) {
    status.kind = FileKind::other;  // console, pipe or device
    return 0;
  }
  BY_HANDLE_FILE_INFORMATION info{};
  if (!GetFileInformationByHandle(handle, &info)) return last_win32_errno();
  status.kind = kind_of(handle, info.dwFileAttributes);
  status.size = (static_cast<uint64_t>(info.nFileSizeHigh) << 32) | info.nFileSizeLow;
  status.mode = (info.dwFileAttributes & FILE_ATTRIBUTE_READONLY) ? 0444 : 0644;
  status.modified = unix_seconds(info.ftLastWriteTime);
  status.device = info.dwVolumeSerialNumber;
  status.identity = (static_cast<uint64_t>(info.nFileIndexHigh) << 32) | info.nFileIndexLow;
  return 0;
}

}  // namespace

// CreateFileW rather than _wopen: _wopen follows a link and truncates before anything can look
// at the entry, and opens without FILE_SHARE_DELETE. _open_osfhandle then gives the handle a
// descriptor in binary mode (no _O_TEXT) that MSVCRT's spawn calls do not pass on.
int open_file(const std::filesystem::path& path, unsigned flags, unsigned mode) {
  const std::wstring name = make_win32_path(path);
  const bool writes = (flags & (kOpenWrite | kOpenReadWrite)) != 0;
  const DWORD access = access_of(flags);
  // Only a file this call creates takes the attribute; Windows keeps no other mode bit.
  const DWORD attributes = (mode & 0200) ? FILE_ATTRIBUTE_NORMAL : FILE_ATTRIBUTE_READONLY;
  const DWORD disposition = creation_disposition(flags);
  HANDLE handle = (flags & kOpenNoFollow)
                      ? open_not_following(name, access, disposition, attributes)
                      : open_handle(name, access, disposition, attributes);
  if (handle == INVALID_HANDLE_VALUE) {
    errno = last_win32_errno();
    return -1;
  }
  if ((flags & kOpenTruncate) && writes) {
    if (const int error = set_file_length(handle, 0); error != 0) {
      CloseHandle(handle);
      errno = error;
      return -1;
    }
  }
  const int crt_flags =
      _O_NOINHERIT | (writes ? 0 : _O_RDONLY) | ((flags & kOpenAppend) ? _O_APPEND : 0);
  const int fd = _open_osfhandle(reinterpret_cast<intptr_t>(handle), crt_flags);
  if (fd < 0) {
    const int error = errno != 0 ? errno : EMFILE;
    CloseHandle(handle);
    errno = error;
  }
  return fd;
}

int close_file(int fd) { return _close(fd); }

int64_t read_some(int fd, void* buffer, size_t length) {
  return _read(fd, buffer, clamp_length(length));
}

int64_t write_some(int fd, const void* buffer, size_t length) {
  return _write(fd, buffer, clamp_length(length));
}

// On a handle opened without FILE_FLAG_OVERLAPPED, ReadFile and WriteFile at an OVERLAPPED
// offset also move the file pointer, so it is put back. Unlike pread this is not atomic: another
// thread reading the same descriptor in between would see the moved position.
int64_t read_some_at(int fd, void* buffer, size_t length, uint64_t offset) {
  HANDLE handle = handle_of(fd);
  LARGE_INTEGER position{};
  if (!SetFilePointerEx(handle, LARGE_INTEGER{}, &position, FILE_CURRENT)) {
    errno = last_win32_errno();
    return -1;
  }
  OVERLAPPED at{};
  at.Offset = static_cast<DWORD>(offset);
  at.OffsetHigh = static_cast<DWORD>(offset >> 32);
  DWORD done = 0;
  const bool read = ReadFile(handle, buffer, clamp_length(length), &done, &at);
  const DWORD error = read ? ERROR_SUCCESS : GetLastError();
  SetFilePointerEx(handle, position, nullptr, FILE_BEGIN);
  if (!read && error != ERROR_HANDLE_EOF) {  // at or past the end: 0 bytes, like pread
    errno = errno_from_win32(error);
    return -1;
  }
  return read ? static_cast<int64_t>(done) : 0;
}

int64_t write_some_at(int fd, const void* buffer, size_t length, uint64_t offset) {
  HANDLE handle = handle_of(fd);
  LARGE_INTEGER position{};
  if (!SetFilePointerEx(handle, LARGE_INTEGER{}, &position, FILE_CURRENT)) {
    errno = last_win32_errno();
    return -1;
  }
  OVERLAPPED at{};
  at.Offset = static_cast<DWORD>(offset);
  at.OffsetHigh = static_cast<DWORD>(offset >> 32);
  DWORD done = 0;
  const bool written = WriteFile(handle, buffer, clamp_length(length), &done, &at);
  const DWORD error = written ? ERROR_SUCCESS : GetLastError();
  SetFilePointerEx(handle, position, nullptr, FILE_BEGIN);
  if (!written) {
    errno = errno_from_win32(error);
    return -1;
  }
  return static_cast<int64_t>(done);
}

int64_t seek_to(int fd, uint64_t offset) {
  return _lseeki64(fd, static_cast<int64_t>(offset), SEEK_SET);
}

// SetFileInformationByHandle, unlike SetEndOfFile, leaves the position alone, as ftruncate does.
int truncate_file(int fd, uint64_t length) { return set_file_length(handle_of(fd), length); }

int sync_file(int fd) { return FlushFileBuffers(handle_of(fd)) ? 0 : last_win32_errno(); }

// The whole file is the largest range LockFileEx takes. The lock belongs to the handle, so a
// second descriptor of the same file in this process is refused as another process would be,
// as with flock on two open file descriptions.
int lock_file(int fd, FileLock lock, bool wait) {
  const DWORD flags = (lock == FileLock::exclusive ? LOCKFILE_EXCLUSIVE_LOCK : 0) |
                      (wait ? 0 : LOCKFILE_FAIL_IMMEDIATELY);
  OVERLAPPED from_start{};
  if (LockFileEx(handle_of(fd), flags, 0, MAXDWORD, MAXDWORD, &from_start)) return 0;
  return last_win32_errno();
}

// Unlocking what is not locked succeeds, as flock(LOCK_UN) does.
int unlock_file(int fd) {
  OVERLAPPED from_start{};
  if (UnlockFileEx(handle_of(fd), 0, MAXDWORD, MAXDWORD, &from_start)) return 0;
  const DWORD error = GetLastError();
  return error == ERROR_NOT_LOCKED ? 0 : errno_from_win32(error);
}

// GetConsoleMode rather than _isatty, which is also true for NUL and other character devices.
bool is_terminal(int fd) {
  DWORD mode = 0;
  return GetConsoleMode(handle_of(fd), &mode) != 0;
}

// The entry itself is opened with no data access (so no other opener's sharing mode refuses
// it) and FILE_FLAG_BACKUP_SEMANTICS, without which a directory cannot be opened at all.
int status_of(const std::filesystem::path& path, FileStatus& status) {
  HANDLE handle = open_handle(make_win32_path(path), FILE_READ_ATTRIBUTES, OPEN_EXISTING,
                              FILE_FLAG_BACKUP_SEMANTICS | FILE_FLAG_OPEN_REPARSE_POINT);
  if (handle == INVALID_HANDLE_VALUE) {
    status = FileStatus{};
    return last_win32_errno();
  }
  const int result = fill(handle, status);
  CloseHandle(handle);
  return result;
}

// Without FILE_FLAG_OPEN_REPARSE_POINT CreateFileW opens what a link names.
int status_of_target(const std::filesystem::path& path, FileStatus& status) {
  HANDLE handle = open_handle(make_win32_path(path), FILE_READ_ATTRIBUTES, OPEN_EXISTING,
                              FILE_FLAG_BACKUP_SEMANTICS);
  if (handle == INVALID_HANDLE_VALUE) {
    status = FileStatus{};
    return last_win32_errno();
  }
  const int result = fill(handle, status);
  CloseHandle(handle);
  return result;
}

int status_of(int fd, FileStatus& status) {
  HANDLE handle = handle_of(fd);
  if (handle == INVALID_HANDLE_VALUE) {
    status = FileStatus{};
    return EBADF;
  }
  return fill(handle, status);
}

int replace_path(const std::filesystem::path& from, const std::filesystem::path& to) {
  const DWORD flags = MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH;
  return MoveFileExW(make_win32_path(from).c_str(), make_win32_path(to).c_str(), flags)
             ? 0
             : last_win32_errno();
}

// unlink(2) removes a file whatever its mode; DeleteFileW refuses a read-only one, so the
// attribute is cleared and the deletion tried once more (and the attribute put back if it
// still fails).
int remove_file(const std::filesystem::path& path) {
  const std::wstring name = make_win32_path(path);
  if (DeleteFileW(name.c_str())) return 0;
  const DWORD error = GetLastError();
  const DWORD attributes = GetFileAttributesW(name.c_str());
  if (error != ERROR_ACCESS_DENIED || attributes == INVALID_FILE_ATTRIBUTES ||
      !(attributes & FILE_ATTRIBUTE_READONLY) ||
      !SetFileAttributesW(name.c_str(), attributes & ~FILE_ATTRIBUTE_READONLY)) {
    return errno_from_win32(error);
  }
  if (DeleteFileW(name.c_str())) return 0;
  const DWORD retry_error = GetLastError();
  SetFileAttributesW(name.c_str(), attributes);
  return errno_from_win32(retry_error);
}

// Win32 has no call that flushes a directory: MOVEFILE_WRITE_THROUGH already waited for the
// rename to reach the disk, and NTFS journals the entries of new files with the file itself.
int sync_directory(const std::filesystem::path&) { return 0; }

uint64_t process_id() { return GetCurrentProcessId(); }

}  // namespace kmsprep
