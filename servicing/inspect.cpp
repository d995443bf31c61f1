#include "servicing/inspect.hpp"

#include <algorithm>
#include <chrono>

#include "core/text.hpp"
#include "core/text_decoding.hpp"
#include "engine/product_timers.hpp"
#include "servicing/kms_host_address.hpp"
#include "servicing/setup_complete.hpp"
#include "unattend/activation_commands.hpp"
#include "unattend/activation_view.hpp"
#include "unattend/answer_file.hpp"
#include "unattend/run_synchronous.hpp"

namespace kmsprep {
namespace {

// The answer file Setup uses for `pass`, parsed; nullopt when no file has that pass or the file
// cannot be parsed (locate reports that problem).
Result<std::optional<AnswerFile>> answer_file_for_pass(Image& image, const AnswerFileSearch& search,
                                                       const std::string& pass) {
  for (const auto& choice : search.used) {
    if (choice.pass != pass || !choice.path) continue;
    auto path = ImagePath::parse(*choice.path);
    if (!path) return std::optional<AnswerFile>();
    auto bytes = image.read(*path);
    if (!bytes) return std::move(bytes).error();
    auto file = AnswerFile::parse(*bytes, *choice.path);
    if (!file) return std::optional<AnswerFile>();
    return std::optional<AnswerFile>(std::move(*file));
  }
  return std::optional<AnswerFile>();
}

std::optional<ConfiguredKmsHost> host_from_command(const SlmgrKmsCommand& command,
                                                   const std::string& source) {
  if (command.clear) return ConfiguredKmsHost{true, "", 1688, source};
  auto address = parse_kms_host_address(command.host_and_port);
  if (!address) return std::nullopt;  // unattend check reports malformed hosts
  return ConfiguredKmsHost{false, address->host, address->port, source};
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
    start = end + 1;
  }
  return lines;
}

Result<std::optional<std::string>> read_text_if_present(Image& image, const char* path_text) {
  auto entry = image.stat(*ImagePath::parse(path_text));
  if (!entry) return std::move(entry).error();
  if (!*entry || (*entry)->type != EntryType::file) return std::optional<std::string>();
  auto bytes = image.read((*entry)->path);
  if (!bytes) return std::move(bytes).error();
  auto text = decode_text(*bytes, path_text);
  // A log or script that is not text names nothing; it is not an error for inspect.
  if (!text) return std::optional<std::string>();
  return std::optional<std::string>(std::move(text->utf8));
}

}  // namespace

Result<std::pair<bool, std::string>> skip_rearm_setting(Image& image,
                                                        const AnswerFileSearch& search) {
  auto file = answer_file_for_pass(image, search, "generalize");
  if (!file) return std::move(file).error();
  if (!*file) return std::make_pair(false, std::string());
  const ActivationView view = activation_view(**file);
  if (!view.skip_rearm) return std::make_pair(false, std::string());
  const bool skip = view.skip_rearm->value == "1";
  return std::make_pair(skip, (*file)->source() + ":" + std::to_string(view.skip_rearm->line));
}

Result<std::optional<ConfiguredKmsHost>> configured_kms_host(Image& image,
                                                             const AnswerFileSearch& search) {
  std::optional<ConfiguredKmsHost> host;
  auto file = answer_file_for_pass(image, search, "specialize");
  if (!file) return std::move(file).error();
  if (*file) {
    auto commands = run_synchronous_commands(**file, "specialize");
    std::stable_sort(commands.begin(), commands.end(), [](const auto& a, const auto& b) {
      return a.order.value_or(0) < b.order.value_or(0);
    });
    for (const auto& entry : commands) {
      if (auto slmgr = parse_slmgr_kms_command(entry.path)) {
        const std::string source = (*file)->source() + ":" + std::to_string(entry.element->line);
        if (auto parsed = host_from_command(*slmgr, source)) host = parsed;
      }
    }
  }
  auto script = read_text_if_present(image, kSetupCompletePath);
  if (!script) return std::move(script).error();
  if (*script) {
    const auto lines = split_lines(**script);
    for (size_t i = 0; i < lines.size(); ++i) {
      if (auto slmgr = parse_slmgr_kms_command(lines[i])) {
        const std::string source = std::string(kSetupCompletePath) + ":" + std::to_string(i + 1);
        if (auto parsed = host_from_command(*slmgr, source)) host = parsed;
      }
    }
  }
  return host;
}

