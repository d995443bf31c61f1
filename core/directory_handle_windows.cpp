// Windows side of core/directory_handle.hpp. A directory is a handle behind an MSVCRT descriptor,
// as files are in core/file_system_windows.cpp. Entries are opened with NtCreateFile relative to
// that handle (OBJECT_ATTRIBUTES.RootDirectory), so the lookup of a name never starts from a
// path that a directory swapped for a junction since could redirect, and always with
// FILE_OPEN_REPARSE_POINT, so the entry itself is opened and a link is seen, never followed.
// Names are UTF-8 here and UTF-16 for the system.
#include <fcntl.h>
#include <io.h>
#include <windows.h>
#include <winioctl.h>
#include <winternl.h>

#include <cerrno>
#include <cstddef>
#include <cstring>
#include <vector>

#include "core/directory_handle.hpp"
#include "core/win32_error.hpp"

// ntdll exports it; MinGW's winternl.h does not declare it.
extern "C" NTSTATUS NTAPI NtQueryDirectoryFile(HANDLE file, HANDLE event, PIO_APC_ROUTINE routine,
                                               PVOID context, PIO_STATUS_BLOCK io, PVOID buffer,
                                               ULONG length, FILE_INFORMATION_CLASS information,
                                               BOOLEAN single_entry, PUNICODE_STRING mask,
                                               BOOLEAN restart);

