// Was this installation really generalized? The verdict from Setup's own records: State.ini's
// ImageState, the same value in the SOFTWARE hive, and SYSTEM's SysprepStatus
// GeneralizationState. When the records disagree, the one saying "not generalized" wins (a
// clone with a shared CMID is the costly mistake) and validate's sources-agree check fails.
// Callers: servicing/ (inspect, validate), sysprep/ (generalize).
#pragma once

#include <optional>
#include <string>

#include "servicing/installation_registry.hpp"
#include "servicing/setup_state.hpp"

namespace kmsprep {

struct RealSetupState {
  std::optional<ImageStateClass> state;  // nullopt: the image holds no Setup record
  std::string value;                     // "IMAGE_STATE_COMPLETE", or "GeneralizationState 7"
  std::string source;                    // "State.ini" | "registry"
  std::string location;                  // the file, or "SOFTWARE\...\ImageState"
};

RealSetupState real_setup_state(const std::optional<StateIniImageState>& state_ini,
                                const std::optional<InstallationRegistry>& registry);

// SysprepStatus GeneralizationState after a successful sysprep /generalize.
inline constexpr uint32_t kGeneralizationStateGeneralized = 7;

}  // namespace kmsprep
