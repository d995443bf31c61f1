// generalize: what `sysprep /generalize` does to activation, applied to kmsprep's emulated
// licensing state of an image. It cannot reset the real CMID and timers, which live in the
// image's token store and only a sysprep running inside Windows resets; every caller says so
// (kRealSysprepNotice). It never writes the markers real sysprep leaves.
// Callers: cli/ (generalize), plugin/ (the generalize step).
#pragma once

#include <string>
#include <vector>

#include "core/result.hpp"
#include "servicing/image_session.hpp"
#include "servicing/inspect.hpp"

namespace kmsprep {

inline constexpr const char* kRealSysprepNotice =
    "kmsprep reset only its own emulated licensing state; the real CMID and activation timers "
    "of a Windows image are reset only by sysprep /generalize running inside Windows";

struct GeneralizeResult {
  LicensingView before;
  LicensingView after;  // as it is (or would be, with dry_run) after the step
  bool skip_rearm = false;
  bool changed = false;
  bool committed = false;
  std::vector<std::string> warnings;
  // What Setup's own records (State.ini, the registry) say about the real installation, when
  // the image has them: already generalized by sysprep, or not (then also a warning).
  std::string real_setup_state;
};

// Reads SkipRearm from the generalize pass of the answer file Windows would use (default 0),
// applies it to the emulated state (never to the real installation's records, which it only
// reports in `real_setup_state`) and, unless `dry_run`, commits the new state file. No rearm or
// sysprep run left: rearm_exhausted (exit 1) and the image untouched. An image that names no
// published product (no state file and no GVLK in its answer file) is bad input.
Result<GeneralizeResult> generalize_image(ImageSession& session, bool dry_run);

}  // namespace kmsprep
