#include "registry/commit_check.hpp"

#include <cerrno>
#include <cstring>

#include "registry/hivex_library.hpp"

namespace kmsprep {

Status require_commit_opens(const MemoryFile& file, const std::string& display_name) {
  auto library = load_hivex_library();
  if (!library) return std::move(library).error();
  errno = 0;
  hive_h* reopened = (*library)->open(file.path().c_str(), 0);
  if (!reopened) {
    const std::string reason = errno != 0 ? std::strerror(errno) : "unspecified error";
    return Error(ErrorCode::registry_commit_unreadable,
                 "the hive hivex wrote for the edit does not open again: " + reason, display_name,
                 "nothing was written; the hive holds a structure hivex cannot edit correctly: "
                 "make the change on the reference PC before capture, and report the hive to "
                 "kmsprep's maintainers so that the case is refused before editing");
  }
  (*library)->close(reopened);
  return ok_status();
}

}  // namespace kmsprep
