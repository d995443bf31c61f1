// AtomicReplacement: the one way kmsprep replaces a file. The new content goes to a temporary
// file beside the target (".NAME.kmsprep-XXXXXX", mode 0600 while it is written), is fsynced,
// renamed over the target, and the directory is fsynced, so a crash or a power cut leaves the
// old or the new file, never a mix. Every failure, exception or early return removes the
// temporary file (destructor). Users: core/file_io, every image backend, WIM capture.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace kmsprep {

class AtomicReplacement {
 public:
  // Creates the temporary file beside `target` (which need not exist). Leftovers of an earlier
  // run that was killed before its rename (see remove_stale_replacements) are removed first.
  static Result<AtomicReplacement> begin(const std::filesystem::path& target);
  // The same for the entry `name` of the directory open as `directory_fd` (duplicated, so the
  // caller may close its own): the temporary file is created, renamed and removed relative to
  // that descriptor, never through a path, so a directory swapped for a symbolic link meanwhile
  // cannot redirect the write. `display_target` names the target in messages.
  static Result<AtomicReplacement> begin_at(int directory_fd, const std::string& name,
                                            const std::filesystem::path& display_target);

  AtomicReplacement(AtomicReplacement&& other) noexcept;
  AtomicReplacement& operator=(AtomicReplacement&&) = delete;
  AtomicReplacement(const AtomicReplacement&) = delete;
  ~AtomicReplacement();  // closes and removes the temporary file unless published

  int fd() const { return fd_; }  // for writers that take a descriptor (wimlib, libarchive)
  const std::filesystem::path& target() const { return target_; }
  const std::filesystem::path& temporary_path() const { return temporary_; }

  Status write(std::string_view bytes);
  // Sets the final mode (and owner, when we may) and fsyncs the temporary file.
  Status finish(unsigned mode, std::optional<std::pair<uint32_t, uint32_t>> owner = std::nullopt);
  // Renames the finished file over the target. The caller fsyncs the directory (one fsync for
  // several files), or uses commit().
  Status publish();
  // finish + publish + fsync of the target's directory.
  Status commit(unsigned mode);

 private:
  AtomicReplacement(std::filesystem::path target, std::filesystem::path temporary, int fd)
      : target_(std::move(target)), temporary_(std::move(temporary)), fd_(fd) {}
  Error fail(const char* what, int error_number);
  void remove_temporary();

  std::filesystem::path target_;
  std::filesystem::path temporary_;  // empty once published or removed
  int fd_ = -1;
  // begin_at: the directory, and the names inside it (target_ and temporary_ then only name
  // the files in messages).
  int directory_fd_ = -1;
  std::string name_;
  std::string temporary_name_;
};

// The directory a target lives in ("." for a bare name).
std::filesystem::path directory_of(const std::filesystem::path& target);

// A temporary file's name: this prefix (".NAME.kmsprep-") and kReplacementRandomLength random
// letters.
std::string replacement_prefix(const std::string& target_name);
constexpr size_t kReplacementRandomLength = 6;  // mkstemp's XXXXXX

// Whether `name` is a temporary file AtomicReplacement makes for a file named `target_name`.
bool is_replacement_name(const std::string& name, const std::string& target_name);

// Removes leftovers of killed runs beside `target`: regular files of our own temporary-name
// pattern for that target, owned by the user we run as, last changed before this process
// started and not locked by a live process (each AtomicReplacement holds a shared flock on its
// file until it is renamed). A concurrent commit's file is never removed.
void remove_stale_replacements(const std::filesystem::path& target);
// The same for the entry `target_name` of the directory open as `directory_fd`.
void remove_stale_replacements_at(int directory_fd, const std::string& target_name);

// Flushes a directory entry change (rename, create) to disk.
Status fsync_directory(const std::filesystem::path& directory);

}  // namespace kmsprep
