// Windows: the temporary file is made and renamed by path (there are no directory
// descriptors), renamed with MoveFileExW(MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH)
// through replace_path, which returns only once the rename is on the disk. Windows refuses to
// delete or rename a file another process has open, so a live writer's temporary file cannot be
// removed as stale: a removal that fails is simply skipped.
#include <cerrno>
#include <random>

#include "core/atomic_replacement.hpp"
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

Error no_directory_descriptors(const fs::path& target) {
  return Error(ErrorCode::platform_unsupported,
               "replacing a file relative to a directory descriptor is not available on Windows",
               target.string(), "this image backend is not ported to Windows yet (issue 19)");
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

void remove_stale_replacements_at(int, const std::string&) {}

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

Result<AtomicReplacement> AtomicReplacement::begin_at(int, const std::string&,
                                                      const fs::path& display_target) {
  return no_directory_descriptors(display_target);
}

AtomicReplacement::~AtomicReplacement() {
  if (fd_ >= 0) close_file(fd_);
  remove_temporary();
}

void AtomicReplacement::remove_temporary() {
  if (temporary_.empty()) return;
  remove_file(temporary_);
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
  if (const int error = replace_path(temporary_, target_)) {
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
