#include "engine/licensing_state.hpp"

#include "engine/product_timers.hpp"

namespace kmsprep {
namespace {

constexpr const char* kStatusNames[kLicenseStatusCount] = {
    "unlicensed",        "licensed",     "oob_grace",     "oot_grace",
    "non_genuine_grace", "notification", "extended_grace"};

// The allowance comes from the product's timers row (product_timers.hpp): rearms on Vista,
// 7, 2008 and 2008 R2, sysprep runs (1001) on 8 / 2012 and later; the row of the image's build
// where it is known (Vista SP1 Enterprise allows 5 rearms where RTM allows 3).
LicensingState out_of_box(const GvlkEntry& product, const EngineSettings& settings,
                          std::optional<int> build) {
  LicensingState state;
  state.product_id = std::string(product.product_id);
  state.status = LicenseStatus::oob_grace;
  // A build outside the product's releases (a Windows 7 key in a Vista installation) names no
  // release of it: the product's first release decides, as without a build.
  if (build && !product.serves_build(*build)) build.reset();
  const ProductTimers& timers = product_timers(product, build);
  if (timers.rearm_limit != kUnlimited) {
    state.rearms_left = timers.rearm_limit;
  } else if (timers.sysprep_limit != kUnlimited) {
    state.sysprep_runs_left = timers.sysprep_limit;
  }
  state.activation_interval_minutes = settings.activation_interval_minutes;
  state.renewal_interval_minutes = settings.renewal_interval_minutes;
  return state;
}

}  // namespace

const char* to_string(LicenseStatus status) { return kStatusNames[static_cast<int>(status)]; }

std::optional<LicenseStatus> parse_license_status(std::string_view text) {
  for (int i = 0; i < kLicenseStatusCount; ++i) {
    if (text == kStatusNames[i]) return static_cast<LicenseStatus>(i);
  }
  return std::nullopt;
}

const char* to_string(Generalization generalization) {
  switch (generalization) {
    case Generalization::never:
      return "never";
    case Generalization::generalized:
      return "generalized";
    case Generalization::generalized_skip_rearm:
      return "generalized-skip-rearm";
  }
  return "never";
}

std::optional<Generalization> parse_generalization(std::string_view text) {
  for (auto value : {Generalization::never, Generalization::generalized,
                     Generalization::generalized_skip_rearm}) {
    if (text == to_string(value)) return value;
  }
  return std::nullopt;
}

bool LicensingState::operator==(const LicensingState& other) const {
  return product_id == other.product_id && status == other.status &&
         grace_deadline == other.grace_deadline && validity_deadline == other.validity_deadline &&
         next_attempt == other.next_attempt && generalization == other.generalization &&
         rearms_left == other.rearms_left && sysprep_runs_left == other.sysprep_runs_left &&
         cmid == other.cmid && kms_host == other.kms_host &&
         activation_interval_minutes == other.activation_interval_minutes &&
         renewal_interval_minutes == other.renewal_interval_minutes;
}

LicensingState fresh_licensing_state(const GvlkEntry& product, RandomSource& random,
                                     const EngineSettings& settings, std::optional<int> build) {
  LicensingState state = out_of_box(product, settings, build);
  state.cmid = new_cmid(random);
  return state;
}

LicensingState implied_licensing_state(const GvlkEntry& product, const EngineSettings& settings,
                                       std::optional<int> build) {
  return out_of_box(product, settings, build);
}

Result<LicensingState> generalize_licensing_state(const LicensingState& state, bool skip_rearm,
                                                  const EngineSettings& settings) {
  LicensingState next = state;
  if (skip_rearm) {
    next.generalization = Generalization::generalized_skip_rearm;
    return next;
  }
  // Which allowance applies follows from which counter the state carries, so a state whose
  // product is not in the catalog still generalizes by its own rules.
  if (next.rearms_left) {
    if (*next.rearms_left <= 0) {
      return Error(ErrorCode::rearm_exhausted,
                   "the licensing state of " + state.product_id +
                       " has no rearm left (Windows "
                       "Vista, 7, Server 2008 and 2008 R2 allow 3; Vista SP1 Enterprise 5)",
                   std::string(kLicensingStatePath),
                   "rebuild the reference computer from media, or generalize with SkipRearm=1 "
                   "while iterating and SkipRearm=0 only once, before the final capture");
    }
    *next.rearms_left -= 1;
  } else if (next.sysprep_runs_left) {
    if (*next.sysprep_runs_left <= 0) {
      return Error(ErrorCode::rearm_exhausted,
                   "the licensing state of " + state.product_id +
                       " has no sysprep run left "
                       "(Windows 8.1 / Server 2012 and later allow 1001 on one image)",
                   std::string(kLicensingStatePath),
                   "rebuild the reference computer from media, or generalize with SkipRearm=1 "
                   "while iterating");
    }
    *next.sysprep_runs_left -= 1;
  }
  next.status = LicenseStatus::oob_grace;
  next.grace_deadline.reset();
  next.validity_deadline.reset();
  next.next_attempt.reset();
  next.cmid.reset();
  next.kms_host.reset();
  next.activation_interval_minutes = settings.activation_interval_minutes;
  next.renewal_interval_minutes = settings.renewal_interval_minutes;
  next.generalization = Generalization::generalized;
  return next;
}

}  // namespace kmsprep
