// Built-in step configure-kms: `kmsprep configure` as a task-sequence step (KMS host, rearm,
// automatic and standard-user activation).
#include "core/text.hpp"
#include "plugin/kmsprep_plugin.h"
#include "plugin/step_context.hpp"
#include "plugin/step_options.hpp"
#include "servicing/configure.hpp"

namespace kmsprep {
namespace {

constexpr kmsprep_variable_spec kVariables[] = {
    {"ImagePath", 1, KMSPREP_IN, "the image: directory, WIM or archive"},
    {"ImageIndex", 0, KMSPREP_IN, "WIM image index; needed when the WIM holds several images"},
    {"KMSHost", 0, KMSPREP_IN, "KMS host clients use (HOST or HOST:PORT) instead of DNS"},
    {"KMSPort", 0, KMSPREP_IN, "the KMS host's TCP port (default 1688)"},
    {"ClearKMSHost", 0, KMSPREP_IN, "true: back to DNS discovery (slmgr /ckms)"},
    {"SkipRearm", 0, KMSPREP_IN, "1 (true): keep activation timers at generalize"},
    {"SkipAutoActivation", 0, KMSPREP_IN, "true: no automatic activation at first boot"},
    {"StandardUserActivation", 0, KMSPREP_IN, "true: standard users may activate"},
    {"ConfigureTarget", 0, KMSPREP_IN,
     "answer-file (default), setupcomplete, both (those two), registry or all (the three)"},
    {"OSFamily", 0, KMSPREP_IN, "Windows family when the image does not say"},
    {"Architecture", 0, KMSPREP_IN, "processorArchitecture of new answer-file components"},
    {"UnattendPath", 0, KMSPREP_IN, "the answer file inside the image to edit"},
};

Result<std::optional<KmsHostAddress>> kms_host_from(const StepContext& step) {
  const auto host = step.get("KMSHost");
  const auto port = step.get("KMSPort");
  if (!host) {
    if (port) {
      return Error(ErrorCode::usage_missing_argument, "KMSPort is set but KMSHost is not",
                   step.component());
    }
    return std::optional<KmsHostAddress>();
  }
  auto address = parse_kms_host_address(*host);
  if (!address) return Error(address.error()).within("KMSHost");
  if (port) {
    const auto value = port->size() <= 5 ? parse_integer<int>(*port, 1, 65535) : std::nullopt;
    if (!value || (address->port_given && address->port != *value)) {
      return Error(ErrorCode::usage_invalid_argument,
                   "KMSPort \"" + *port + "\" is not a port (1-65535) matching KMSHost",
                   step.component());
    }
    address->port = static_cast<uint16_t>(*value);
    address->port_given = true;
  }
  return std::optional<KmsHostAddress>(*address);
}

Result<ConfigureOptions> options_from(const StepContext& step) {
  ConfigureOptions options;
  auto host = kms_host_from(step);
  if (!host) return host.error();
  options.kms_host = *host;
  auto clear = step.flag("ClearKMSHost", false);
  if (!clear) return clear.error();
  options.clear_kms_host = *clear;
  if (step.get("SkipRearm")) {
    auto skip = step.flag("SkipRearm", false);
    if (!skip) return skip.error();
    options.skip_rearm = *skip ? 1 : 0;
  }
  if (step.get("SkipAutoActivation")) {
    auto skip = step.flag("SkipAutoActivation", false);
    if (!skip) return skip.error();
    options.skip_auto_activation = *skip;
  }
  auto standard_user = step.flag("StandardUserActivation", false);
  if (!standard_user) return standard_user.error();
  options.standard_user_activation = *standard_user;
  if (auto target = step.get("ConfigureTarget")) {
    auto parsed = parse_configure_target(*target);
    if (!parsed) return Error(parsed.error()).within("ConfigureTarget");
    options.target = *parsed;
  }
  auto family = os_family_variable(step);
  if (!family) return family.error();
  options.os = *family;
  auto architecture = architecture_variable(step);
  if (!architecture) return architecture.error();
  options.architecture = *architecture;
  if (auto path = step.get("UnattendPath")) {
    auto parsed = ImagePath::parse(*path);
    if (!parsed) return Error(parsed.error()).within("UnattendPath");
    options.unattend_path = *parsed;
  }
  if (!options.kms_host && !options.clear_kms_host && !options.skip_rearm &&
      !options.skip_auto_activation && !options.standard_user_activation) {
    return Error(ErrorCode::variable_missing, "nothing to configure", step.component(),
                 "set KMSHost, ClearKMSHost, SkipRearm, SkipAutoActivation or "
                 "StandardUserActivation");
  }
  if (auto valid = validate_configure_options(options); !valid) return valid.error();
  return options;
}

Result<int32_t> configure(StepContext& step) {
  auto image_path = step.require("ImagePath");
  if (!image_path) return image_path.error();
  auto index = image_index_variable(step);
  if (!index) return index.error();
  auto options = options_from(step);
  if (!options) return options.error();
  auto session = open_step_image(step, *image_path, *index, true);
  if (!session) return session.error();
  auto result = configure_image(*session, *options, false);
  if (!result) return result.error();
  for (const auto& warning : result->warnings) step.warning(warning);
  // What a replaced value was, as the CLI says it (keys masked), so a task-sequence log shows it.
  for (const auto& replaced : result->replaced) step.info(replaced.message());
  if (result->edits.empty() && result->registry_changes.empty()) {
    step.info(session->describe() + " already has these settings; nothing written");
  }
  for (const auto& edit : result->edits) {
    step.info((edit.created ? "created " : "edited ") + edit.path + " in " + session->describe());
  }
  for (const auto& change : result->registry_changes) {
    step.info("set " + change.key + "\\" + change.value_name + " from " +
              change.before.value_or("(absent)") + " to " + change.after.value_or("(deleted)") +
              " in " + session->describe());
  }
  return KMSPREP_STEP_SUCCESS;
}

int32_t run(const kmsprep_context* context) { return run_builtin_step(context, configure); }

constexpr kmsprep_step kStep = {
    sizeof(kmsprep_step),
    KMSPREP_PLUGIN_ABI_VERSION,
    "configure-kms",
    "write KMS client settings (KMS host, SkipRearm, activation) into the image",
    kVariables,
    sizeof kVariables / sizeof kVariables[0],
    run,
};

}  // namespace

const kmsprep_step* configure_kms_step() { return &kStep; }

}  // namespace kmsprep
