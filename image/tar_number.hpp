// Numeric fields of a tar header (size, mtime, ...): octal text, or base-256 when the first
// byte has its high bit set (GNU and star). Used by the archive rewrite, which reads headers
// libarchive does not hand back.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace kmsprep {

// The field's value; nullopt for a negative base-256 value or one that does not fit in 63 bits,
// which no tar file kmsprep can rewrite holds.
std::optional<int64_t> parse_tar_number(std::string_view field);

}  // namespace kmsprep
