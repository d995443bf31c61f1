// ScratchDirectory: a private (0700) temporary directory that is removed with its content when
// the object goes away, and also when the process is ended by SIGINT, SIGTERM or SIGHUP (a
// handler removes every live scratch directory, then lets the signal do what it did before).
// For copies that must not outlive one operation, such as a file wimlib extracts from a WIM
// (an unattend.xml may hold a full product key). Users: image/ (WIM reads and adds).
#pragma once

#include <filesystem>
#include <string>

#include "core/result.hpp"

namespace kmsprep {

class ScratchDirectory {
 public:
  // A new directory `prefix`XXXXXX under `base`.
  static Result<ScratchDirectory> create(const std::filesystem::path& base,
                                         const std::string& prefix);

  ScratchDirectory(ScratchDirectory&& other) noexcept
      : path_(std::move(other.path_)), slot_(other.slot_) {
    other.path_.clear();
    other.slot_ = -1;
  }
  ScratchDirectory& operator=(ScratchDirectory&&) = delete;
  ScratchDirectory(const ScratchDirectory&) = delete;
  ~ScratchDirectory();

  const std::filesystem::path& path() const { return path_; }

 private:
  ScratchDirectory(std::filesystem::path path, int slot) : path_(std::move(path)), slot_(slot) {}

  std::filesystem::path path_;
  int slot_ = -1;  // in the signal handler's table; -1 when the table was full
};

}  // namespace kmsprep
