#include "sysprep/generalize.hpp"

#include "engine/licensing_state.hpp"
#include "servicing/licensing_state_store.hpp"

namespace kmsprep {
namespace {

// Says what the real installation's records say; kmsprep never changes them (it cannot run
// sysprep, and it never writes the markers sysprep leaves).
void describe_real_setup_state(const LicensingView& view, GeneralizeResult& result) {
  const RealSetupState& setup = view.setup_state;
  if (!setup.state) return;
  const std::string record = setup.value + " (" + setup.source + ", " + setup.location + ")";
  if (*setup.state == ImageStateClass::generalized) {
    result.real_setup_state = "Setup records " + record +
                              ": Windows was already generalized by sysprep inside the "
                              "installation; kmsprep changes only its emulated state";
    return;
  }
  result.real_setup_state = "Setup records " + record +
                            ": the real installation was not generalized, and kmsprep cannot "
                            "run sysprep";
  result.warnings.push_back(
      "the real installation is not generalized (" + record +
      "): its clones will share one CMID until sysprep /generalize runs inside Windows; "
      "kmsprep's generalize changes only its emulated state");
}

}  // namespace

Result<GeneralizeResult> generalize_image(ImageSession& session, bool dry_run) {
  GeneralizeResult result;
  auto before = inspect_image(session);
  if (!before) return std::move(before).error();
  result.before = std::move(*before);
  // The emulated state is what kmsprep's generalize changes: the state file, else the state the
  // installed key implies, not the view where Setup's real records override it.
  // A product known only from the registry is not one kmsprep installed: generalize asks for
  // install-key, as it does on any image without its state.
  InstalledProduct own = result.before.installed;
  if (result.before.product_source == "registry") own.product = nullptr;
  const std::optional<LicensingState> emulated =
      effective_licensing_state(own, result.before.build);
  describe_real_setup_state(result.before, result);
  if (!emulated) {
    return Error(ErrorCode::licensing_state_missing,
                 "the image has no licensing state and its answer file installs no published "
                 "KMS client setup key",
                 session.describe(),
                 "run `kmsprep install-key IMAGE --media MEDIA` (or --key) before generalize");
  }
  result.skip_rearm = result.before.skip_rearm;
  auto generalized = generalize_licensing_state(*emulated, result.skip_rearm);
  if (!generalized) {
    Error error = std::move(generalized).error();
    return error.within(session.describe());
  }
  if (result.skip_rearm) {
    result.warnings.push_back(
        "SkipRearm=1 (" + result.before.skip_rearm_source +
        "): the licensing state is kept, so every clone of this image will share one CMID and "
        "the KMS host's count will not grow; set SkipRearm to 0 for the final generalize");
  }
  result.changed = !result.before.state_file_present || *generalized != *emulated;
  if (result.changed) {
    if (auto staged = stage_licensing_state(session.image(), *generalized); !staged) {
      return staged.error();
    }
  }
  auto after = inspect_image(session);  // reads see the staged state
  if (!after) return std::move(after).error();
  result.after = std::move(*after);
  if (dry_run || !result.changed) return result;
  auto committed = session.image().commit();
  if (!committed) return std::move(committed).error();
  result.committed = committed->wrote;
  return result;
}

}  // namespace kmsprep
