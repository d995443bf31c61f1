// Windows side of core/file_version.hpp: the file a path names is opened with no data access
// (so no other opener's sharing mode refuses it) and FILE_FLAG_BACKUP_SEMANTICS (without which
// a directory cannot be opened), following links as stat(2) does.
#include <io.h>
#include <windows.h>

#include <cerrno>

#include "core/file_version.hpp"
#include "core/win32_error.hpp"

namespace kmsprep {
namespace {

// 100 ns intervals since 1601 to nanoseconds since 1970.
int64_t nanoseconds(int64_t ticks) { return (ticks - 116444736000000000LL) * 100; }

int fill(HANDLE handle, FileVersion& version) {
  version = FileVersion{};
  if (GetFileType(handle) != FILE_TYPE_DISK) {
    version.kind = EntryKind::device;  // console, pipe or device
    return 0;
  }
  BY_HANDLE_FILE_INFORMATION info{};
  FILE_BASIC_INFO basic{};
  if (!GetFileInformationByHandle(handle, &info) ||
      !GetFileInformationByHandleEx(handle, FileBasicInfo, &basic, sizeof basic)) {
    return last_win32_errno();
  }
  const bool directory = (info.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) != 0;
  version.kind = directory ? EntryKind::directory : EntryKind::file;
  version.mode = (info.dwFileAttributes & FILE_ATTRIBUTE_READONLY) ? 0444 : 0644;
  version.device = info.dwVolumeSerialNumber;
  version.identity = (static_cast<uint64_t>(info.nFileIndexHigh) << 32) | info.nFileIndexLow;
  version.size = (static_cast<uint64_t>(info.nFileSizeHigh) << 32) | info.nFileSizeLow;
  version.modified_ns = nanoseconds(basic.LastWriteTime.QuadPart);
  version.changed_ns = nanoseconds(basic.ChangeTime.QuadPart);
  return 0;
}

}  // namespace

int version_of(const std::filesystem::path& path, FileVersion& version) {
  HANDLE handle = CreateFileW(path.c_str(), FILE_READ_ATTRIBUTES,
                              FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr,
                              OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, nullptr);
  if (handle == INVALID_HANDLE_VALUE) return last_win32_errno();
  const int result = fill(handle, version);
  CloseHandle(handle);
  return result;
}

int version_of(int fd, FileVersion& version) {
  HANDLE handle = reinterpret_cast<HANDLE>(_get_osfhandle(fd));
  if (handle == INVALID_HANDLE_VALUE) return EBADF;
  return fill(handle, version);
}

}  // namespace kmsprep
