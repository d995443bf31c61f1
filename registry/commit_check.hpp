// hivex opening its own commit again before Hive hands the bytes on to be published, so that a
// hive hivex wrote wrongly never replaces a good one. hive_bin_layout.hpp refuses, before any
// write, the one hive shape known to make hivex write such a hive; this catches the ones not
// known yet. Internal to registry/.
#pragma once

#include <string>

#include "core/memory_file.hpp"
#include "core/result.hpp"

namespace kmsprep {

// hivex_open of `file` read-only (hivex maps it and walks every cell, as every later open
// does). A refusal is registry_commit_unreadable naming `display_name`; nothing is changed.
Status require_commit_opens(const MemoryFile& file, const std::string& display_name);

}  // namespace kmsprep