namespace kmsprep {

namespace {

constexpr ACCESS_MASK kDirectoryAccess = FILE_LIST_DIRECTORY | FILE_TRAVERSE | FILE_READ_ATTRIBUTES;
constexpr ULONG kShareAll = FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE;

HANDLE handle_of(int fd) { return reinterpret_cast<HANDLE>(_get_osfhandle(fd)); }

std::wstring wide(const std::string& text) {
  if (text.empty()) return {};
  const int length =
      MultiByteToWideChar(CP_UTF8, 0, text.data(), static_cast<int>(text.size()), nullptr, 0);
  std::wstring result(static_cast<size_t>(length), L'\0');
  MultiByteToWideChar(CP_UTF8, 0, text.data(), static_cast<int>(text.size()), result.data(),
                      length);
  return result;
}

// A name that is not valid UTF-16 (an unpaired surrogate) gets U+FFFD and will not open again:
// callers treat that as an entry removed meanwhile.
std::string narrow(const wchar_t* text, size_t count) {
  if (count == 0) return {};
  const int length =
      WideCharToMultiByte(CP_UTF8, 0, text, static_cast<int>(count), nullptr, 0, nullptr, nullptr);
  std::string result(static_cast<size_t>(length), '\0');
  WideCharToMultiByte(CP_UTF8, 0, text, static_cast<int>(count), result.data(), length, nullptr,
                      nullptr);
  return result;
}

int errno_from_status(NTSTATUS status) { return errno_from_win32(RtlNtStatusToDosError(status)); }

// The handle as a descriptor (closed with it), or -1 with errno set; the handle is closed then.
// Binary mode (no _O_TEXT) and not passed on by MSVCRT's spawn calls, as open_file's.
int descriptor_of(HANDLE handle, bool writes, bool append = false) {
  const int flags = _O_NOINHERIT | (writes ? 0 : _O_RDONLY) | (append ? _O_APPEND : 0);
  const int fd = _open_osfhandle(reinterpret_cast<intptr_t>(handle), flags);
  if (fd < 0) {
    const int error = errno != 0 ? errno : EMFILE;
    CloseHandle(handle);
    errno = error;
  }
  return fd;
}

struct RelativeOpen {
  ACCESS_MASK access = 0;
  ULONG share = kShareAll;
  ULONG disposition = FILE_OPEN;
  ULONG options = 0;  // FILE_DIRECTORY_FILE, FILE_NON_DIRECTORY_FILE
  ULONG attributes = FILE_ATTRIBUTE_NORMAL;
  bool entry_itself = true;  // FILE_OPEN_REPARSE_POINT
};

// NtCreateFile of `name` (empty: the directory itself) relative to `directory`. 0 or the errno.
// No OBJ_CASE_INSENSITIVE: a directory Windows keeps case-sensitive is looked up as spelled,
// as on Linux; elsewhere NTFS ignores case whatever is asked.
int open_relative(HANDLE directory, const std::wstring& name, const RelativeOpen& how,
                  HANDLE& opened) {
  opened = INVALID_HANDLE_VALUE;
  if (name.size() > 32767) return ENAMETOOLONG;
  UNICODE_STRING object_name{};
  object_name.Buffer = const_cast<PWSTR>(name.c_str());
  object_name.Length = static_cast<USHORT>(name.size() * sizeof(wchar_t));
  object_name.MaximumLength = object_name.Length;
  OBJECT_ATTRIBUTES attributes{};
  InitializeObjectAttributes(&attributes, &object_name, 0, directory, nullptr);
  IO_STATUS_BLOCK io{};
  const ULONG options = how.options | FILE_SYNCHRONOUS_IO_NONALERT | FILE_OPEN_FOR_BACKUP_INTENT |
                        (how.entry_itself ? FILE_OPEN_REPARSE_POINT : 0);
  HANDLE handle = nullptr;
  const NTSTATUS status =
      NtCreateFile(&handle, how.access | SYNCHRONIZE, &attributes, &io, nullptr, how.attributes,
                   how.share, how.disposition, options, nullptr, 0);
  if (!NT_SUCCESS(status)) return errno_from_status(status);
  opened = handle;
  return 0;
}

// What an open entry is: its attributes, and whether it is a link (a name surrogate: symbolic
// link, junction, mount point). Other reparse points (WOF-compressed CompactOS files,
// deduplication, cloud placeholders) are ordinary files and directories whose data a filter
// provides, as core/file_system_windows.cpp counts them.
struct EntryKind {
  DWORD attributes = 0;
  bool link = false;
  bool directory() const { return (attributes & FILE_ATTRIBUTE_DIRECTORY) != 0; }
  bool reparse_point() const { return (attributes & FILE_ATTRIBUTE_REPARSE_POINT) != 0; }
};

int kind_of(HANDLE handle, EntryKind& kind) {
  FILE_ATTRIBUTE_TAG_INFO tag{};
  if (!GetFileInformationByHandleEx(handle, FileAttributeTagInfo, &tag, sizeof tag)) {
    return last_win32_errno();
  }
  kind.attributes = tag.FileAttributes;
  kind.link = (tag.FileAttributes & FILE_ATTRIBUTE_REPARSE_POINT) &&
              IsReparseTagNameSurrogate(tag.ReparseTag);
  return 0;
}

// Closes `handle` and returns `error`, for the refusals after an open.
int close_with(HANDLE handle, int error) {
  CloseHandle(handle);
  return error;
}

bool same_file(HANDLE a, HANDLE b) {
  BY_HANDLE_FILE_INFORMATION first{}, second{};
  return GetFileInformationByHandle(a, &first) && GetFileInformationByHandle(b, &second) &&
         first.dwVolumeSerialNumber == second.dwVolumeSerialNumber &&
         first.nFileIndexHigh == second.nFileIndexHigh &&
         first.nFileIndexLow == second.nFileIndexLow;
}

// An entry opened itself is a link or a file; a file behind a filter (WOF, deduplication) reads
// as its raw, often empty, stream that way, so it is opened once more through the filter. That
// second open follows whatever the name is by then: it is kept only when it is the same file.
int open_data(HANDLE directory, const std::wstring& name, RelativeOpen how, HANDLE& opened) {
  if (const int error = open_relative(directory, name, how, opened)) return error;
  EntryKind kind;
  if (const int error = kind_of(opened, kind)) return close_with(opened, error);
  if (kind.link) return close_with(opened, ELOOP);
  if (!kind.reparse_point()) return 0;
  how.entry_itself = false;
  how.disposition = FILE_OPEN;
  HANDLE through_filter = INVALID_HANDLE_VALUE;
  const int error = open_relative(directory, name, how, through_filter);
  const bool same = error == 0 && same_file(opened, through_filter);
  CloseHandle(opened);
  opened = INVALID_HANDLE_VALUE;
  if (error != 0) return error;
  if (!same) return close_with(through_filter, ELOOP);  // swapped meanwhile
  opened = through_filter;
  return 0;
}

int refuse(const std::string& name) { return is_entry_name(name) ? 0 : EINVAL; }

// -1 with errno set to `error`, for the calls that return a descriptor.
int fail(int error) {
  errno = error;
  return -1;
}

// Paths at or over 248 characters become \\?\ paths, as in core/file_system_windows.cpp; the
// root of an image is canonical (absolute, no "." or ".."), so no GetFullPathNameW is needed.
std::wstring long_path(const std::filesystem::path& path) {
  const std::wstring& name = path.native();
  if (name.size() < MAX_PATH - 12 || name.rfind(LR"(\\?\)", 0) == 0) return name;
  if (name.rfind(LR"(\\)", 0) == 0) return LR"(\\?\UNC\)" + name.substr(2);
  return LR"(\\?\)" + name;
}

int set_disposition(HANDLE handle, bool remove) {
  FILE_DISPOSITION_INFO disposition{};
  disposition.DeleteFile = remove;
  return SetFileInformationByHandle(handle, FileDispositionInfo, &disposition, sizeof disposition)
             ? 0
             : last_win32_errno();
}

int set_attributes(HANDLE handle, DWORD attributes) {
  FILE_BASIC_INFO basic{};  // zero times: left as they are
  basic.FileAttributes = attributes == 0 ? FILE_ATTRIBUTE_NORMAL : attributes;
  return SetFileInformationByHandle(handle, FileBasicInfo, &basic, sizeof basic)
             ? 0
             : last_win32_errno();
}

// The reparse data of a symbolic link or a junction: the fields of REPARSE_DATA_BUFFER that are
// read here (the driver kit's header declares it, the SDK's does not).
constexpr size_t kReparseHeader = 8;          // tag, data length, reserved
constexpr size_t kSymbolicLinkFlagsSize = 4;  // only symbolic links have the flags word

int link_target(const std::vector<char>& data, std::string& target) {
  ULONG tag = 0;
  std::memcpy(&tag, data.data(), sizeof tag);
  if (tag != IO_REPARSE_TAG_SYMLINK && tag != IO_REPARSE_TAG_MOUNT_POINT) return EINVAL;
  USHORT names[4] = {};  // substitute offset and length, print offset and length (bytes)
  std::memcpy(names, data.data() + kReparseHeader, sizeof names);
  const size_t buffer =
      kReparseHeader + sizeof names + (tag == IO_REPARSE_TAG_SYMLINK ? kSymbolicLinkFlagsSize : 0);
  // The print name is the target as the link's maker wrote it; the substitute name is the NT
  // path ("\??\C:\..."), used only when there is no print name.
  const bool print = names[3] != 0;
  const size_t offset = buffer + (print ? names[2] : names[0]);
  const size_t length = print ? names[3] : names[1];
  if (offset + length > data.size()) return EIO;
  std::wstring name(length / sizeof(wchar_t), L'\0');
  std::memcpy(name.data(), data.data() + offset, name.size() * sizeof(wchar_t));
  // "\??\C:\dir" and "\??\UNC\server\share" have Win32 forms; anything else (a volume's
  // "\??\Volume{...}\") stays as it is, a path no directory image holds.
  if (!print && name.rfind(LR"(\??\UNC\)", 0) == 0) {
    name.replace(0, 8, LR"(\\)");
  } else if (!print && name.rfind(LR"(\??\)", 0) == 0 && name.size() >= 7 && name[5] == L':') {
    name.erase(0, 4);
  }
  target = narrow(name.data(), name.size());
  return 0;
}

int list_open_directory(HANDLE listing, std::vector<std::string>& names) {
  std::vector<LONGLONG> storage(64 * 1024 / sizeof(LONGLONG));  // aligned as the entries need
  const char* buffer = reinterpret_cast<const char*>(storage.data());
  for (;;) {
    if (!GetFileInformationByHandleEx(listing, FileIdBothDirectoryInfo, storage.data(),
                                      static_cast<DWORD>(storage.size() * sizeof(LONGLONG)))) {
      const DWORD error = GetLastError();
      // A volume's root has no "." or "..": empty, it has no first entry either.
      const bool end = error == ERROR_NO_MORE_FILES || error == ERROR_FILE_NOT_FOUND;
      return end ? 0 : errno_from_win32(error);
    }
    for (size_t at = 0;;) {
      const auto* entry = reinterpret_cast<const FILE_ID_BOTH_DIR_INFO*>(buffer + at);
      const std::string name = narrow(entry->FileName, entry->FileNameLength / sizeof(wchar_t));
      if (name != "." && name != "..") names.push_back(name);
      if (entry->NextEntryOffset == 0) break;
      at += entry->NextEntryOffset;
    }
  }
}

}  // namespace

bool is_entry_name(const std::string& name) {
  return !name.empty() && name != "." && name != ".." &&
         name.find_first_of(std::string("/\\:\0", 4)) == std::string::npos;
}

int open_directory(const std::filesystem::path& path) {
  HANDLE handle = CreateFileW(long_path(path).c_str(), kDirectoryAccess, kShareAll, nullptr,
                              OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, nullptr);
  if (handle == INVALID_HANDLE_VALUE) return fail(last_win32_errno());
  EntryKind kind;
  if (const int error = kind_of(handle, kind)) return fail(close_with(handle, error));
  if (!kind.directory()) return fail(close_with(handle, ENOTDIR));
  return descriptor_of(handle, false);
}

int open_directory_at(int directory, const std::string& name) {
  if (const int error = refuse(name)) return fail(error);
  RelativeOpen how;
  how.access = kDirectoryAccess;
  how.options = FILE_DIRECTORY_FILE;  // a file: STATUS_NOT_A_DIRECTORY, ENOTDIR
  HANDLE handle = INVALID_HANDLE_VALUE;
  if (const int error = open_relative(handle_of(directory), wide(name), how, handle)) {
    return fail(error);
  }
  EntryKind kind;
  if (const int error = kind_of(handle, kind)) return fail(close_with(handle, error));
  if (kind.link) return fail(close_with(handle, ELOOP));
  return descriptor_of(handle, false);
}

int duplicate_directory(int directory) {
  HANDLE copy = nullptr;
  if (!DuplicateHandle(GetCurrentProcess(), handle_of(directory), GetCurrentProcess(), &copy, 0,
                       FALSE, DUPLICATE_SAME_ACCESS)) {
    return fail(last_win32_errno());
  }
  return descriptor_of(copy, false);
}

// Only FILE_READ_ATTRIBUTES: no other opener's sharing mode refuses it.
int status_at(int directory, const std::string& name, FileStatus& status) {
  status = FileStatus{};
  if (const int error = refuse(name)) return error;
  RelativeOpen how;
  how.access = FILE_READ_ATTRIBUTES;
  HANDLE handle = INVALID_HANDLE_VALUE;
  if (const int error = open_relative(handle_of(directory), wide(name), how, handle)) return error;
  const int fd = descriptor_of(handle, false);
  if (fd < 0) return errno;
  const int error = status_of(fd, status);
  close_file(fd);
  return error;
}

// NtQueryDirectoryFile with the name as its mask lists the entries it matches (NTFS ignores
// case unless the directory is case-sensitive). A name with a wildcard character cannot exist
// on Windows; it is answered as asked rather than used as a pattern.
int spelling_at(int directory, const std::string& name, std::string& spelled) {
  if (const int error = refuse(name)) return error;
  std::wstring mask = wide(name);
  if (mask.find_first_of(L"*?<>\"") != std::wstring::npos) {
    spelled = name;
    return 0;
  }
  RelativeOpen how;
  how.access = FILE_LIST_DIRECTORY;
  how.options = FILE_DIRECTORY_FILE;
  HANDLE listing = INVALID_HANDLE_VALUE;
  if (const int error = open_relative(handle_of(directory), L"", how, listing)) return error;
  UNICODE_STRING pattern{};
  pattern.Buffer = mask.data();
  pattern.Length = static_cast<USHORT>(mask.size() * sizeof(wchar_t));
  pattern.MaximumLength = pattern.Length;
  std::vector<LONGLONG> storage(4096);
  IO_STATUS_BLOCK io{};
  const NTSTATUS status =
      NtQueryDirectoryFile(listing, nullptr, nullptr, nullptr, &io, storage.data(),
                           static_cast<ULONG>(storage.size() * sizeof(LONGLONG)),
                           FileNamesInformation, FALSE, &pattern, TRUE);
  if (!NT_SUCCESS(status)) return close_with(listing, errno_from_status(status));
  const char* buffer = reinterpret_cast<const char*>(storage.data());
  spelled.clear();
  for (size_t at = 0;;) {
    const auto* entry = reinterpret_cast<const FILE_NAMES_INFORMATION*>(buffer + at);
    const std::string found = narrow(entry->FileName, entry->FileNameLength / sizeof(wchar_t));
    if (found == name || spelled.empty()) spelled = found;
    if (entry->NextEntryOffset == 0) break;
    at += entry->NextEntryOffset;
  }
  return close_with(listing, spelled.empty() ? ENOENT : 0);
}

int read_link_at(int directory, const std::string& name, std::string& target) {
  if (const int error = refuse(name)) return error;
  RelativeOpen how;
  how.access = FILE_READ_ATTRIBUTES;
  HANDLE handle = INVALID_HANDLE_VALUE;
  if (const int error = open_relative(handle_of(directory), wide(name), how, handle)) return error;
  std::vector<char> data(MAXIMUM_REPARSE_DATA_BUFFER_SIZE);
  DWORD got = 0;
  const bool read = DeviceIoControl(handle, FSCTL_GET_REPARSE_POINT, nullptr, 0, data.data(),
                                    static_cast<DWORD>(data.size()), &got, nullptr);
  const DWORD error = read ? ERROR_SUCCESS : GetLastError();
  CloseHandle(handle);
  if (!read) return error == ERROR_NOT_A_REPARSE_POINT ? EINVAL : errno_from_win32(error);
  data.resize(got);
  if (data.size() < kReparseHeader + 8) return EINVAL;
  return link_target(data, target);
}

// Truncation after the open, for the reasons core/file_system_windows.cpp gives (and so that a
// link is seen before anything is emptied).
int open_file_at(int directory, const std::string& name, unsigned flags, unsigned mode) {
  if (const int error = refuse(name)) return fail(error);
  const bool writes = (flags & (kOpenWrite | kOpenReadWrite)) != 0;
  RelativeOpen how;
  how.access = (flags & kOpenReadWrite) ? GENERIC_READ | GENERIC_WRITE
               : (flags & kOpenWrite)   ? FILE_READ_ATTRIBUTES | GENERIC_WRITE
                                        : GENERIC_READ;
  how.disposition = !(flags & kOpenCreate)     ? FILE_OPEN
                    : (flags & kOpenExclusive) ? FILE_CREATE
                                               : FILE_OPEN_IF;
  how.options = FILE_NON_DIRECTORY_FILE;
  how.attributes = (mode & 0200) ? FILE_ATTRIBUTE_NORMAL : FILE_ATTRIBUTE_READONLY;
  HANDLE handle = INVALID_HANDLE_VALUE;
  if (const int error = open_data(handle_of(directory), wide(name), how, handle)) {
    return fail(error);
  }
  if ((flags & kOpenTruncate) && writes) {
    FILE_END_OF_FILE_INFO end{};
    if (!SetFileInformationByHandle(handle, FileEndOfFileInfo, &end, sizeof end)) {
      return fail(close_with(handle, last_win32_errno()));
    }
  }
  return descriptor_of(handle, writes, (flags & kOpenAppend) != 0);
}

int create_directory_at(int directory, const std::string& name, unsigned) {
  if (const int error = refuse(name)) return error;
  RelativeOpen how;
  how.access = FILE_LIST_DIRECTORY;
  how.disposition = FILE_CREATE;
  how.options = FILE_DIRECTORY_FILE;
  HANDLE handle = INVALID_HANDLE_VALUE;
  if (const int error = open_relative(handle_of(directory), wide(name), how, handle)) return error;
  CloseHandle(handle);
  return 0;
}

// The entry is removed when the last handle to it closes. unlink(2) removes a file whatever its
// mode; Windows refuses a read-only one, so the attribute is cleared first (and put back if the
// removal still fails).
int remove_file_at(int directory, const std::string& name) {
  if (const int error = refuse(name)) return error;
  RelativeOpen how;
  how.access = DELETE | FILE_READ_ATTRIBUTES | FILE_WRITE_ATTRIBUTES;
  HANDLE handle = INVALID_HANDLE_VALUE;
  if (const int error = open_relative(handle_of(directory), wide(name), how, handle)) return error;
  EntryKind kind;
  if (const int error = kind_of(handle, kind)) return close_with(handle, error);
  if (kind.directory() && !kind.link) return close_with(handle, EISDIR);
  int error = set_disposition(handle, true);
  if (error == EACCES && (kind.attributes & FILE_ATTRIBUTE_READONLY) &&
      set_attributes(handle, kind.attributes & ~FILE_ATTRIBUTE_READONLY) == 0) {
    error = set_disposition(handle, true);
    if (error != 0) set_attributes(handle, kind.attributes);
  }
  return close_with(handle, error);
}

int remove_directory_at(int directory, const std::string& name) {
  if (const int error = refuse(name)) return error;
  RelativeOpen how;
  how.access = DELETE | FILE_READ_ATTRIBUTES;
  how.options = FILE_DIRECTORY_FILE;
  HANDLE handle = INVALID_HANDLE_VALUE;
  if (const int error = open_relative(handle_of(directory), wide(name), how, handle)) return error;
  EntryKind kind;
  if (const int error = kind_of(handle, kind)) return close_with(handle, error);
  if (kind.link) return close_with(handle, ENOTDIR);  // as rmdir(2) of a link
  return close_with(handle, set_disposition(handle, true));
}

// FileRenameInformation with RootDirectory: the new name, too, is looked up relative to the
// directory's handle, never as a path. There is no write-through flag here as MoveFileExW has:
// the rename is left to NTFS's journal, as sync_directory (core/file_system.hpp) assumes.
int rename_at(int directory, const std::string& from, const std::string& to) {
  if (const int error = refuse(from) ? EINVAL : refuse(to)) return error;
  RelativeOpen how;
  how.access = DELETE | FILE_READ_ATTRIBUTES;
  HANDLE handle = INVALID_HANDLE_VALUE;
  if (const int error = open_relative(handle_of(directory), wide(from), how, handle)) return error;
  const std::wstring target = wide(to);
  std::vector<char> buffer(offsetof(FILE_RENAME_INFORMATION, FileName) +
                           (target.size() + 1) * sizeof(wchar_t));
  auto* rename = reinterpret_cast<FILE_RENAME_INFORMATION*>(buffer.data());
  rename->ReplaceIfExists = TRUE;
  rename->RootDirectory = handle_of(directory);
  rename->FileNameLength = static_cast<ULONG>(target.size() * sizeof(wchar_t));
  std::memcpy(rename->FileName, target.c_str(), (target.size() + 1) * sizeof(wchar_t));
  IO_STATUS_BLOCK io{};
  const NTSTATUS status = NtSetInformationFile(
      handle, &io, rename, static_cast<ULONG>(buffer.size()), FileRenameInformation);
  return close_with(handle, NT_SUCCESS(status) ? 0 : errno_from_status(status));
}

// A handle of its own (the directory itself, opened relative to the caller's): the enumeration
// position belongs to the handle, and the caller's must not move.
int list_directory(int directory, std::vector<std::string>& names) {
  names.clear();
  RelativeOpen how;
  how.access = FILE_LIST_DIRECTORY;
  how.options = FILE_DIRECTORY_FILE;
  HANDLE listing = INVALID_HANDLE_VALUE;
  if (const int error = open_relative(handle_of(directory), L"", how, listing)) return error;
  return close_with(listing, list_open_directory(listing, names));
}

int flush_directory(int) { return 0; }

// A handle of the directory with FILE_ADD_FILE access that shares read and delete access only:
// a second such open is refused with a sharing violation until the first is closed. Handles
// that only list, read attributes or create entries ask for no write access to the directory
// itself, so they are not affected.
int lock_directory(int directory, int& held) {
  held = -1;
  RelativeOpen how;
  how.access = FILE_ADD_FILE | FILE_READ_ATTRIBUTES;
  how.share = FILE_SHARE_READ | FILE_SHARE_DELETE;
  how.options = FILE_DIRECTORY_FILE;
  HANDLE handle = INVALID_HANDLE_VALUE;
  if (const int error = open_relative(handle_of(directory), L"", how, handle)) {
    return error == EBUSY ? EWOULDBLOCK : error;  // ERROR_SHARING_VIOLATION
  }
  held = descriptor_of(handle, false);
  return held < 0 ? errno : 0;
}

}  // namespace kmsprep
