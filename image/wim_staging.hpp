// Where the WIM backend stages the bytes of files it adds, for wimlib to read by name during the
// overwrite (wim_image.cpp's AddSources). Linux: an anonymous memory file (memfd) named through
// /proc/self/fd, else a scratch directory in memory (/dev/shm) or /tmp (wim_staging_posix.cpp).
// Windows: always a scratch directory in the user's temporary directory (wim_staging_windows.cpp).
// WIM backend only.
#pragma once

#include <filesystem>
#include <string>

namespace kmsprep {

// An anonymous memory file and the name that opens it, or -1 where there is none (Windows, a
// kernel without memfd). The caller closes the descriptor once wimlib is done with the name.
int create_named_memory_file(std::string& name);
// Whether `name` opens: a /proc name does only where /proc is mounted.
bool name_opens(const std::string& name);

// $TMPDIR when the user set one; otherwise a directory in memory where there is one, because a
// staged copy of a file lives for a moment only and deleting it from a disk can cost
// milliseconds (ext4 with discard); otherwise the system's temporary directory.
std::filesystem::path staging_directory_base();

// Whether a MemoryFile's own name may be handed to wimlib as the file to add: on Windows it is a
// temporary file whose FILE_ATTRIBUTE_TEMPORARY the image would keep, so its bytes are copied.
bool memory_file_names_are_addable();

// wimlib_update_image's add flags for a staged file: Linux dereferences the /proc name (a
// symbolic link); Windows has no such link (and wimlib refuses DEREFERENCE there), and the
// staged file's security descriptor is not the image's business.
int staged_add_flags();

}  // namespace kmsprep
