// Built-in step generalize: `kmsprep generalize` as a task-sequence step (sysprep /generalize's
// effect on kmsprep's emulated licensing state; SkipRearm from the answer file).
#include "plugin/kmsprep_plugin.h"
#include "plugin/step_context.hpp"
#include "plugin/step_options.hpp"
#include "sysprep/generalize.hpp"

namespace kmsprep {
namespace {

constexpr kmsprep_variable_spec kVariables[] = {
    {"ImagePath", 1, KMSPREP_IN, "the image: directory, WIM or archive"},
    {"ImageIndex", 0, KMSPREP_IN, "WIM image index; needed when the WIM holds several images"},
};

Result<int32_t> generalize(StepContext& step) {
  auto image_path = step.require("ImagePath");
  if (!image_path) return image_path.error();
  auto index = image_index_variable(step);
  if (!index) return index.error();
  auto session = open_step_image(step, *image_path, *index, true);
  if (!session) return session.error();
  auto result = generalize_image(*session, false);
  if (!result) return result.error();
  for (const auto& warning : result->warnings) step.warning(warning);
  step.info(session->describe() +
            ": generalized with SkipRearm=" + (result->skip_rearm ? "1" : "0") +
            (result->changed ? "" : " (licensing state already generalized; nothing written)"));
  if (!result->real_setup_state.empty()) step.info(result->real_setup_state);
  step.info(kRealSysprepNotice);
  return KMSPREP_STEP_SUCCESS;
}

int32_t run(const kmsprep_context* context) { return run_builtin_step(context, generalize); }

constexpr kmsprep_step kStep = {
    sizeof(kmsprep_step),
    KMSPREP_PLUGIN_ABI_VERSION,
    "generalize",
    "generalize the image's emulated licensing state (rearm unless SkipRearm), as sysprep does",
    kVariables,
    sizeof kVariables / sizeof kVariables[0],
    run,
};

}  // namespace

const kmsprep_step* generalize_step() { return &kStep; }

}  // namespace kmsprep
