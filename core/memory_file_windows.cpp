// Windows: a temporary file in the user's temporary directory (GetTempPathW), created with
// FILE_ATTRIBUTE_TEMPORARY so the cache manager keeps it in memory while it can, and removed by
// the destructor. Other processes may not open it (no sharing but reading), and its name is
// what libraries that want a path get.
#include <fcntl.h>
#include <io.h>
#include <windows.h>

#include <cerrno>
#include <filesystem>
#include <random>

#include "core/memory_file.hpp"
#include "core/win32_error.hpp"

namespace kmsprep {
Result<MemoryFile> MemoryFile::create(const std::string& what) {
  wchar_t base[MAX_PATH + 1] = {};
  if (GetTempPathW(MAX_PATH + 1, base) == 0) {
    return Error::io("cannot find the temporary directory for", what, last_win32_errno());
  }
  std::random_device random;
  for (int attempt = 0; attempt < 100; ++attempt) {
    const std::wstring name =
        std::wstring(base) + L"kmsprep-memory-" + std::to_wstring(random()) + L".tmp";
    HANDLE handle = CreateFileW(name.c_str(), GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ,
                                nullptr, CREATE_NEW, FILE_ATTRIBUTE_TEMPORARY, nullptr);
    if (handle == INVALID_HANDLE_VALUE && GetLastError() == ERROR_FILE_EXISTS) continue;
    if (handle == INVALID_HANDLE_VALUE) {
      return Error::io("cannot create a private memory file for", what, last_win32_errno());
    }
    const int fd = _open_osfhandle(reinterpret_cast<intptr_t>(handle), _O_RDWR | _O_BINARY);
    if (fd < 0) {
      CloseHandle(handle);
      DeleteFileW(name.c_str());
      return Error::io("cannot create a private memory file for", what, EMFILE);
    }
    return MemoryFile(fd, what, std::filesystem::path(name).u8string());
  }
  return Error::io("cannot create a private memory file for", what, EEXIST);
}

std::string MemoryFile::path() const { return named_path_; }

}  // namespace kmsprep
