#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <ctime>
#include <vector>

#include "core/atomic_replacement.hpp"
#include "core/file_io.hpp"
#include "core/text.hpp"

namespace kmsprep {
namespace fs = std::filesystem;

namespace {

// When this process started, from /proc/self/stat (field 22, clock ticks after boot), as a
// wall-clock time; the current time when /proc is unavailable.
timespec process_start_time() {
  timespec now{};
  ::clock_gettime(CLOCK_REALTIME, &now);
  std::FILE* stat_file = std::fopen("/proc/self/stat", "re");
  if (!stat_file) return now;
  char buffer[1024] = {};
  const size_t got = std::fread(buffer, 1, sizeof buffer - 1, stat_file);
  std::fclose(stat_file);
  std::string_view text(buffer, got);
  const size_t after_name = text.rfind(')');  // the command name may hold spaces
  if (after_name == std::string_view::npos) return now;
  size_t field = 2, at = after_name + 1;
  while (field < 22 && at < text.size()) {
    if (text[at++] == ' ') ++field;
  }
  const std::string_view start_field = text.substr(at, text.find(' ', at) - at);
  const unsigned long long ticks = parse_integer<unsigned long long>(start_field).value_or(0);
  timespec since_boot{};
  ::clock_gettime(CLOCK_BOOTTIME, &since_boot);
  const long ticks_per_second = ::sysconf(_SC_CLK_TCK);
  const double age = static_cast<double>(since_boot.tv_sec) + since_boot.tv_nsec / 1e9 -
                     static_cast<double>(ticks) / static_cast<double>(ticks_per_second);
  // Ticks round down, so the start found is at most one tick early: never late.
  const double start_seconds =
      static_cast<double>(now.tv_sec) + now.tv_nsec / 1e9 - (age > 0 ? age : 0);
  timespec start{};
  start.tv_sec = static_cast<time_t>(start_seconds);
  start.tv_nsec = static_cast<long>((start_seconds - static_cast<double>(start.tv_sec)) * 1e9);
  return start;
}

bool is_before(const timespec& a, const timespec& b) {
  return a.tv_sec < b.tv_sec || (a.tv_sec == b.tv_sec && a.tv_nsec < b.tv_nsec);
}

}  // namespace

void remove_stale_replacements(const fs::path& target) {
  const int directory = ::open(directory_of(target).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (directory < 0) return;
  remove_stale_replacements_at(directory, target.filename().string());
  ::close(directory);
}

void remove_stale_replacements_at(int directory_fd, const std::string& target_name) {
  const int listing_fd = ::openat(directory_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (listing_fd < 0) return;
  DIR* listing = ::fdopendir(listing_fd);
  if (!listing) {
    ::close(listing_fd);
    return;
  }
  std::vector<std::string> candidates;
  while (const dirent* entry = ::readdir(listing)) {
    if (is_replacement_name(entry->d_name, target_name)) candidates.push_back(entry->d_name);
  }
  ::closedir(listing);
  if (candidates.empty()) return;
  const timespec started = process_start_time();
  for (const auto& name : candidates) {
    const int fd =
        ::openat(directory_fd, name.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) continue;
    struct stat info {};
    const bool ours = ::fstat(fd, &info) == 0 && S_ISREG(info.st_mode) &&
                      info.st_uid == ::geteuid() && is_before(info.st_mtim, started);
    // A live writer holds a shared lock: an exclusive one we can take proves nobody does.
    if (ours && ::flock(fd, LOCK_EX | LOCK_NB) == 0) ::unlinkat(directory_fd, name.c_str(), 0);
    ::close(fd);
  }
}

Result<AtomicReplacement> AtomicReplacement::begin(const fs::path& target) {
  remove_stale_replacements(target);
  const fs::path directory = directory_of(target);
  std::string pattern =
      (directory / (replacement_prefix(target.filename().string()) + "XXXXXX")).string();
  const int fd = ::mkostemp(pattern.data(), O_CLOEXEC);
  if (fd < 0) return Error::io("cannot create a temporary file", directory.string(), errno);
  ::flock(fd, LOCK_SH);  // marks the file as in use for remove_stale_replacements
  return AtomicReplacement(target, fs::path(pattern), fd);
}

Result<AtomicReplacement> AtomicReplacement::begin_at(int directory_fd, const std::string& name,
                                                      const fs::path& display_target) {
  const int directory = ::fcntl(directory_fd, F_DUPFD_CLOEXEC, 0);
  if (directory < 0)
    return Error::io("cannot use the directory of", display_target.string(), errno);
  remove_stale_replacements_at(directory, name);
  static constexpr char kLetters[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  for (int attempt = 0; attempt < 100; ++attempt) {
    std::string temporary = replacement_prefix(name);
    uint8_t random[kReplacementRandomLength] = {};
    if (::getentropy(random, sizeof random) != 0) break;
    for (uint8_t byte : random) temporary += kLetters[byte % (sizeof kLetters - 1)];
    const int fd = ::openat(directory, temporary.c_str(),
                            O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0 && errno == EEXIST) continue;
    if (fd < 0) {
      const int error = errno;
      ::close(directory);
      return Error::io("cannot create a temporary file beside", display_target.string(), error);
    }
    ::flock(fd, LOCK_SH);  // marks the file as in use for remove_stale_replacements
    AtomicReplacement replacement(display_target, directory_of(display_target) / temporary, fd);
    replacement.directory_fd_ = directory;
    replacement.name_ = name;
    replacement.temporary_name_ = temporary;
    return replacement;
  }
  ::close(directory);
  return Error::io("cannot create a temporary file beside", display_target.string(), EEXIST);
}

AtomicReplacement::~AtomicReplacement() {
  if (fd_ >= 0) ::close(fd_);
  remove_temporary();
  if (directory_fd_ >= 0) ::close(directory_fd_);
}

void AtomicReplacement::remove_temporary() {
  if (temporary_.empty()) return;
  if (directory_fd_ >= 0) {
    ::unlinkat(directory_fd_, temporary_name_.c_str(), 0);
  } else {
    ::unlink(temporary_.c_str());
  }
  temporary_.clear();
}

Error AtomicReplacement::fail(const char* what, int error_number) {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  remove_temporary();
  return Error::io(what, target_.string(), error_number);
}

Status AtomicReplacement::finish(unsigned mode,
                                 std::optional<std::pair<uint32_t, uint32_t>> owner) {
  if (owner && (owner->first != ::geteuid() || owner->second != ::getegid())) {
    // Keep the owner when we may (as root); otherwise the file becomes ours, as with cp.
    [[maybe_unused]] const int ignored = ::fchown(fd_, owner->first, owner->second);
  }
  if (::fchmod(fd_, static_cast<mode_t>(mode & 07777)) != 0)
    return fail("cannot set the file mode", errno);
  if (::fsync(fd_) != 0) return fail("cannot flush the temporary file", errno);
  return ok_status();
}

Status AtomicReplacement::publish() {
  const int renamed = directory_fd_ >= 0 ? ::renameat(directory_fd_, temporary_name_.c_str(),
                                                      directory_fd_, name_.c_str())
                                         : ::rename(temporary_.c_str(), target_.c_str());
  if (renamed != 0) {
    return fail("cannot rename the temporary file into place", errno);
  }
  temporary_.clear();
  // Closed only now: the shared lock shows the file is in use until it is the target.
  ::close(fd_);
  fd_ = -1;
  return ok_status();
}

Status AtomicReplacement::commit(unsigned mode) {
  if (auto finished = finish(mode); !finished) return finished;
  if (auto published = publish(); !published) return published;
  if (directory_fd_ >= 0 && ::fsync(directory_fd_) != 0) {
    return Error::io("cannot flush directory", directory_of(target_).string(), errno);
  }
  return directory_fd_ >= 0 ? ok_status() : fsync_directory(directory_of(target_));
}

Status fsync_directory(const fs::path& directory) {
  const int fd =
      ::open(directory.empty() ? "." : directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Error::io("cannot open directory", directory.string(), errno);
  const int result = ::fsync(fd);
  const int error = errno;
  ::close(fd);
  if (result != 0) return Error::io("cannot flush directory", directory.string(), error);
  return ok_status();
}

}  // namespace kmsprep
