// Check group 1, key: the installed key and the media's pid.txt key are published GVLKs of one
// product that matches the image's EditionID, version and build.
#include "core/image_path.hpp"
#include "servicing/validate_checks.hpp"

namespace kmsprep {
namespace {

constexpr const char* kGroup = "key";

std::string describe(const GvlkEntry& product) {
  return std::string(product.display_name) + " (" + std::string(product.product_id) + ")";
}

std::string not_gvlk_message(const std::string& what, const ProductKey& key) {
  return what + " " + key.masked() +
         " is not a published KMS client setup key (GVLK); MAK, retail, OEM and KMS host keys "
         "look alike offline and none of them belongs in a KMS client image";
}

// Long on purpose: the key checks compare the same three products (answer file, state, registry);
// one list of findings.
void add_installed_key_checks(const ValidationInput& input, CheckList& checks) {
  const InstalledProduct& installed = input.view.installed;
  const GvlkEntry* key_product = nullptr;
  if (installed.answer_file_key) key_product = find_gvlk_by_key(*installed.answer_file_key);
  const GvlkEntry* state_product =
      installed.state ? find_gvlk_by_product_id(installed.state->product_id) : nullptr;

  if (installed.answer_file_key && !key_product) {
    checks.push_back(
        make_check("key-installed-gvlk", kGroup, Severity::error, CheckStatus::fail,
                   not_gvlk_message("the answer file's key", *installed.answer_file_key),
                   installed.answer_file_key_location));
  } else if (installed.state && !state_product) {
    checks.push_back(make_check("key-installed-gvlk", kGroup, Severity::error, CheckStatus::fail,
                                "the licensing state names product \"" +
                                    installed.state->product_id +
                                    "\", which is not a published GVLK product",
                                std::string(kLicensingStatePath)));
  } else if (!installed.answer_file_key && !installed.state && input.view.registry &&
             input.view.registry->installed_key) {
    // A real installation with no kmsprep files: its own installed key decides.
    const InstallationRegistry& registry = *input.view.registry;
    const std::string message =
        registry.key_product ? "the installation's key " + registry.installed_key->masked() +
                                   " is the GVLK of " + describe(*registry.key_product)
                             : not_gvlk_message("the installation's key", *registry.installed_key);
    checks.push_back(make_check("key-installed-gvlk", kGroup, Severity::error,
                                registry.key_product ? CheckStatus::pass : CheckStatus::fail,
                                message,
                                registry.software_hive + ": " + registry.installed_key_source));
  } else if (!installed.answer_file_key && !installed.state) {
    checks.push_back(make_check("key-installed-gvlk", kGroup, Severity::error, CheckStatus::fail,
                                "no product key is installed (no licensing state, no specialize "
                                "ProductKey): run kmsprep install-key with the image's GVLK"));
  } else {
    const GvlkEntry* product = key_product ? key_product : state_product;
    std::string message = "the installed key is the GVLK of " + describe(*product);
    if (installed.answer_file_key)
      message = "the answer file's key " + installed.answer_file_key->masked() +
                " is the GVLK of " + describe(*product);
    checks.push_back(make_check(
        "key-installed-gvlk", kGroup, Severity::error, CheckStatus::pass, message,
        installed.answer_file_key ? std::optional<std::string>(installed.answer_file_key_location)
                                  : std::optional<std::string>(std::string(kLicensingStatePath))));
  }

  // One key serves several releases (NPPR9-... Windows 10 and 11 Enterprise): the state names
  // the release, the answer file only the key, so the two agree when the keys do.
  if (key_product && state_product && key_product->key != state_product->key) {
    checks.push_back(make_check("key-one-product", kGroup, Severity::error, CheckStatus::fail,
                                "the answer file's key " + installed.answer_file_key->masked() +
                                    " is for " + describe(*key_product) +
                                    " but the licensing state is for " + describe(*state_product) +
                                    ": install one key (kmsprep install-key) so both agree",
                                installed.answer_file_key_location));
  } else if (key_product && state_product) {
    checks.push_back(make_check("key-one-product", kGroup, Severity::error, CheckStatus::pass,
                                "the answer file's key and the licensing state name the same "
                                "product, " +
                                    describe(*key_product),
                                installed.answer_file_key_location));
  } else {
    checks.push_back(make_check("key-one-product", kGroup, Severity::error, CheckStatus::skip,
                                "only one of licensing state and answer-file key is present; "
                                "nothing to compare"));
  }
}

std::string served_builds(const GvlkEntry& product) {
  std::string list;
  for (const GvlkEntry* each : find_gvlks_by_key(*ProductKey::parse(product.key))) {
    list +=
        (list.empty() ? "" : ", ") + each->builds() + " (" + std::string(each->display_name) + ")";
  }
  return list;
}

// Why the image's build is not one the key serves, and what the image needs instead.
std::string build_problem(const std::optional<std::string>& edition, int build,
                          const GvlkEntry& product) {
  std::string problem =
      "build " + std::to_string(build) + " (the key serves builds " + served_builds(product) + ")";
  if (!edition) return problem;
  auto expected = find_gvlk_for_image(*edition, build);
  if (expected) {
    return problem + "; the image is " + std::string((*expected)->display_name) +
           ", whose GVLK ends in " + std::string((*expected)->key.substr(24));
  }
  return problem + "; no published GVLK of EditionID " + *edition + " serves build " +
         std::to_string(build);
}

// The product a key must match: the image's EditionID, version and build from WIM metadata.
// A key matches when one of the releases it serves is the image's EditionID at the image's
// build; without a build only EditionID and version can be compared, and the message says so.
void add_image_match_check(const ValidationInput& input, const GvlkEntry* product,
                           const std::string& id, const std::string& what,
                           const std::optional<std::string>& location, CheckList& checks) {
  const auto edition = input.session.edition_id();
  const auto family = input.session.family_from_metadata();
  const auto build = input.session.build();
  if (!product) {
    checks.push_back(make_check(id, kGroup, Severity::error, CheckStatus::skip,
                                what + " names no published product; nothing to match"));
    return;
  }
  if (!edition && !family) {
    checks.push_back(make_check(
        id, kGroup, Severity::error, CheckStatus::skip,
        "the image has no EditionID, version or build metadata to match " + what + " against"));
    return;
  }
  std::string problems;
  if (edition && !product->has_edition_id(*edition)) {
    problems +=
        "EditionID " + *edition + " (the key is for " + std::string(product->edition_id) + ")";
  }
  if (family && *family != product->family) {
    if (!problems.empty()) problems += " and ";
    problems += std::string("version ") + to_string(*family) + " (the key is for " +
                to_string(product->family) + ")";
  }
  const GvlkEntry* release = nullptr;
  if (build && problems.empty()) {
    release = find_gvlk_by_key_and_build(*ProductKey::parse(product->key), *build);
    if (!release) problems = build_problem(edition, *build, *product);
  }
  if (!problems.empty()) {
    checks.push_back(make_check(id, kGroup, Severity::error, CheckStatus::fail,
                                what + " (" + describe(*product) + ") does not match the image's " +
                                    problems +
                                    ": Setup refuses a key of another edition or release",
                                location));
    return;
  }
  std::string matched = edition ? "EditionID " + *edition : std::string("version");
  if (release) {
    matched += " at build " + std::to_string(*build) + ", " + describe(*release);
  } else {
    matched +=
        "; the image records no WINDOWS/VERSION/BUILD, so its release was not checked "
        "(the key serves builds " +
        served_builds(*product) + ")";
  }
  checks.push_back(make_check(id, kGroup, Severity::error, CheckStatus::pass,
                              what + " matches the image's " + matched, location));
}

void add_media_checks(const ValidationInput& input, CheckList& checks) {
  const auto& media = input.options.media;
  if (!media) {
    for (const char* id :
         {"key-media-pid-gvlk", "key-media-matches-image", "key-media-pid-ignored"}) {
      checks.push_back(make_check(
          id, kGroup, id == std::string("key-media-pid-ignored") ? Severity::info : Severity::error,
          CheckStatus::skip, "no --media given"));
    }
    return;
  }
  const std::string location = media->source + ":" + std::to_string(media->pid.line);
  const GvlkEntry* pid_product = find_gvlk_by_key(media->pid.key);
  if (!pid_product) {
    checks.push_back(make_check("key-media-pid-gvlk", kGroup, Severity::error, CheckStatus::fail,
                                not_gvlk_message("pid.txt's key", media->pid.key), location));
  } else {
    checks.push_back(make_check(
        "key-media-pid-gvlk", kGroup, Severity::error, CheckStatus::pass,
        "pid.txt's key " + media->pid.key.masked() + " is the GVLK of " + describe(*pid_product),
        location));
  }
  const GvlkEntry* installed = input.view.installed.product;
  if (pid_product && installed && pid_product->key != installed->key) {
    checks.push_back(
        make_check("key-media-matches-image", kGroup, Severity::error, CheckStatus::fail,
                   "pid.txt's key is for " + describe(*pid_product) + " but the image has " +
                       describe(*installed) + " installed: media and image must be of one product",
                   location));
  } else if (pid_product && installed && !input.session.edition_id() &&
             !input.session.family_from_metadata()) {
    checks.push_back(make_check(
        "key-media-matches-image", kGroup, Severity::error, CheckStatus::pass,
        "pid.txt's key and the installed key are of one product, " + describe(*installed),
        location));
  } else {
    add_image_match_check(input, pid_product, "key-media-matches-image", "pid.txt's key", location,
                          checks);
  }
  if (!media->answer_files.empty()) {
    std::string files;
    for (const auto& file : media->answer_files) files += (files.empty() ? "" : ", ") + file;
    checks.push_back(make_check(
        "key-media-pid-ignored", kGroup, Severity::info, CheckStatus::fail,
        "the media carries " + files + ", so Setup ignores pid.txt (and ei.cfg)", location));
  } else {
    checks.push_back(make_check("key-media-pid-ignored", kGroup, Severity::info, CheckStatus::pass,
                                "no Autounattend.xml on the media: Setup reads pid.txt", location));
  }
}

}  // namespace

Status add_key_checks(const ValidationInput& input, CheckList& checks) {
  add_installed_key_checks(input, checks);
  const InstalledProduct& installed = input.view.installed;
  const auto location = installed.answer_file_key
                            ? std::optional<std::string>(installed.answer_file_key_location)
                            : std::optional<std::string>(std::string(kLicensingStatePath));
  add_image_match_check(input, installed.product, "key-matches-image", "the installed key",
                        location, checks);
  add_media_checks(input, checks);
  return Status();
}

}  // namespace kmsprep
