// Check group 3, generalization: clones need their own CMIDs (a rearming sysprep), a rearm or
// sysprep run left for the next generalize, no SkipRearm=1 left behind, and, when the image
// holds a real SYSTEM hive, evidence that sysprep ran inside Windows.
#include "servicing/installation_hives.hpp"
#include "servicing/validate_checks.hpp"

namespace kmsprep {
namespace {

constexpr const char* kGroup = "generalization";
constexpr const char* kSystemHivePath = "Windows/System32/config/SYSTEM";

std::string cmid_text(const LicensingState& state) {
  return state.cmid ? "CMID " + *state.cmid
                    : std::string("the installation's own CMID (not known offline)");
}

void add_state_checks(const ValidationInput& input, CheckList& checks) {
  const auto& state = input.view.state;
  const std::optional<std::string> location =
      input.view.state_file_present ? std::optional<std::string>(std::string(kLicensingStatePath))
                                    : std::nullopt;
  if (!state) {
    checks.push_back(make_check("generalization-state", kGroup, Severity::error, CheckStatus::skip,
                                "no licensing state: the image names no published product"));
    checks.push_back(make_check("generalization-rearms-left", kGroup, Severity::warning,
                                CheckStatus::skip, "no licensing state"));
    return;
  }
  switch (state->generalization) {
    case Generalization::generalized:
      checks.push_back(
          make_check("generalization-state", kGroup, Severity::error, CheckStatus::pass,
                     "generalized with a rearm: each clone gets its own CMID", location));
      break;
    case Generalization::never:
      checks.push_back(
          make_check("generalization-state", kGroup, Severity::error, CheckStatus::fail,
                     std::string("never generalized") +
                         (input.view.state_file_present ? "" : " (no licensing state file)") +
                         ": every clone keeps " + cmid_text(*state) +
                         ", so the KMS host counts them as one machine; run sysprep /generalize "
                         "(kmsprep generalize) with SkipRearm=0 before capture",
                     location));
      break;
    case Generalization::generalized_skip_rearm:
      checks.push_back(make_check(
          "generalization-state", kGroup, Severity::error, CheckStatus::fail,
          "generalized with SkipRearm=1: every clone keeps " + cmid_text(*state) +
              ", so the KMS host counts them as one machine; generalize again with SkipRearm=0",
          location));
      break;
  }
  const bool rearms_exhausted = state->rearms_left && *state->rearms_left <= 0;
  const bool runs_exhausted = state->sysprep_runs_left && *state->sysprep_runs_left <= 0;
  if (rearms_exhausted || runs_exhausted) {
    checks.push_back(make_check(
        "generalization-rearms-left", kGroup, Severity::warning, CheckStatus::fail,
        std::string("no ") + (rearms_exhausted ? "rearm" : "sysprep run") +
            " left: clones activate, but this image cannot be generalized again; rebuild the "
            "reference image from media for the next update",
        location));
  } else {
    std::string left = "unlimited rearms";
    if (state->rearms_left) left = std::to_string(*state->rearms_left) + " rearm(s) left";
    if (state->sysprep_runs_left)
      left = std::to_string(*state->sysprep_runs_left) + " sysprep run(s) left";
    checks.push_back(make_check("generalization-rearms-left", kGroup, Severity::warning,
                                CheckStatus::pass, left, location));
  }
}

void add_skip_rearm_check(const ValidationInput& input, CheckList& checks) {
  const LicensingView& view = input.view;
  const auto location = view.skip_rearm_source.empty()
                            ? std::nullopt
                            : std::optional<std::string>(view.skip_rearm_source);
  if (view.skip_rearm) {
    checks.push_back(make_check(
        "generalization-skip-rearm-set", kGroup, Severity::warning, CheckStatus::fail,
        "SkipRearm=1 is still set for generalize: a later sysprep of a deployed machine keeps "
        "its CMID; set it back to 0 (kmsprep configure --skip-rearm 0)",
        location));
  } else {
    checks.push_back(make_check("generalization-skip-rearm-set", kGroup, Severity::warning,
                                CheckStatus::pass,
                                location ? "SkipRearm=0 for the next generalize"
                                         : "SkipRearm is not set (0: sysprep rearms)",
                                location));
  }
}

Status add_hive_check(const ValidationInput& input, CheckList& checks) {
  auto system = read_hive(input.session.image(), HiveName::system);
  if (!system) return std::move(system).error();
  bool hive = false;
  if (*system) {
    auto signature = has_regf_signature((*system)->file);
    if (!signature) return std::move(signature).error();
    hive = *signature;
  }
  const std::string path = *system ? (*system)->path : std::string(kSystemHivePath);
  if (!hive) {
    checks.push_back(make_check("generalization-sysprep-evidence", kGroup, Severity::warning,
                                CheckStatus::skip,
                                "no registry hive at " + std::string(kSystemHivePath) +
                                    ": the image is not a captured Windows installation"));
  } else if (input.view.sysprep_evidence.empty() && input.view.setup_state.state &&
             *input.view.setup_state.state == ImageStateClass::generalized) {
    checks.push_back(
        make_check("generalization-sysprep-evidence", kGroup, Severity::warning, CheckStatus::pass,
                   "sysprep ran inside Windows: Setup records " + input.view.setup_state.value +
                       " (" + input.view.setup_state.location + ")",
                   path));
  } else if (input.view.sysprep_evidence.empty()) {
    checks.push_back(make_check(
        "generalization-sysprep-evidence", kGroup, Severity::warning, CheckStatus::fail,
        "the image holds a real SYSTEM hive but nothing shows sysprep ran inside Windows "
        "(no Sysprep_succeeded.tag, no generalize in setupact.log): the real CMID was never "
        "reset, only kmsprep's emulated state; run sysprep /generalize in the reference PC",
        path));
  } else {
    checks.push_back(
        make_check("generalization-sysprep-evidence", kGroup, Severity::warning, CheckStatus::pass,
                   "sysprep ran inside Windows: " + input.view.sysprep_evidence.front(), path));
  }
  return Status();
}

}  // namespace

Status add_generalization_checks(const ValidationInput& input, CheckList& checks) {
  add_state_checks(input, checks);
  add_skip_rearm_check(input, checks);
  return add_hive_check(input, checks);
}

}  // namespace kmsprep
