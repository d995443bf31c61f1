// The local calendar time of a moment and its offset from UTC, for CMTrace log lines (core/log).
// localtime_r and tm_gmtoff on Linux (local_time_posix.cpp); localtime_s and the time-zone
// bias on Windows (local_time_windows.cpp).
#pragma once

#include <ctime>

namespace kmsprep {

struct LocalTime {
  std::tm calendar{};
  long utc_offset_seconds = 0;  // local time minus UTC: +3600 for CET
};

LocalTime local_time_of(std::time_t seconds);

}  // namespace kmsprep
