#include <ctime>

#include "core/local_time.hpp"

namespace kmsprep {

LocalTime local_time_of(std::time_t seconds) {
  LocalTime local;
  localtime_s(&local.calendar, &seconds);
  // The C runtime has no tm_gmtoff: the offset is the local calendar read back as if it were
  // UTC (_mkgmtime), minus the moment itself, which includes daylight saving time.
  std::tm copy = local.calendar;
  local.utc_offset_seconds = static_cast<long>(_mkgmtime(&copy) - seconds);
  return local;
}

}  // namespace kmsprep
