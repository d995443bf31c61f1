// Windows: begin() makes and renames the temporary file by path, renamed with
// MoveFileExW(MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH) through replace_path, which
// returns only once the rename is on the disk. begin_at() does the same relative to a directory
// handle (core/directory_handle.hpp: NtCreateFile and FileRenameInformation relative to it).
// Windows refuses to delete or rename a file another process has open without
// FILE_SHARE_DELETE: a stale-file removal that fails is simply skipped. kmsprep's own files are
// open with FILE_SHARE_DELETE, though, so begin_at() takes as stale only files last changed
// before this process started.
#include <windows.h>

#include <cerrno>
#include <cstdint>
#include <random>
#include <vector>

#include "core/atomic_replacement.hpp"
#include "core/directory_handle.hpp"
#include "core/file_system.hpp"

namespace kmsprep {
namespace fs = std::filesystem;

namespace {

std::string random_suffix() {
  static constexpr char kLetters[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::random_device source;
  std::string suffix;
  for (size_t i = 0; i < kReplacementRandomLength; ++i)
    suffix += kLetters[source() % (sizeof kLetters - 1)];
  return suffix;
}

// When this process started, in seconds since 1970 (as FileStatus::modified).
int64_t process_start_seconds() {
  FILETIME created{}, exited{}, kernel{}, user{};
  if (!GetProcessTimes(GetCurrentProcess(), &created, &exited, &kernel, &user)) return INT64_MAX;
  const int64_t ticks = static_cast<int64_t>((static_cast<uint64_t>(created.dwHighDateTime) << 32) |
                                             created.dwLowDateTime);
  return (ticks - 116444736000000000LL) / 10000000LL;
}

}  // namespace

void remove_stale_replacements(const fs::path& target) {
  std::error_code failed;
  const std::string target_name = target.filename().string();
  for (const auto& entry : fs::directory_iterator(directory_of(target), failed)) {
    if (!is_replacement_name(entry.path().filename().string(), target_name)) continue;
    FileStatus status;
    if (status_of(entry.path(), status) != 0 || status.kind != FileKind::file) continue;
    remove_file(entry.path());  // fails, and is skipped, while its writer has it open
  }
}

// Only files last changed before this process started: a commit that began since is live (and
// commits of one directory image are serialised by its lock anyway).
void remove_stale_replacements_at(int directory_fd, const std::string& target_name) {
  std::vector<std::string> names;
  if (list_directory(directory_fd, names) != 0) return;
  const int64_t started = process_start_seconds();
  for (const auto& name : names) {
    if (!is_replacement_name(name, target_name)) continue;
    FileStatus status;
    if (status_at(directory_fd, name, status) != 0 || status.kind != FileKind::file) continue;
    if (status.modified >= started) continue;
    remove_file_at(directory_fd, name);  // fails, and is skipped, while its writer has it open
  }
}

Result<AtomicReplacement> AtomicReplacement::begin(const fs::path& target) {
  remove_stale_replacements(target);
  const fs::path directory = directory_of(target);
  for (int attempt = 0; attempt < 100; ++attempt) {
    const fs::path temporary =
        directory / (replacement_prefix(target.filename().string()) + random_suffix());
    const int fd = open_file(temporary, kOpenReadWrite | kOpenCreate | kOpenExclusive, 0600);
    if (fd < 0 && errno == EEXIST) continue;
    if (fd < 0) return Error::io("cannot create a temporary file", directory.string(), errno);
    return AtomicReplacement(target, temporary, fd);
  }
  return Error::io("cannot create a temporary file", directory.string(), EEXIST);
}

Result<AtomicReplacement> AtomicReplacement::begin_at(int directory_fd, const std::string& name,
                                                      const fs::path& display_target) {
  const int directory = duplicate_directory(directory_fd);
  if (directory < 0)
    return Error::io("cannot use the directory of", display_target.string(), errno);
  remove_stale_replacements_at(directory, name);
  for (int attempt = 0; attempt < 100; ++attempt) {
    const std::string temporary = replacement_prefix(name) + random_suffix();
    const int fd =
        open_file_at(directory, temporary, kOpenReadWrite | kOpenCreate | kOpenExclusive, 0600);
    if (fd < 0 && errno == EEXIST) continue;
    if (fd < 0) {
      const int error = errno;
      close_file(directory);
      return Error::io("cannot create a temporary file beside", display_target.string(), error);
    }
    AtomicReplacement replacement(display_target,
                                  directory_of(display_target) / fs::u8path(temporary), fd);
    replacement.directory_fd_ = directory;
    replacement.name_ = name;
    replacement.temporary_name_ = temporary;
    return replacement;
  }
  close_file(directory);
  return Error::io("cannot create a temporary file beside", display_target.string(), EEXIST);
}

AtomicReplacement::~AtomicReplacement() {
  if (fd_ >= 0) close_file(fd_);
  remove_temporary();
  if (directory_fd_ >= 0) close_file(directory_fd_);
}

void AtomicReplacement::remove_temporary() {
  if (temporary_.empty()) return;
  if (directory_fd_ >= 0) {
    remove_file_at(directory_fd_, temporary_name_);
  } else {
    remove_file(temporary_);
  }
  temporary_.clear();
}

Error AtomicReplacement::fail(const char* what, int error_number) {
  if (fd_ >= 0) close_file(fd_);
  fd_ = -1;
  remove_temporary();
  return Error::io(what, target_.string(), error_number);
}

// Windows files have no POSIX mode or owner: the file keeps the directory's inherited access
// control, as a file Explorer copies does.
Status AtomicReplacement::finish(unsigned, std::optional<std::pair<uint32_t, uint32_t>>) {
  if (const int error = sync_file(fd_)) return fail("cannot flush the temporary file", error);
  return ok_status();
}

// Closed before the rename: Windows does not rename a file that is open without
// FILE_SHARE_DELETE.
Status AtomicReplacement::publish() {
  close_file(fd_);
  fd_ = -1;
  const int error = directory_fd_ >= 0 ? rename_at(directory_fd_, temporary_name_, name_)
                                       : replace_path(temporary_, target_);
  if (error != 0) {
    return fail("cannot rename the temporary file into place", error);
  }
  temporary_.clear();
  return ok_status();
}

Status AtomicReplacement::commit(unsigned mode) {
  if (auto finished = finish(mode); !finished) return finished;
  return publish();
}

Status fsync_directory(const fs::path& directory) {
  if (const int error = sync_directory(directory)) {
    return Error::io("cannot flush directory", directory.string(), error);
  }
  return ok_status();
}

}  // namespace kmsprep
