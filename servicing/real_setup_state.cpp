#include "servicing/real_setup_state.hpp"

#include <vector>

namespace kmsprep {

RealSetupState real_setup_state(const std::optional<StateIniImageState>& state_ini,
                                const std::optional<InstallationRegistry>& registry) {
  std::vector<RealSetupState> records;
  if (state_ini && !state_ini->value.empty()) {
    records.push_back({state_ini->state, state_ini->value, "State.ini", state_ini->path});
  }
  if (registry && registry->facts.image_state) {
    const auto& fact = *registry->facts.image_state;
    records.push_back({classify_image_state(fact.value), fact.value, "registry", fact.source});
  }
  if (records.empty() && registry && registry->setup_status &&
      registry->setup_status->generalization_state) {
    // Only SysprepStatus: 7 is a finished generalize; any other number is a sysprep that did
    // not get that far, which says nothing certain about the image.
    const auto& fact = *registry->setup_status->generalization_state;
    records.push_back({fact.value == kGeneralizationStateGeneralized
                           ? std::optional<ImageStateClass>(ImageStateClass::generalized)
                           : std::optional<ImageStateClass>(ImageStateClass::unknown),
                       "GeneralizationState " + std::to_string(fact.value), "registry",
                       fact.source});
  }
  if (records.empty()) return RealSetupState{};
  for (const auto& record : records) {
    if (record.state != ImageStateClass::generalized && record.state != ImageStateClass::unknown) {
      return record;
    }
  }
  for (const auto& record : records) {
    if (record.state == ImageStateClass::generalized) return record;
  }
  return records.front();  // only words Setup does not write
}

}  // namespace kmsprep
