// The text and JSON forms of a real installation's facts in the inspect view (registry hives,
// State.ini), each fact with its source ("registry", "State.ini") and where it was read. Used
// by cli/json_views (inspect, generalize documents) and cli/inspect_command (text).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "servicing/inspect.hpp"

namespace kmsprep {

// {"installation": {...}|null, "kms_client_settings": {...}|null, "setup_state": {...},
//  "state_source": {"product", "generalization"}}, merged into the inspect document.
nlohmann::json installation_view_json(const LicensingView& view);

// The "Installation" lines of `kmsprep inspect`, "" when the image has no registry or State.ini.
std::string installation_view_text(const LicensingView& view);

}  // namespace kmsprep
