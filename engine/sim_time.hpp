// Instants as the engine sees them: whole seconds since 1970-01-01T00:00:00Z (UTC, no leap
// seconds), written in ISO 8601 with a trailing Z. Used by the licensing state file and the
// topology's start attribute; pure arithmetic, no system clock.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kmsprep {

using UnixSeconds = int64_t;

// "2007-03-01T08:00:00Z"
std::string format_utc(UnixSeconds when);
// Accepts YYYY-MM-DDTHH:MM:SSZ exactly (years 1970-9999); nullopt otherwise.
std::optional<UnixSeconds> parse_utc(std::string_view text);

}  // namespace kmsprep
