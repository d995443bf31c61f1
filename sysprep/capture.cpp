#include "sysprep/capture.hpp"

#include "engine/gvlk_catalog.hpp"
#include "image/wim_capture.hpp"
#include "servicing/image_session.hpp"
#include "servicing/installation_registry.hpp"
#include "servicing/licensing_state_store.hpp"
#include "servicing/real_setup_state.hpp"
#include "servicing/setup_state.hpp"

namespace kmsprep {
namespace {

const char* kOneCmidConsequence =
    ": every machine deployed from this capture would share one CMID, so the KMS host's count "
    "never grows and no client reaches the activation threshold (0xC004F038)";

// Setup's own record of the tree (State.ini, the SOFTWARE hive's ImageState, SYSTEM's
// SysprepStatus), as inspect and validate read it; state nullopt when the tree has none.
Result<RealSetupState> recorded_setup_state(Image& image) {
  auto state_ini = read_state_ini(image);
  if (!state_ini) return std::move(state_ini).error();
  auto registry = read_installation_registry(image);
  if (!registry) return std::move(registry).error();
  return real_setup_state(*state_ini, *registry);
}

// --check-generalized: Setup's record wins where the tree has one, because a real installation
// that was never generalized keeps its CMID whatever kmsprep's emulated state says; the
// emulated state decides only for a tree without a record.
Status check_generalized(const CaptureRequest& request, Image& image,
                         const std::optional<LicensingState>& state, const std::string& emulated) {
  auto recorded = recorded_setup_state(image);
  if (!recorded) return std::move(recorded).error();
  if (recorded->state && *recorded->state != ImageStateClass::unknown) {
    if (*recorded->state == ImageStateClass::generalized) return ok_status();
    const bool unfinished = *recorded->state == ImageStateClass::undeployable;
    return Error(ErrorCode::not_generalized,
                 request.directory + " is not generalized: Setup records " + recorded->value +
                     " (" + recorded->source + ", " + recorded->location + ")" +
                     (unfinished ? ", a sysprep that did not finish; Microsoft: such an image "
                                   "must not be deployed"
                                 : std::string(kOneCmidConsequence)),
                 request.directory,
                 "run sysprep /generalize /oobe inside Windows on the reference PC, then capture "
                 "again; nothing was written");
  }
  if (state && state->generalization == Generalization::generalized) return ok_status();
  return Error(ErrorCode::not_generalized,
               request.directory + " is " +
                   (state ? "generalized " + emulated : std::string("without a licensing state")) +
                   " (not `generalized`)" + kOneCmidConsequence,
               request.directory,
               "run `kmsprep generalize` with SkipRearm=0 (and sysprep /generalize inside "
               "Windows) before capture; nothing was written");
}

}  // namespace

Result<CaptureResult> capture_image(const CaptureRequest& request) {
  // The same refusal as `kmsprep capture` (E310), before the source is opened as an image.
  if (auto source = check_capture_source(request.directory); !source) {
    return std::move(source).error();
  }
  auto session = ImageSession::open(request.directory, 1, false, request.logger);
  if (!session) return std::move(session).error();
  if (session->image().format_name() != "directory") {
    return Error(
        ErrorCode::usage_invalid_argument,
        request.directory + " is a " + session->image().format_name() + ", not a directory", {},
        "capture takes the directory of an applied or mounted reference computer");
  }
  auto installed = find_installed_product(session->image());
  if (!installed) return std::move(installed).error();
  const std::optional<LicensingState> state = effective_licensing_state(*installed);

  CaptureResult result;
  result.generalization = state ? to_string(state->generalization) : "unknown";
  if (request.check_generalized) {
    auto checked = check_generalized(request, session->image(), state, result.generalization);
    if (!checked) return std::move(checked).error();
  }

  const GvlkEntry* product = installed->product;
  if (product) result.product_id = std::string(product->product_id);
  std::optional<std::string> edition = request.edition;
  if (!edition && product) edition = std::string(product->edition_id);
  if (edition) {
    result.properties["WINDOWS/EDITIONID"] = *edition;
    result.properties["FLAGS"] = *edition;
  } else {
    result.warnings.push_back(
        "no --edition and no installed product key: the image gets no WINDOWS/EDITIONID or "
        "FLAGS, so install-key cannot check editions and --key auto cannot pick a key");
  }
  if (product) {
    const auto [major, minor] = version_of(product->family);
    result.properties["WINDOWS/VERSION/MAJOR"] = std::to_string(major);
    result.properties["WINDOWS/VERSION/MINOR"] = std::to_string(minor);
  }

  CaptureOptions options;
  options.name = request.name;
  options.description = request.description;
  options.properties = result.properties;
  options.compression = request.compression;
  options.progress = request.progress;
  options.logger = request.logger;
  result.excluded = options.exclusions;
  auto index = capture_directory_to_wim(request.directory, request.wim_path, options);
  if (!index) return std::move(index).error();
  result.index = *index;
  return result;
}

}  // namespace kmsprep
