#include "core/local_time.hpp"

namespace kmsprep {

LocalTime local_time_of(std::time_t seconds) {
  LocalTime local;
  localtime_r(&seconds, &local.calendar);
  local.utc_offset_seconds = local.calendar.tm_gmtoff;
  return local;
}

}  // namespace kmsprep
