// Built-in step capture: `kmsprep capture` as a task-sequence step. Captures the directory at
// ImagePath into CaptureDestination, then points ImagePath and ImageIndex at the new image so
// later steps (validate) work on it.
#include "plugin/kmsprep_plugin.h"
#include "plugin/step_context.hpp"
#include "sysprep/capture.hpp"

namespace kmsprep {
namespace {

constexpr kmsprep_variable_spec kVariables[] = {
    {"ImagePath", 1, KMSPREP_INOUT, "in: the reference computer's directory; out: the WIM"},
    {"ImageIndex", 0, KMSPREP_OUT, "the captured image's index in the WIM"},
    {"CaptureDestination", 1, KMSPREP_IN, "the WIM to add the image to (created if absent)"},
    {"CaptureName", 1, KMSPREP_IN, "the new image's name, unique in the WIM"},
    {"CaptureDescription", 0, KMSPREP_IN, "the new image's description"},
    {"CaptureCompression", 0, KMSPREP_IN, "none, xpress or lzx (default) for a new WIM"},
    {"Edition", 0, KMSPREP_IN, "EditionID (default: from the installed key)"},
    {"CheckGeneralized", 0, KMSPREP_IN, "true: refuse a tree that is not generalized"},
};

Result<int32_t> capture(StepContext& step) {
  CaptureRequest request;
  auto directory = step.require("ImagePath");
  if (!directory) return directory.error();
  request.directory = *directory;
  auto destination = step.require("CaptureDestination");
  if (!destination) return destination.error();
  request.wim_path = *destination;
  auto name = step.require("CaptureName");
  if (!name) return name.error();
  request.name = *name;
  request.description = step.get("CaptureDescription").value_or("");
  request.edition = step.get("Edition");
  if (auto text = step.get("CaptureCompression")) {
    auto compression = parse_wim_compression(*text);
    if (!compression) return Error(compression.error()).within("CaptureCompression");
    request.compression = *compression;
  }
  auto check = step.flag("CheckGeneralized", false);
  if (!check) return check.error();
  request.check_generalized = *check;
  // Cancelling through the progress callback leaves the WIM as it was.
  request.progress = [&step](uint64_t, uint64_t) { return !step.cancelled(); };
  request.logger = &step.logger();

  auto result = capture_image(request);
  if (!result) return result.error();
  for (const auto& warning : result->warnings) step.warning(warning);
  step.info("captured " + request.directory + " as image " + std::to_string(result->index) +
            " (\"" + request.name + "\") of " + request.wim_path +
            "; licensing state: " + result->generalization);
  if (auto set = step.set("ImagePath", request.wim_path); !set) return set.error();
  if (auto set = step.set("ImageIndex", std::to_string(result->index)); !set) return set.error();
  return KMSPREP_STEP_SUCCESS;
}

int32_t run(const kmsprep_context* context) { return run_builtin_step(context, capture); }

constexpr kmsprep_step kStep = {
    sizeof(kmsprep_step),
    KMSPREP_PLUGIN_ABI_VERSION,
    "capture",
    "capture the directory at ImagePath into the WIM CaptureDestination (sets ImagePath, "
    "ImageIndex)",
    kVariables,
    sizeof kVariables / sizeof kVariables[0],
    run,
};

}  // namespace

const kmsprep_step* capture_step() { return &kStep; }

}  // namespace kmsprep
