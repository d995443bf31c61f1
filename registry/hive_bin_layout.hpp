// Whether hivex can add a hive bin to a hive without breaking it. hivex (1.3.23, lib/write.c
// allocate_page) puts the first new hbin of an edit at the end of the bins that the base block
// declares (its "hive bins data size", offset 40), never reusing free cells. When the bins it
// read on open run past that end, the new bin lands inside the last one and hivex commits a
// hive it then refuses to open ("Operation not supported"); found by tests/fuzz
// (registry_hive). Internal to registry/ (Hive checks it before its first write).
#pragma once

#include <cstdint>
#include <string>

#include "core/memory_file.hpp"
#include "core/result.hpp"

namespace kmsprep {

// Walks the hbin headers of `hive` (`size` bytes; already accepted by hivex_open) as hivex does
// on open: from offset 4096, while inside the file and before the declared end. Empty string:
// the walk ends exactly at the declared end, so a new bin goes right after the last one.
// Otherwise what does not fit, in words for a message.
Result<std::string> hive_bin_layout_problem(const MemoryFile& hive, uint64_t size);

}  // namespace kmsprep
