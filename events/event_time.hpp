// The time stamps event exports carry: System/TimeCreated's SystemTime
// ("2026-11-30T14:02:03.1234567Z", UTC) and the en-US local times of Event Viewer's CSV and
// Export-Csv ("11/30/2026 2:02:03 PM"), read as written (docs/report.md). Callers: events/.
#pragma once

#include <optional>
#include <string_view>

#include "engine/sim_time.hpp"

namespace kmsprep {

// ISO 8601 with optional fraction and a Z or +hh:mm offset; also "YYYY-MM-DD HH:MM:SS".
std::optional<UnixSeconds> parse_system_time(std::string_view text);
// "M/D/YYYY h:mm:ss AM|PM" or "M/D/YYYY HH:mm:ss", or any form parse_system_time takes.
std::optional<UnixSeconds> parse_export_time(std::string_view text);

// Days since 1970-01-01 of a civil date (proleptic Gregorian), for any year 1601-9999.
int64_t days_from_civil(int year, unsigned month, unsigned day);

}  // namespace kmsprep
