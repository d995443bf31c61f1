// The client's licensing timers as pure functions of three instants (boot, end of out-of-box
// grace, end of validity): which license status a client is in at a given minute and how long
// until that status expires (kms-facts §2). The fleet simulation and reports use them.
#pragma once

#include <cstdint>

#include "engine/engine_settings.hpp"
#include "engine/licensing_state.hpp"

namespace kmsprep {

struct ClientTimes {
  int64_t boot = 0;           // first boot: the out-of-box grace starts
  int64_t grace_end = 0;      // boot + out-of-box grace
  int64_t validity_end = -1;  // last successful activation or renewal + validity; -1 never
};

// Before first boot a client is in out-of-box grace (its clock has not started). Activated:
// licensed until validity_end, then out-of-tolerance grace, then notification. Never
// activated: out-of-box grace until grace_end, then notification.
LicenseStatus status_at(const ClientTimes& times, int64_t minute, const EngineSettings& settings);
// Minutes until the current status expires (0 in notification).
int64_t minutes_to_expiry(const ClientTimes& times, int64_t minute, const EngineSettings& settings);

}  // namespace kmsprep
