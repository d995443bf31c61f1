// Built-in step install-key: `kmsprep install-key` as a task-sequence step. The key comes from
// ProductKey (a key or "auto"), else from MediaPath's sources/pid.txt, as MDT's ProductKey
// overrides the media.

#include "core/image_path.hpp"
#include "core/text.hpp"
#include "engine/random_source.hpp"
#include "plugin/kmsprep_plugin.h"
#include "plugin/step_context.hpp"
#include "plugin/step_options.hpp"
#include "servicing/install_key.hpp"
#include "servicing/os_random.hpp"
#include "servicing/setup_media.hpp"

namespace kmsprep {
namespace {

constexpr kmsprep_variable_spec kVariables[] = {
    {"ImagePath", 1, KMSPREP_IN, "the image: directory, WIM or archive"},
    {"ImageIndex", 0, KMSPREP_IN, "WIM image index; needed when the WIM holds several images"},
    {"ProductKey", 0, KMSPREP_IN,
     "the key, or auto (GVLK by EditionID and build); overrides MediaPath"},
    {"MediaPath", 0, KMSPREP_IN, "setup media or pid.txt whose key to install"},
    {"OSFamily", 0, KMSPREP_IN, "Windows family when the image metadata does not say"},
    {"Architecture", 0, KMSPREP_IN, "processorArchitecture of new answer-file components"},
    {"AllowNonGVLK", 0, KMSPREP_IN, "true: accept a key that is not a published GVLK"},
};

Result<std::optional<ProductKey>> key_from(StepContext& step, std::string& source) {
  if (auto text = step.get("ProductKey")) {
    source = "ProductKey";
    if (to_lower_ascii(*text) == "auto") return std::optional<ProductKey>();
    auto key = ProductKey::parse(*text);
    if (!key) return Error(key.error()).within("ProductKey");
    return std::optional<ProductKey>(*key);
  }
  if (auto media_path = step.get("MediaPath")) {
    auto media = read_setup_media(*media_path, &step.logger());
    if (!media) return std::move(media).error();
    for (const auto& warning : media->warnings) step.warning(warning);
    source = media->source;
    return std::optional<ProductKey>(media->pid.key);
  }
  return Error(ErrorCode::variable_missing, "neither ProductKey nor MediaPath is set",
               step.component(), "set ProductKey (a key or auto) or MediaPath (setup media)");
}

Result<int32_t> install(StepContext& step) {
  auto image_path = step.require("ImagePath");
  if (!image_path) return image_path.error();
  auto index = image_index_variable(step);
  if (!index) return index.error();
  InstallKeyOptions options;
  auto family = os_family_variable(step);
  if (!family) return family.error();
  options.os = *family;
  auto architecture = architecture_variable(step);
  if (!architecture) return architecture.error();
  options.architecture = *architecture;
  auto allow = step.flag("AllowNonGVLK", false);
  if (!allow) return allow.error();
  options.allow_non_gvlk = *allow;

  std::string source;
  auto key = key_from(step, source);
  if (!key) return key.error();
  auto session = open_step_image(step, *image_path, *index, true);
  if (!session) return session.error();
  auto chosen = *key ? Result<ProductKey>(**key) : automatic_key_for(*session);
  if (!chosen) return chosen.error();

  SeededRandom random = random_seeded_by_operating_system();
  auto result = install_key(*session, *chosen, options, random);
  if (!result) return result.error();
  for (const auto& warning : result->warnings) step.warning(warning);
  // What a replaced value was, as the CLI says it (keys masked), so a task-sequence log shows it.
  for (const auto& replaced : result->replaced) step.info(replaced.message());
  step.info(result->edits.empty()
                ? chosen->masked() + " is already installed in " + result->image
                : "installed " + chosen->masked() + " from " + source + " into " + result->image +
                      " (" + result->answer_file + ")" +
                      (result->state_created ? "; new licensing state and CMID" : ""));
  return KMSPREP_STEP_SUCCESS;
}

int32_t run(const kmsprep_context* context) { return run_builtin_step(context, install); }

constexpr kmsprep_step kStep = {
    sizeof(kmsprep_step),
    KMSPREP_PLUGIN_ABI_VERSION,
    "install-key",
    "install the product key (ProductKey, else MediaPath's pid.txt) into the image",
    kVariables,
    sizeof kVariables / sizeof kVariables[0],
    run,
};

}  // namespace

const kmsprep_step* install_key_step() { return &kStep; }

}  // namespace kmsprep
