#include "unattend/activation_view.hpp"

#include "core/product_key.hpp"
#include "core/text.hpp"
#include "unattend/activation_catalog.hpp"
#include "unattend/activation_commands.hpp"
#include "unattend/run_synchronous.hpp"
#include "unattend/setup_product_key.hpp"

namespace kmsprep {
namespace {

// The first occurrence of a catalog setting in any pass (a misplaced one still shows, and
// check() reports the pass).
std::optional<LocatedValue> first_value(const AnswerFile& file, ActivationSetting setting,
                                        bool is_key) {
  for (const auto& entry : activation_catalog()) {
    if (entry.setting != setting) continue;
    for (const std::string& pass : answer_file_passes()) {
      const XmlElement* element = file.find(SettingAddress{pass, entry.component, entry.path});
      if (!element) continue;
      const std::string value = trim_whitespace(element->text);
      return LocatedValue{is_key ? masked_key_text(value) : value, pass, entry.component,
                          element->line};
    }
  }
  return std::nullopt;
}

}  // namespace

std::string masked_key_text(const std::string& raw_text) {
  if (trim_whitespace(raw_text).empty()) return "(empty)";
  auto key = ProductKey::parse(raw_text);
  return key ? key->masked() : "(malformed)";
}

ActivationView activation_view(const AnswerFile& file) {
  ActivationView view;
  view.product_key = first_value(file, ActivationSetting::product_key, true);
  view.setup_product_key = first_value(file, ActivationSetting::setup_product_key, true);
  if (!view.setup_product_key) {  // the text-only <ProductKey>KEY</ProductKey> layout
    for (const std::string& pass : answer_file_passes()) {
      if (auto key = find_setup_product_key(file, pass)) {
        view.setup_product_key =
            LocatedValue{masked_key_text(key->value), pass, kSetupComponent, key->element->line};
        break;
      }
    }
  }
  view.will_show_ui = first_value(file, ActivationSetting::setup_will_show_ui, false);
  view.skip_rearm = first_value(file, ActivationSetting::skip_rearm, false);
  view.skip_auto_activation = first_value(file, ActivationSetting::skip_auto_activation, false);
  for (const std::string& pass : answer_file_passes()) {
    for (const auto& entry : run_synchronous_commands(file, pass)) {
      if (auto slmgr = parse_slmgr_kms_command(entry.path)) {
        view.kms_host_commands.push_back(KmsHostCommandView{
            slmgr->clear, slmgr->host_and_port, entry.description == kKmsHostCommandDescription,
            pass, entry.element->line});
      } else if (is_user_operations_command(entry.path) && !view.standard_user_activation) {
        view.standard_user_activation =
            LocatedValue{entry.path, pass, kDeploymentComponent, entry.element->line};
      }
    }
  }
  return view;
}

}  // namespace kmsprep
