// Windows side of image/wim_staging.hpp: no anonymous memory file with a name wimlib could open,
// so files are staged in a scratch directory under the user's temporary directory.
#include <wimlib.h>

#include "image/wim_staging.hpp"

namespace kmsprep {

int create_named_memory_file(std::string&) { return -1; }

bool name_opens(const std::string&) { return false; }

std::filesystem::path staging_directory_base() {
  std::error_code error;
  std::filesystem::path base = std::filesystem::temp_directory_path(error);
  return error ? std::filesystem::path(".") : base;
}

bool memory_file_names_are_addable() { return false; }

int staged_add_flags() { return WIMLIB_ADD_FLAG_NO_ACLS; }

}  // namespace kmsprep
