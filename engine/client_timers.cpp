#include "engine/client_timers.hpp"

namespace kmsprep {

LicenseStatus status_at(const ClientTimes& times, int64_t minute, const EngineSettings& settings) {
  if (minute < times.boot) return LicenseStatus::oob_grace;
  if (times.validity_end >= 0) {
    if (minute < times.validity_end) return LicenseStatus::licensed;
    if (minute < times.validity_end + settings.oot_grace_minutes) return LicenseStatus::oot_grace;
    return LicenseStatus::notification;
  }
  return minute < times.grace_end ? LicenseStatus::oob_grace : LicenseStatus::notification;
}

int64_t minutes_to_expiry(const ClientTimes& times, int64_t minute,
                          const EngineSettings& settings) {
  switch (status_at(times, minute, settings)) {
    case LicenseStatus::licensed:
      return times.validity_end - minute;
    case LicenseStatus::oot_grace:
      return times.validity_end + settings.oot_grace_minutes - minute;
    case LicenseStatus::oob_grace:
      return minute < times.boot ? times.grace_end - times.boot : times.grace_end - minute;
    default:
      return 0;
  }
}

}  // namespace kmsprep
