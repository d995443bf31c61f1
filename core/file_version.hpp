// FileVersion: what stat(2) says of a path it follows, or of an open file: the kind of entry, its
// mode, and what tells one version of a file from the next (device and inode, size, modification
// and change times to the nanosecond). Callers: image/ (has the archive or WIM changed since it
// was opened, what is the capture source). Linux: stat(2) (file_version_posix.cpp); Windows:
// GetFileInformationByHandle(Ex) on what the path names (file_version_windows.cpp).
// core/file_system.hpp's status_of is the one that does not follow links.
#pragma once

#include <cstdint>
#include <filesystem>

namespace kmsprep {

enum class EntryKind { file, directory, named_pipe, socket, device };

struct FileVersion {
  EntryKind kind = EntryKind::file;
  unsigned mode = 0;  // permission bits (07777); Windows: 0644, 0444 when read-only
  uint64_t device = 0;
  uint64_t identity = 0;  // inode; Windows: the file index
  uint64_t size = 0;
  int64_t modified_ns = 0;  // since 1970
  int64_t changed_ns = 0;   // status change (ctime); Windows: ChangeTime

  bool same_file(const FileVersion& other) const {
    return device == other.device && identity == other.identity;
  }
  bool same_version(const FileVersion& other) const {
    return same_file(other) && size == other.size && modified_ns == other.modified_ns &&
           changed_ns == other.changed_ns;
  }
};

// 0 and `version` filled, or the errno (ENOENT or ENOTDIR for a missing path).
int version_of(const std::filesystem::path& path, FileVersion& version);
int version_of(int fd, FileVersion& version);

}  // namespace kmsprep
