// A scratch file on disk for large intermediate data that a library then opens by name (the
// uncompressed stream of a compressed archive, archive_uncompressed_copy.cpp): never memory,
// which MemoryFile::create prefers. Linux: an unlinked file in $TMPDIR, named /proc/self/fd/N,
// gone when closed whatever happens to the process (scratch_file_posix.cpp). Windows: a
// temporary file, removed when the MemoryFile goes (scratch_file_windows.cpp).
#pragma once

#include <optional>

#include "core/memory_file.hpp"

namespace kmsprep {

// nullopt when no such file can be made (no temporary directory, no room).
std::optional<MemoryFile> create_scratch_file(const std::string& what);

}  // namespace kmsprep
