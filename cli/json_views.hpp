// JSON forms of the servicing views that several subcommands print (inspect, generalize,
// unattend locate), so each field is named in one place. The field names are contracts.
#pragma once

#include <nlohmann/json.hpp>

#include "servicing/answer_file_locator.hpp"
#include "servicing/configure.hpp"
#include "servicing/inspect.hpp"

namespace kmsprep {

// {"os_image", "media", "found": [{"path", "precedence", "location", "passes", "problem"}],
//  "used": {pass: path|null}, "default_edit_target", "not_checked"}
nlohmann::json answer_file_search_json(const AnswerFileSearch& search);
// install-key / configure "replaced": [{"file", "setting", "line", "before", "after",
// "message"}], keys masked.
nlohmann::json replaced_json(const std::vector<ReplacedValue>& replaced);

// The inspect document: partial_key, product_id, product, family, status, grace_minutes_left,
// rearms_left, sysprep_runs_left, cmid_present, generalized, generalization, skip_rearm,
// kms_host, answer_files, sysprep_evidence (plus image, index, state_file).
nlohmann::json licensing_view_json(const LicensingView& view);

// The partial key of the view's installed key: the answer file's, else the product's GVLK.
std::optional<std::string> installed_partial_key(const LicensingView& view);

}  // namespace kmsprep
