// What AtomicReplacement does the same on every platform; creating, finishing and publishing
// the temporary file are atomic_replacement_posix.cpp and atomic_replacement_windows.cpp.
#include "core/atomic_replacement.hpp"

#include "core/file_io.hpp"

namespace kmsprep {
namespace fs = std::filesystem;

std::string replacement_prefix(const std::string& target_name) {
  return "." + target_name + ".kmsprep-";
}

fs::path directory_of(const fs::path& target) {
  return target.has_parent_path() ? target.parent_path() : fs::path(".");
}

bool is_replacement_name(const std::string& name, const std::string& target_name) {
  const std::string prefix = replacement_prefix(target_name);
  return name.size() == prefix.size() + kReplacementRandomLength &&
         name.compare(0, prefix.size(), prefix) == 0;
}

AtomicReplacement::AtomicReplacement(AtomicReplacement&& other) noexcept
    : target_(std::move(other.target_)),
      temporary_(std::move(other.temporary_)),
      fd_(other.fd_),
      directory_fd_(other.directory_fd_),
      name_(std::move(other.name_)),
      temporary_name_(std::move(other.temporary_name_)) {
  other.temporary_.clear();
  other.fd_ = -1;
  other.directory_fd_ = -1;
}

Status AtomicReplacement::write(std::string_view bytes) {
  if (const int error = write_all_bytes(fd_, bytes)) {
    return fail("cannot write the temporary file", error);
  }
  return ok_status();
}

}  // namespace kmsprep