Result<std::vector<std::string>> find_sysprep_evidence(Image& image) {
  std::vector<std::string> evidence;
  auto tag = image.stat(*ImagePath::parse("Windows/System32/Sysprep/Sysprep_succeeded.tag"));
  if (!tag) return std::move(tag).error();
  if (*tag) evidence.push_back((*tag)->path.to_string());
  for (const char* log :
       {"Windows/System32/Sysprep/Panther/setupact.log", "Windows/Panther/setupact.log"}) {
    auto text = read_text_if_present(image, log);
    if (!text) return std::move(text).error();
    if (!*text) continue;
    const auto lines = split_lines(**text);
    for (size_t i = 0; i < lines.size(); ++i) {
      if (to_lower_ascii(lines[i]).find("generalize") != std::string::npos) {
        evidence.push_back(std::string(log) + ":" + std::to_string(i + 1) + ": " + lines[i]);
      }
    }
  }
  return evidence;
}

namespace {

// Real facts win: the registry names the product where kmsprep's files name none, and Setup's
// own records say whether the installation was generalized.
void apply_real_facts(LicensingView& view) {
  if (view.state) {
    view.product_source = view.state_file_present ? "emulated state" : "answer file";
  } else if (view.registry && view.registry->key_product) {
    view.installed.product = view.registry->key_product;
    view.state = effective_licensing_state(view.installed, view.build);
    view.product_source = "registry";
  }
  if (view.state) view.generalization_source = "emulated state";
  // A host baked into the registry is what clones ask until an answer-file or SetupComplete
  // slmgr command replaces it at first boot; a per-application host wins over the plain one.
  if (!view.kms_host && view.registry) {
    const KmsClientSettings& kms = view.registry->kms;
    const RegistryFact<std::string>* name = kms.kms_host ? &*kms.kms_host : nullptr;
    const OptionalFact<std::string>* port = &kms.kms_port;
    if (!kms.overrides.empty()) {
      name = &kms.overrides.front().kms_host;
      port = &kms.overrides.front().kms_port;
    }
    if (name) {
      const std::string spelled =
          name->value.find(':') != std::string::npos ? "[" + name->value + "]" : name->value;
      auto address = parse_kms_host_address(spelled + (*port ? ":" + (*port)->value : ""));
      if (address) {  // validate's registry-kms-host reports a malformed one
        view.kms_host = ConfiguredKmsHost{false, address->host, address->port,
                                          view.registry->software_hive + ": " + name->source};
      }
    }
  }
  if (!view.state || !view.setup_state.state ||
      *view.setup_state.state == ImageStateClass::unknown) {
    return;
  }
  if (*view.setup_state.state == ImageStateClass::generalized) {
    if (view.state->generalization == Generalization::never) {
      view.state->generalization = Generalization::generalized;
    }
  } else {
    view.state->generalization = Generalization::never;  // clones keep the one CMID
  }
  view.generalization_source = view.setup_state.source;
}

// Before first boot the whole out-of-box grace is left: the product's row of the timers table
// at the image's build (Server 2008: 60 days), which is also what the engine simulates.
std::optional<long long> grace_minutes_left(const LicensingState& state, std::optional<int> build) {
  if (state.grace_deadline) {
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    return std::max<long long>(0, (*state.grace_deadline - now) / 60);
  }
  if (state.status != LicenseStatus::oob_grace) return std::nullopt;
  if (const GvlkEntry* product = find_gvlk_by_product_id(state.product_id)) {
    return static_cast<long long>(product_timers(*product, build).oob_grace_days) * 1440;
  }
  return EngineSettings{}.oob_grace_minutes;
}

}  // namespace

Result<LicensingView> inspect_image(ImageSession& session) {
  Image& image = session.image();
  LicensingView view;
  view.image = session.describe();
  view.index = session.index();
  auto installed = find_installed_product(image);
  if (!installed) return std::move(installed).error();
  view.installed = std::move(*installed);
  view.state_file_present = view.installed.state.has_value();
  auto search = locate_answer_files(image);
  if (!search) return std::move(search).error();
  view.answer_files = std::move(*search);
  auto skip = skip_rearm_setting(image, view.answer_files);
  if (!skip) return std::move(skip).error();
  view.skip_rearm = skip->first;
  view.skip_rearm_source = skip->second;
  auto host = configured_kms_host(image, view.answer_files);
  if (!host) return std::move(host).error();
  view.kms_host = *host;
  auto evidence = find_sysprep_evidence(image);
  if (!evidence) return std::move(evidence).error();
  view.sysprep_evidence = std::move(*evidence);
  auto registry = read_installation_registry(image);
  if (!registry) return std::move(registry).error();
  view.registry = std::move(*registry);
  auto state_ini = read_state_ini(image);
  if (!state_ini) return std::move(state_ini).error();
  view.state_ini = std::move(*state_ini);
  view.setup_state = real_setup_state(view.state_ini, view.registry);
  view.build = session.build();
  if (!view.build && view.registry) view.build = view.registry->facts.build();
  view.state = effective_licensing_state(view.installed, view.build);
  if (view.state) view.grace_minutes_left = grace_minutes_left(*view.state, view.build);
  apply_real_facts(view);
  return view;
}

}  // namespace kmsprep
