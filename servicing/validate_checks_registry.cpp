// Check group "registry": what the installation's own records say (SOFTWARE and SYSTEM hives,
// State.ini) and whether the answer file, the registry and kmsprep's emulated state agree.
// Skipped, one row each, when the image holds no such records.
#include <set>

#include "core/text.hpp"
#include "servicing/kms_host_address.hpp"
#include "servicing/validate_checks.hpp"

namespace kmsprep {
namespace {

constexpr const char* kGroup = "registry";

std::string describe(const GvlkEntry& product) {
  return std::string(product.display_name) + " (" + std::string(product.product_id) + ")";
}

std::optional<std::string> at(const std::string& hive, const std::string& source) {
  return hive + ": " + source;
}

const GvlkEntry* answer_file_product(const LicensingView& view) {
  return view.installed.answer_file_key ? find_gvlk_by_key(*view.installed.answer_file_key)
                                        : nullptr;
}

void add_installed_key_check(const LicensingView& view, CheckList& checks) {
  const InstallationRegistry& registry = *view.registry;
  if (!registry.installed_key) {
    checks.push_back(make_check("registry-installed-key-gvlk", kGroup, Severity::error,
                                CheckStatus::skip,
                                "the SOFTWARE hive holds no DigitalProductId or "
                                "BackupProductKeyDefault"));
    return;
  }
  const auto location = at(registry.software_hive, registry.installed_key_source);
  const std::string key = "the installed key " + registry.installed_key->masked();
  if (registry.key_product) {
    checks.push_back(
        make_check("registry-installed-key-gvlk", kGroup, Severity::error, CheckStatus::pass,
                   key + " is the GVLK of " + describe(*registry.key_product), location));
    return;
  }
  if (const GvlkEntry* replacement = answer_file_product(view)) {
    checks.push_back(make_check(
        "registry-installed-key-gvlk", kGroup, Severity::error, CheckStatus::pass,
        key +
            " is not a GVLK, but Setup replaces it at specialize with the answer file's GVLK "
            "of " +
            describe(*replacement),
        location));
    return;
  }
  checks.push_back(make_check(
      "registry-installed-key-gvlk", kGroup, Severity::error, CheckStatus::fail,
      key + " is not a published KMS client setup key (GVLK): a MAK, retail or OEM key never "
            "asks a KMS host; install the GVLK (kmsprep install-key IMAGE --key auto writes it "
            "for specialize)",
      location));
}

void add_edition_check(const LicensingView& view, CheckList& checks) {
  const InstallationRegistry& registry = *view.registry;
  const auto& edition = registry.facts.edition_id;
  std::vector<std::pair<std::string, const GvlkEntry*>> keys;
  if (registry.key_product) keys.emplace_back("the registry's installed key", registry.key_product);
  if (const GvlkEntry* product = answer_file_product(view)) {
    keys.emplace_back("the answer file's key", product);
  }
  if (view.state_file_present && view.state) {
    if (const GvlkEntry* product = find_gvlk_by_product_id(view.state->product_id)) {
      keys.emplace_back("the emulated licensing state", product);
    }
  }
  if (!edition || !registry.family || keys.empty()) {
    checks.push_back(make_check(
        "registry-edition-matches-key", kGroup, Severity::error, CheckStatus::skip,
        !edition || !registry.family ? "the SOFTWARE hive records no EditionID or version"
                                     : "no GVLK is installed to compare with"));
    return;
  }
  const auto location = at(registry.software_hive, edition->source);
  const std::string installation =
      "EditionID " + edition->value + " (" + to_string(*registry.family) + ")";
  for (const auto& [what, product] : keys) {
    if (to_lower_ascii(product->edition_id) != to_lower_ascii(edition->value) ||
        product->family != *registry.family) {
      checks.push_back(make_check(
          "registry-edition-matches-key", kGroup, Severity::error, CheckStatus::fail,
          what + " is for " + describe(*product) + ", but the installation is " + installation +
              ": Windows refuses a key of another edition or version (0xC004F069); install "
              "the GVLK of this edition (kmsprep gvlk --family " +
              to_string(*registry.family) + ")",
          location));
      return;
    }
  }
  checks.push_back(
      make_check("registry-edition-matches-key", kGroup, Severity::error, CheckStatus::pass,
                 "the installed key fits the installation's " + installation, location));
}

void add_kms_host_check(const LicensingView& view, CheckList& checks) {
  const InstallationRegistry& registry = *view.registry;
  const KmsClientSettings& kms = registry.kms;
  std::vector<std::pair<std::string, std::string>> hosts;  // (source, host[:port])
  if (kms.kms_host) {
    hosts.emplace_back(kms.kms_host->source,
                       kms.kms_host->value + (kms.kms_port ? ":" + kms.kms_port->value : ""));
  } else if (kms.kms_port) {
    hosts.emplace_back(kms.kms_port->source, "");
  }
  for (const auto& each : kms.overrides) {
    hosts.emplace_back(each.kms_host.source,
                       each.kms_host.value + (each.kms_port ? ":" + each.kms_port->value : ""));
  }
  if (hosts.empty()) {
    checks.push_back(make_check("registry-kms-host", kGroup, Severity::error, CheckStatus::pass,
                                "no KeyManagementServiceName in SOFTWARE\\" +
                                    std::string(licensing_key_path(kms.layout)) +
                                    ": the installation finds its KMS host through DNS unless "
                                    "the answer file or SetupComplete.cmd sets one"));
    return;
  }
  for (const auto& [source, host] : hosts) {
    if (host.empty()) {
      checks.push_back(make_check(
          "registry-kms-host", kGroup, Severity::error, CheckStatus::fail,
          "KeyManagementServicePort is set without KeyManagementServiceName: the client ignores "
          "it and uses DNS discovery; set both (kmsprep configure --target registry "
          "--kms-host HOST:PORT) or clear both (--clear-kms-host)",
          at(registry.software_hive, source)));
      return;
    }
    const std::string spelled =
        host.find(':') != host.rfind(':') && host.front() != '[' ? "[" + host + "]" : host;
    if (auto parsed = parse_kms_host_address(spelled); !parsed) {
      checks.push_back(make_check("registry-kms-host", kGroup, Severity::error, CheckStatus::fail,
                                  "\"" + host + "\" is not a KMS host: " + parsed.error().detail() +
                                      "; fix it with kmsprep configure --target registry "
                                      "--kms-host HOST[:PORT]",
                                  at(registry.software_hive, source)));
      return;
    }
  }
  checks.push_back(make_check("registry-kms-host", kGroup, Severity::error, CheckStatus::pass,
                              "the installation asks " + hosts.front().second +
                                  (hosts.size() > 1 ? " (and per-application hosts)" : ""),
                              at(registry.software_hive, hosts.front().first)));
}

void add_skip_rearm_check(const LicensingView& view, CheckList& checks) {
  const InstallationRegistry& registry = *view.registry;
  const auto& skip = registry.kms.skip_rearm;
  if (!skip || skip->value == 0) {
    checks.push_back(make_check("registry-skip-rearm", kGroup, Severity::warning, CheckStatus::pass,
                                skip ? "SkipRearm=0: sysprep /generalize rearms"
                                     : "SkipRearm is not set (0: sysprep /generalize rearms)",
                                skip ? at(registry.software_hive, skip->source) : std::nullopt));
    return;
  }
  checks.push_back(make_check(
      "registry-skip-rearm", kGroup, Severity::warning, CheckStatus::fail,
      "SkipRearm=" + std::to_string(skip->value) +
          " in the registry: the next sysprep /generalize keeps the CMID and activation timers, "
          "so machines generalized from this one share one CMID; set it to 0 (kmsprep configure "
          "--target registry --skip-rearm 0)",
      at(registry.software_hive, skip->source)));
}

void add_image_state_check(const LicensingView& view, CheckList& checks) {
  const RealSetupState& setup = view.setup_state;
  if (!setup.state) {
    checks.push_back(make_check("image-state-generalized", kGroup, Severity::error,
                                CheckStatus::skip,
                                "no Setup state (State.ini, Setup\\State ImageState, "
                                "SysprepStatus): nothing but kmsprep's emulated state tells "
                                "whether this image was generalized (generalization-state); "
                                "sysprep /generalize inside Windows writes these records"));
    return;
  }
  const std::string record = setup.value + " (" + setup.source + ")";
  const std::optional<std::string> location = setup.location;
  switch (*setup.state) {
    case ImageStateClass::generalized:
      checks.push_back(make_check("image-state-generalized", kGroup, Severity::error,
                                  CheckStatus::pass,
                                  record + ": sysprep /generalize ran inside Windows; each clone "
                                           "gets its own CMID",
                                  location));
      return;
    case ImageStateClass::complete:
      checks.push_back(make_check(
          "image-state-generalized", kGroup, Severity::error, CheckStatus::fail,
          record + ": a used installation that was never generalized; its clones will share "
                   "one CMID, so the KMS host counts them as one machine and never reaches its "
                   "threshold; run sysprep /generalize /oobe inside the reference PC, then capture",
          location));
      return;
    case ImageStateClass::undeployable:
      checks.push_back(make_check(
          "image-state-generalized", kGroup, Severity::error, CheckStatus::fail,
          record + ": a Setup pass or a sysprep did not finish; Microsoft: such an image must "
                   "not be deployed; boot the reference PC, let sysprep finish, capture again",
          location));
      return;
    case ImageStateClass::specialize_resealed:
      checks.push_back(make_check(
          "image-state-generalized", kGroup, Severity::error, CheckStatus::fail,
          record + ": resealed without /generalize; its clones share one CMID; run sysprep "
                   "/generalize /oobe before capture",
          location));
      return;
    case ImageStateClass::unknown:
      checks.push_back(
          make_check("image-state-generalized", kGroup, Severity::error, CheckStatus::fail,
                     record + " is not a state Setup writes, so nothing shows the installation was "
                              "generalized; check the file, or run sysprep /generalize again",
                     location));
      return;
  }
}

// Long on purpose: one comparison per pair of records (State.ini, registry, emulated state), each a
// line of the finding.
void add_sources_agree_check(const LicensingView& view, CheckList& checks) {
  std::vector<std::string> contradictions;
  const auto& registry = view.registry;
  // Setup's two records of one state.
  if (view.state_ini && !view.state_ini->value.empty() && registry && registry->facts.image_state &&
      view.state_ini->state != classify_image_state(registry->facts.image_state->value)) {
    contradictions.push_back("State.ini says " + view.state_ini->value + " but " +
                             registry->facts.image_state->source + " says " +
                             registry->facts.image_state->value);
  }
  // kmsprep's emulated generalize against what Setup records.
  if (view.state_file_present && view.installed.state && view.setup_state.state &&
      *view.setup_state.state != ImageStateClass::generalized &&
      *view.setup_state.state != ImageStateClass::unknown &&
      view.installed.state->generalization != Generalization::never) {
    contradictions.push_back(
        "the emulated state says " + std::string(to_string(view.installed.state->generalization)) +
        " but Setup records " + view.setup_state.value + " (" + view.setup_state.source +
        "): kmsprep generalize resets only its "
        "own state, sysprep never ran");
  }
  // Which product: answer-file key, registry key, emulated state.
  std::vector<std::pair<std::string, const GvlkEntry*>> products;
  if (const GvlkEntry* product = answer_file_product(view)) {
    products.emplace_back("the answer file", product);
  }
  if (registry && registry->key_product) {
    products.emplace_back("the registry", registry->key_product);
  }
  if (view.installed.state) {
    if (const GvlkEntry* product = find_gvlk_by_product_id(view.installed.state->product_id)) {
      products.emplace_back("the emulated state", product);
    }
  }
  for (size_t i = 1; i < products.size(); ++i) {
    if (products[i].second != products.front().second) {
      contradictions.push_back(
          products.front().first + " names " + std::string(products.front().second->product_id) +
          " but " + products[i].first + " names " + std::string(products[i].second->product_id));
    }
  }
  // The KMS host the registry holds against the one the answer file or SetupComplete.cmd sets.
  if (registry && registry->kms.kms_host && view.kms_host &&
      view.kms_host->source != registry->kms.kms_host->source) {
    const std::string registry_host = registry->kms.kms_host->value;
    const std::string deployed =
        view.kms_host->clear ? std::string("DNS discovery (slmgr /ckms)") : view.kms_host->name;
    if (to_lower_ascii(registry_host) != to_lower_ascii(deployed)) {
      contradictions.push_back(registry->kms.kms_host->source + " is " + registry_host + " but " +
                               view.kms_host->source + " sets " + deployed + " at first boot");
    }
  }
  if (!registry && !view.state_ini) {
    checks.push_back(make_check("sources-agree", kGroup, Severity::warning, CheckStatus::skip,
                                "no registry or State.ini to compare with the answer file and "
                                "the emulated state"));
    return;
  }
  if (contradictions.empty()) {
    checks.push_back(make_check("sources-agree", kGroup, Severity::warning, CheckStatus::pass,
                                "the answer file, the registry, State.ini and the emulated state "
                                "agree"));
    return;
  }
  std::string message;
  for (const auto& each : contradictions) message += (message.empty() ? "" : "; ") + each;
  checks.push_back(make_check("sources-agree", kGroup, Severity::warning, CheckStatus::fail,
                              message + " (real facts win: kmsprep uses the registry and Setup's "
                                        "records)"));
}

}  // namespace

Status add_registry_checks(const ValidationInput& input, CheckList& checks) {
  const LicensingView& view = input.view;
  if (view.registry) {
    add_installed_key_check(view, checks);
    add_edition_check(view, checks);
    add_kms_host_check(view, checks);
    add_skip_rearm_check(view, checks);
  } else {
    for (const auto& [id, severity] : {std::pair{"registry-installed-key-gvlk", Severity::error},
                                       std::pair{"registry-edition-matches-key", Severity::error},
                                       std::pair{"registry-kms-host", Severity::error},
                                       std::pair{"registry-skip-rearm", Severity::warning}}) {
      checks.push_back(make_check(id, kGroup, severity, CheckStatus::skip,
                                  "no SOFTWARE hive at Windows/System32/config/SOFTWARE: not a "
                                  "captured Windows installation"));
    }
  }
  add_image_state_check(view, checks);
  add_sources_agree_check(view, checks);
  return Status();
}

}  // namespace kmsprep
