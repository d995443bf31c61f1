// LicensingState: the emulated licensing state of one Windows installation, which kmsprep keeps
// in the image at kLicensingStatePath (format: docs/licensing-state.md), and the pure
// operations on it. install-key creates it, sysprep's generalize transforms it, validate and
// inspect read it. Randomness (the CMID) is injected; nothing here touches files.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "engine/engine_settings.hpp"
#include "engine/gvlk_catalog.hpp"
#include "engine/random_source.hpp"
#include "engine/sim_time.hpp"

namespace kmsprep {

// The numbers are the license status codes events report (kms-facts §2).
enum class LicenseStatus : unsigned char {
  unlicensed = 0,
  licensed = 1,
  oob_grace = 2,
  oot_grace = 3,
  non_genuine_grace = 4,
  notification = 5,
  extended_grace = 6,
};
constexpr int kLicenseStatusCount = 7;
const char* to_string(LicenseStatus status);  // "oob_grace"
std::optional<LicenseStatus> parse_license_status(std::string_view text);

enum class Generalization : unsigned char { never, generalized, generalized_skip_rearm };
const char* to_string(
    Generalization generalization);  // "never" | "generalized" | "generalized-skip-rearm"
std::optional<Generalization> parse_generalization(std::string_view text);

// Where the state lives inside an image (forward slashes; matched case-insensitively).
constexpr std::string_view kLicensingStatePath = "Windows/kmsprep/licensing-state.xml";
constexpr int kLicensingStateSchemaVersion = 1;

struct LicensingState {
  std::string product_id;  // catalog entry of the installed key
  LicenseStatus status = LicenseStatus::oob_grace;
  std::optional<UnixSeconds> grace_deadline;     // none: the full grace starts at first boot
  std::optional<UnixSeconds> validity_deadline;  // none: not activated
  std::optional<UnixSeconds> next_attempt;       // next renewal or retry; none before boot
  Generalization generalization = Generalization::never;
  std::optional<int> rearms_left;        // product_timers.hpp: 3 (Vista SP1 Ent. 5); none from 8 on
  std::optional<int> sysprep_runs_left;  // 1001 on 8 / 2012 and later; none before
  std::optional<std::string> cmid;       // braced GUID; none until first boot
  std::optional<std::string> kms_host;   // cached working host "name:port"
  int activation_interval_minutes = 120;
  int renewal_interval_minutes = 10080;

  bool operator==(const LicensingState& other) const;
  bool operator!=(const LicensingState& other) const { return !(*this == other); }
};

// A freshly installed key (install-key): out-of-box grace with the full period, the full rearm
// (or sysprep-run) allowance of the product's timers row at `build` (WINDOWS/VERSION/BUILD; none:
// the product's first release, product_timers.hpp), never generalized, a new CMID.
LicensingState fresh_licensing_state(const GvlkEntry& product, RandomSource& random,
                                     const EngineSettings& settings = {},
                                     std::optional<int> build = {});
// What an image without the state file is: a never-generalized installation of the product its
// installed key names. Its CMID is the installation's own, unknown to kmsprep (none); every
// clone shares it. `build` chooses the timers row as for fresh_licensing_state.
LicensingState implied_licensing_state(const GvlkEntry& product,
                                       const EngineSettings& settings = {},
                                       std::optional<int> build = {});

// sysprep /generalize on the state. skip_rearm comes from the answer file's SkipRearm.
// SkipRearm=0 consumes a rearm (vista/win7) or a sysprep run (win8+); with none left it fails
// with rearm_exhausted and the caller keeps the old state. Then: out-of-box grace with the full
// period, no CMID (a new one at first boot), no cached host, no activation data, intervals back
// to the defaults, generalization `generalized`. SkipRearm=1 only sets
// `generalized-skip-rearm`.
Result<LicensingState> generalize_licensing_state(const LicensingState& state, bool skip_rearm,
                                                  const EngineSettings& settings = {});

// Parses the XML form. Malformed XML, a DOCTYPE, unknown or missing elements, bad values:
// licensing_state_malformed with `source:line`. A schema version above
// kLicensingStateSchemaVersion: licensing_state_newer_version.
Result<LicensingState> parse_licensing_state(std::string_view xml, std::string source);
// Deterministic: the same state gives the same bytes (UTF-8, LF, two-space indent).
std::string serialize_licensing_state(const LicensingState& state);

}  // namespace kmsprep
