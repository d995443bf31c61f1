#include "cli/json_views.hpp"

namespace kmsprep {

using nlohmann::json;

namespace {

template <typename T>
json optional_json(const std::optional<T>& value) {
  return value ? json(*value) : json(nullptr);
}

}  // namespace

json replaced_json(const std::vector<ReplacedValue>& replaced) {
  json list = json::array();
  for (const auto& value : replaced) {
    list.push_back({{"file", value.file},
                    {"setting", value.setting},
                    {"line", value.line},
                    {"before", value.before},
                    {"after", value.after},
                    {"message", value.message()}});
  }
  return list;
}

json answer_file_search_json(const AnswerFileSearch& search) {
  const auto& order = answer_file_search_order();
  json found = json::array();
  for (const auto& file : search.found) {
    found.push_back({{"path", file.path},
                     {"precedence", file.precedence + 1},
                     {"location", order[static_cast<size_t>(file.precedence)].where},
                     {"passes", file.passes_with_settings},
                     {"problem", file.problem.empty() ? json(nullptr) : json(file.problem)}});
  }
  json used = json::object();
  for (const auto& choice : search.used) used[choice.pass] = optional_json(choice.path);
  return {{"os_image", search.os_image},
          {"media", search.media},
          {"found", found},
          {"used", used},
          {"default_edit_target", search.media && !search.os_image
                                      ? std::string("Autounattend.xml")
                                      : default_answer_file_path().to_string()},
          {"not_checked", search.not_checked}};
}

std::optional<std::string> installed_partial_key(const LicensingView& view) {
  if (view.installed.answer_file_key) return view.installed.answer_file_key->partial();
  if (view.installed.product) return std::string(view.installed.product->key.substr(24));
  return std::nullopt;
}

json licensing_view_json(const LicensingView& view) {
  const GvlkEntry* product = view.installed.product;
  const std::optional<LicensingState>& state = view.state;
  json kms_host = nullptr;
  if (view.kms_host && !view.kms_host->clear) {
    kms_host = {{"name", view.kms_host->name},
                {"port", view.kms_host->port},
                {"source", view.kms_host->source}};
  }
  return {
      {"image", view.image},
      {"index", view.index},
      {"state_file", view.state_file_present},
      {"partial_key", optional_json(installed_partial_key(view))},
      {"product_id", product ? json(product->product_id) : json(nullptr)},
      {"product", product ? json(product->display_name) : json(nullptr)},
      {"family", product ? json(to_string(product->family)) : json(nullptr)},
      {"status", state ? json(to_string(state->status)) : json(nullptr)},
      {"grace_minutes_left", optional_json(view.grace_minutes_left)},
      {"rearms_left", state ? optional_json(state->rearms_left) : json(nullptr)},
      {"sysprep_runs_left", state ? optional_json(state->sysprep_runs_left) : json(nullptr)},
      {"cmid_present", state && state->cmid.has_value()},
      {"generalized", state && state->generalization != Generalization::never},
      {"generalization", state ? json(to_string(state->generalization)) : json(nullptr)},
      {"skip_rearm", view.skip_rearm},
      {"kms_host", kms_host},
      {"answer_files", answer_file_search_json(view.answer_files)},
      {"sysprep_evidence", view.sysprep_evidence}};
}

}  // namespace kmsprep
