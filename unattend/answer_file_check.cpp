#include "unattend/answer_file_check.hpp"

#include <map>
#include <set>

#include "core/strings.hpp"
#include "core/image_path.hpp"
#include "core/product_key.hpp"
#include "unattend/activation_catalog.hpp"
#include "unattend/run_synchronous.hpp"

namespace kmsprep {
namespace {

std::string joined(const std::vector<std::string>& parts) {
  std::string text;
  for (const auto& part : parts) text += (text.empty() ? "" : " or ") + part;
  return text;
}

bool family_at_least(OsFamily family, OsFamily floor) {
  return static_cast<int>(family) >= static_cast<int>(floor);
}

void check_catalog_settings(const AnswerFile& file, const ComponentInfo& component,
                            std::vector<Finding>& findings) {
  for (const auto& entry : activation_catalog()) {
    if (!equals_ignoring_case(entry.component, component.name)) continue;
    const XmlElement* element = file.find(SettingAddress{component.pass, component.name, entry.path});
    if (!element) continue;
    const std::string value = trim_whitespace(element->text);
    bool valid_pass = false;
    for (const auto& pass : entry.passes) valid_pass = valid_pass || pass == component.pass;
    if (!valid_pass) {
      findings.push_back({Severity::error, "setting-wrong-pass",
                          entry.path + " of " + entry.component + " is in the " +
                              component.pass + " pass, where Setup does not read it",
                          element->line,
                          "move it into <settings pass=\"" + joined(entry.passes) + "\">"});
    }
    switch (entry.setting) {
      case ActivationSetting::product_key:
      case ActivationSetting::setup_product_key:
        if (value.empty()) {
          findings.push_back({Severity::error, "product-key-empty",
                              entry.path + " of " + entry.component + " is empty; Setup fails on "
                              "an empty product key",
                              element->line,
                              "remove the element or set a key (kmsprep install-key)"});
        } else if (auto key = ProductKey::parse(value); !key) {
          findings.push_back({Severity::error, "product-key-malformed",
                              entry.path + " of " + entry.component + " is not a product key (" +
                                  key.error().detail() + ")",
                              element->line,
                              "write the 25 characters as XXXXX-XXXXX-XXXXX-XXXXX-XXXXX "
                              "(kmsprep install-key does)"});
        }
        break;
      case ActivationSetting::skip_rearm:
        if (value != "0" && value != "1") {
          findings.push_back({Severity::error, "skip-rearm-invalid",
                              "SkipRearm is \"" + value + "\"; Setup accepts only 0 or 1",
                              element->line, "write 0 (rearm, the default) or 1 (keep the state)"});
        }
        break;
      case ActivationSetting::skip_auto_activation: {
        const std::string lower = to_lower_ascii(value);
        if (lower != "true" && lower != "false") {
          findings.push_back({Severity::error, "skip-auto-activation-invalid",
                              "SkipAutoActivation is \"" + value +
                                  "\"; Setup accepts only true or false",
                              element->line, "write true or false"});
        }
        break;
      }
      case ActivationSetting::setup_will_show_ui:
      case ActivationSetting::run_synchronous:
        break;
    }
  }
}

void check_family(const ComponentInfo& component, OsFamily family,
                  std::vector<Finding>& findings) {
  const int line = component.element->line;
  if (is_slc_component(component.name)) {
    const std::string replacement =
        equals_ignoring_case(component.name, kSlcUxComponent) ? kSppUxComponent : kSppComponent;
    if (family_at_least(family, OsFamily::win8)) {
      findings.push_back({Severity::error, "component-wrong-family",
                          component.name + " does not exist on " + to_string(family) +
                              " (it was removed in Windows 8)",
                          line, "use " + replacement + " instead"});
    } else if (family == OsFamily::win7) {
      findings.push_back({Severity::warning, "component-deprecated",
                          component.name + " is deprecated on win7", line,
                          "use " + replacement + " instead"});
    }
  } else if (is_spp_component(component.name) && family == OsFamily::vista) {
    const std::string replacement =
        equals_ignoring_case(component.name, kSppUxComponent) ? kSlcUxComponent : kSlcComponent;
    findings.push_back({Severity::error, "component-wrong-family",
                        component.name + " does not exist on vista (it came with Windows 7)",
                        line, "use " + replacement + " instead"});
  }
}

}  // namespace

const char* to_string(Severity severity) {
  switch (severity) {
    case Severity::error: return "error";
    case Severity::warning: return "warning";
    case Severity::info: return "info";
  }
  return "error";
}

bool CheckReport::has_errors() const {
  for (const auto& finding : findings) {
    if (finding.severity == Severity::error) return true;
  }
  return false;
}

std::optional<OsFamily> family_from_components(const AnswerFile& file) {
  return family_from_components(file, nullptr);
}

std::optional<OsFamily> family_from_components(const AnswerFile& file, std::string* evidence) {
  const auto say = [&](const char* text) {
    if (evidence) *evidence = text;
  };
  bool slc = false;
  bool spp = false;
  for (const auto& component : file.components()) {
    slc = slc || is_slc_component(component.name);
    spp = spp || is_spp_component(component.name);
  }
  for (const auto& entry : activation_catalog()) {
    if (entry.setting != ActivationSetting::product_key &&
        entry.setting != ActivationSetting::setup_product_key) {
      continue;
    }
    for (const auto& pass : answer_file_passes()) {
      const XmlElement* element = file.find(SettingAddress{pass, entry.component, entry.path});
      if (!element) continue;
      auto key = ProductKey::parse(element->text);
      if (key && key->has_n()) {
        say("components: a product key with an N, Windows 8 or later");
        return OsFamily::win8;
      }
    }
  }
  if (slc && !spp) {
    say("components: only SLC, Vista");
    return OsFamily::vista;
  }
  if (spp && !slc) {
    say("components: only SPP, Windows 7 or later");
    return OsFamily::win7;
  }
  return std::nullopt;
}

CheckReport check_answer_file(const AnswerFile& file, const CheckContext& context) {
  CheckReport report;
  std::vector<Finding>& findings = report.findings;
  const std::vector<ComponentInfo> components = file.components();

  if (context.family) {
    report.family = context.family;
    report.family_source = context.family_source.empty() ? "--os" : context.family_source;
  } else if (auto inferred = family_from_components(file, &report.family_source)) {
    report.family = inferred;
  }

  std::map<std::string, std::set<std::string>> identities_by_pass;
  std::string first_architecture;
  bool architecture_reported = false;
  for (const auto& component : components) {
    check_catalog_settings(file, component, findings);
    if (report.family) check_family(component, *report.family, findings);

    const std::string identity =
        to_lower_ascii(component.name) + "|" + to_lower_ascii(component.architecture) + "|" +
        to_lower_ascii(component.public_key_token) + "|" + to_lower_ascii(component.language) +
        "|" + to_lower_ascii(component.version_scope);
    if (!identities_by_pass[component.pass].insert(identity).second) {
      findings.push_back({Severity::error, "component-duplicate",
                          component.name + " (" + component.architecture +
                              ") appears twice in the " + component.pass + " pass",
                          component.element->line,
                          "merge the two components into one; Setup rejects the file"});
    }
    const std::string arch = to_lower_ascii(component.architecture);
    if (first_architecture.empty()) {
      first_architecture = arch;
    } else if (!arch.empty() && arch != first_architecture && !architecture_reported) {
      architecture_reported = true;
      findings.push_back({Severity::error, "architecture-mixed",
                          component.name + " is for " + component.architecture +
                              " while earlier components are for " + first_architecture,
                          component.element->line,
                          "give every component the image's processorArchitecture"});
    }
  }

  for (const std::string& pass : answer_file_passes()) {
    std::map<size_t, std::set<std::string>> orders_by_list;
    for (const auto& entry : run_synchronous_commands(file, pass)) {
      if (entry.order_text.empty()) continue;
      if (!orders_by_list[entry.list->offset].insert(entry.order_text).second) {
        findings.push_back({Severity::error, "run-synchronous-order-duplicate",
                            "two RunSynchronousCommand items in " + pass + " have Order " +
                                entry.order_text,
                            entry.element->line,
                            "give every RunSynchronousCommand its own Order"});
      }
    }
  }

  if (context.autounattend_on_media && file.find_settings("specialize") &&
      !file.find_settings("windowsPE")) {
    findings.push_back({Severity::warning, "specialize-without-windowspe",
                        "this Autounattend.xml on media has a specialize pass but no windowsPE "
                        "pass; Setup started from the media skips its specialize settings",
                        file.find_settings("specialize")->line,
                        "add a windowsPE pass, or put the specialize settings into the image "
                        "(Windows/Panther/unattend.xml)"});
  }

  if (!report.family) {
    report.family_checks_skipped = true;
    findings.push_back({Severity::info, "family-checks-skipped",
                        "the Windows version is unknown, so the component-family checks were "
                        "skipped",
                        0, "pass --os FAMILY (vista, win7, win8, win81, win10)"});
  }
  return report;
}

}  // namespace kmsprep
