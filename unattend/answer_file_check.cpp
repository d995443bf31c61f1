#include "unattend/answer_file_check.hpp"

#include <map>
#include <set>

#include "core/product_key.hpp"
#include "core/text.hpp"
#include "unattend/activation_catalog.hpp"
#include "unattend/processor_architecture.hpp"
#include "unattend/run_synchronous.hpp"
#include "unattend/setup_product_key.hpp"

namespace kmsprep {
namespace {

Finding make_finding(ErrorCode code, Severity severity, std::string id, std::string message,
                     int line, std::string fix) {
  // Messages quote names and values from the file, and a broken file can run a product key
  // into an attribute (fuzzer finding, tests/fuzz/corpus/answer_file_reader/regression-*).
  return Finding{severity, std::move(id),          mask_product_keys(message),
                 line,     mask_product_keys(fix), code};
}

std::string joined(const std::vector<std::string>& parts) {
  std::string text;
  for (const auto& part : parts) text += (text.empty() ? "" : " or ") + part;
  return text;
}

bool family_at_least(OsFamily family, OsFamily floor) {
  return static_cast<int>(family) >= static_cast<int>(floor);
}

void check_key_text(const std::string& what, const std::string& value, int line,
                    std::vector<Finding>& findings) {
  if (value.empty()) {
    findings.push_back(make_finding(ErrorCode::answer_file_product_key_empty, Severity::error,
                                    "product-key-empty",
                                    what + " is empty; Setup fails on an empty product key", line,
                                    "remove the element or set a key (kmsprep install-key)"));
  } else if (auto key = ProductKey::parse(value); !key) {
    findings.push_back(make_finding(
        ErrorCode::answer_file_product_key_malformed, Severity::error, "product-key-malformed",
        what + " is not a product key (" + key.error().detail() + ")", line,
        "write the 25 characters as XXXXX-XXXXX-XXXXX-XXXXX-XXXXX "
        "(kmsprep install-key does)"));
  }
}

// The text-only <ProductKey>KEY</ProductKey> of Microsoft-Windows-Setup, which the catalog's
// UserData/ProductKey/Key path does not reach.
void check_text_only_setup_keys(const AnswerFile& file, std::vector<Finding>& findings) {
  for (const std::string& pass : answer_file_passes()) {
    auto key = find_setup_product_key(file, pass);
    if (!key || !key->text_only) continue;
    const std::string what = std::string(kSetupProductKeyPath) + " of " + kSetupComponent;
    if (pass != "windowsPE") {
      findings.push_back(make_finding(
          ErrorCode::answer_file_setting_wrong_pass, Severity::error, "setting-wrong-pass",
          what + " is in the " + pass + " pass, where Setup does not read it", key->element->line,
          "move it into <settings pass=\"windowsPE\">"));
    }
    check_key_text(what, key->value, key->element->line, findings);
  }
}

// SkipRearm=1 keeps the licensing state (and the CMID) through sysprep /generalize: validate
// warns about it too, with the same id.
void check_skip_rearm_set(const AnswerFile& file, std::vector<Finding>& findings) {
  for (const auto& entry : activation_catalog()) {
    if (entry.setting != ActivationSetting::skip_rearm) continue;
    for (const std::string& pass : answer_file_passes()) {
      const XmlElement* element = file.find(SettingAddress{pass, entry.component, entry.path});
      if (!element || trim_whitespace(element->text) != "1") continue;
      findings.push_back(make_finding(
          ErrorCode::answer_file_skip_rearm_set, Severity::warning, "generalization-skip-rearm-set",
          "SkipRearm=1 (" + entry.component +
              "): sysprep /generalize keeps the licensing state "
              "and the CMID, so every clone counts as one machine on the KMS host",
          element->line,
          "set it back to 0 before the capture that clones are made from "
          "(kmsprep configure --skip-rearm 0)"));
    }
  }
}

// The architecture the components are measured against: the image's, else the one most of
// the file's own components carry (wow64 and msil accompany it and never decide).
std::optional<std::string> reference_architecture(const std::vector<ComponentInfo>& components,
                                                  const CheckContext& context) {
  if (context.architecture) return to_lower_ascii(*context.architecture);
  std::map<std::string, int> counts;
  std::vector<std::string> order;
  for (const auto& component : components) {
    const std::string arch = to_lower_ascii(trim_whitespace(component.architecture));
    if (arch.empty() || is_companion_architecture(arch)) continue;
    if (counts[arch]++ == 0) order.push_back(arch);
  }
  std::optional<std::string> best;
  for (const auto& arch : order) {
    if (!best || counts[arch] > counts[*best]) best = arch;
  }
  if (!best && !components.empty()) {
    for (const auto& component : components) {
      if (equals_ignoring_case(trim_whitespace(component.architecture), "wow64")) return "amd64";
    }
  }
  return best;
}

void check_catalog_settings(const AnswerFile& file, const ComponentInfo& component,
                            std::vector<Finding>& findings) {
  for (const auto& entry : activation_catalog()) {
    if (!equals_ignoring_case(entry.component, component.name)) continue;
    const XmlElement* element =
        file.find(SettingAddress{component.pass, component.name, entry.path});
    if (!element) continue;
    const std::string value = trim_whitespace(element->text);
    bool valid_pass = false;
    for (const auto& pass : entry.passes) valid_pass = valid_pass || pass == component.pass;
    if (!valid_pass) {
      findings.push_back(make_finding(
          ErrorCode::answer_file_setting_wrong_pass, Severity::error, "setting-wrong-pass",
          entry.path + " of " + entry.component + " is in the " + component.pass +
              " pass, where Setup does not read it",
          element->line, "move it into <settings pass=\"" + joined(entry.passes) + "\">"));
    }
    switch (entry.setting) {
      case ActivationSetting::product_key:
      case ActivationSetting::setup_product_key:
        check_key_text(entry.path + " of " + entry.component, value, element->line, findings);
        break;
      case ActivationSetting::skip_rearm:
        if (value != "0" && value != "1") {
          findings.push_back(make_finding(
              ErrorCode::answer_file_skip_rearm_invalid, Severity::error, "skip-rearm-invalid",
              "SkipRearm is \"" + value + "\"; Setup accepts only 0 or 1", element->line,
              "write 0 (rearm, the default) or 1 (keep the state)"));
        }
        break;
      case ActivationSetting::skip_auto_activation: {
        const std::string lower = to_lower_ascii(value);
        if (lower != "true" && lower != "false") {
          findings.push_back(make_finding(
              ErrorCode::answer_file_skip_auto_activation_invalid, Severity::error,
              "skip-auto-activation-invalid",
              "SkipAutoActivation is \"" + value + "\"; Setup accepts only true or false",
              element->line, "write true or false"));
        }
        break;
      }
      case ActivationSetting::setup_will_show_ui:
      case ActivationSetting::run_synchronous:
        break;
    }
  }
}

void check_family(const ComponentInfo& component, OsFamily family, std::vector<Finding>& findings) {
  const int line = component.element->line;
  if (is_slc_component(component.name)) {
    const std::string replacement =
        equals_ignoring_case(component.name, kSlcUxComponent) ? kSppUxComponent : kSppComponent;
    if (family_at_least(family, OsFamily::win8)) {
      findings.push_back(make_finding(ErrorCode::answer_file_component_wrong_family,
                                      Severity::error, "component-wrong-family",
                                      component.name + " does not exist on " + to_string(family) +
                                          " (it was removed in Windows 8)",
                                      line, "use " + replacement + " instead"));
    } else if (family == OsFamily::win7) {
      findings.push_back(make_finding(
          ErrorCode::answer_file_component_deprecated, Severity::warning, "component-deprecated",
          component.name + " is deprecated on win7", line, "use " + replacement + " instead"));
    }
  } else if (is_spp_component(component.name) && family == OsFamily::vista) {
    const std::string replacement =
        equals_ignoring_case(component.name, kSppUxComponent) ? kSlcUxComponent : kSlcComponent;
    findings.push_back(make_finding(
        ErrorCode::answer_file_component_wrong_family, Severity::error, "component-wrong-family",
        component.name + " does not exist on vista (it came with Windows 7)", line,
        "use " + replacement + " instead"));
  }
}

}  // namespace

std::string finding_text(const Finding& finding, const std::string& file) {
  std::string location = file;
  if (finding.line > 0) location += ":" + std::to_string(finding.line);
  return Error(finding.code, finding.message, location, "fix: " + finding.fix).to_string();
}

const char* to_string(Severity severity) {
  switch (severity) {
    case Severity::error:
      return "error";
    case Severity::warning:
      return "warning";
    case Severity::info:
      return "info";
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
  for (const auto& pass : answer_file_passes()) {
    auto text_only = find_setup_product_key(file, pass);
    if (!text_only || !text_only->text_only) continue;
    auto key = ProductKey::parse(text_only->value);
    if (key && key->has_n()) {
      say("components: a product key with an N, Windows 8 or later");
      return OsFamily::win8;
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

// Long on purpose: one pass over the components whose duplicate and architecture checks share its
// sets; every other check is one call.
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
  const std::optional<std::string> reference = reference_architecture(components, context);
  std::set<std::string> foreign_reported;
  for (const auto& component : components) {
    check_catalog_settings(file, component, findings);
    if (report.family) check_family(component, *report.family, findings);

    const std::string identity =
        to_lower_ascii(component.name) + "|" + to_lower_ascii(component.architecture) + "|" +
        to_lower_ascii(component.public_key_token) + "|" + to_lower_ascii(component.language) +
        "|" + to_lower_ascii(component.version_scope);
    if (!identities_by_pass[component.pass].insert(identity).second) {
      findings.push_back(make_finding(
          ErrorCode::answer_file_component_duplicate, Severity::error, "component-duplicate",
          component.name + " (" + component.architecture + ") appears twice in the " +
              component.pass + " pass",
          component.element->line, "merge the two components into one; Setup rejects the file"));
    }
    const std::string arch = trim_whitespace(component.architecture);
    if (reference && !arch.empty() && !architecture_belongs(arch, *reference) &&
        !foreign_reported.count(to_lower_ascii(arch))) {
      foreign_reported.insert(to_lower_ascii(arch));
      const std::string whose = context.architecture ? "the image is " : "the file is for ";
      const bool wow64 = equals_ignoring_case(arch, "wow64");
      findings.push_back(make_finding(
          ErrorCode::answer_file_architecture_foreign, Severity::warning, "architecture-mixed",
          component.name + " is for " + arch + " while " + whose + *reference +
              (wow64 ? " (wow64 exists only on 64-bit Windows)" : "") +
              ": Setup ignores components of another processorArchitecture",
          component.element->line,
          "give it processorArchitecture=\"" + *reference +
              "\", or remove it (wow64 and msil components beside amd64 or arm64 ones are fine)"));
    }
  }

  for (const std::string& pass : answer_file_passes()) {
    std::map<size_t, std::set<std::string>> orders_by_list;
    for (const auto& entry : run_synchronous_commands(file, pass)) {
      if (entry.order_text.empty()) continue;
      if (!orders_by_list[entry.list->offset].insert(entry.order_text).second) {
        findings.push_back(make_finding(
            ErrorCode::answer_file_run_synchronous_order_duplicate, Severity::error,
            "run-synchronous-order-duplicate",
            "two RunSynchronousCommand items in " + pass + " have Order " + entry.order_text,
            entry.element->line, "give every RunSynchronousCommand its own Order"));
      }
    }
  }

  check_text_only_setup_keys(file, findings);
  check_skip_rearm_set(file, findings);

  if (context.autounattend_on_media && file.find_settings("specialize") &&
      !file.find_settings("windowsPE")) {
    findings.push_back(
        make_finding(ErrorCode::answer_file_specialize_without_windowspe, Severity::warning,
                     "specialize-without-windowspe",
                     "this Autounattend.xml on media has a specialize pass but no windowsPE "
                     "pass; Setup started from the media skips its specialize settings",
                     file.find_settings("specialize")->line,
                     "add a windowsPE pass, or put the specialize settings into the image "
                     "(Windows/Panther/unattend.xml)"));
  }

  if (!report.family) {
    report.family_checks_skipped = true;
    findings.push_back(
        make_finding(ErrorCode::answer_file_family_unknown, Severity::info, "family-checks-skipped",
                     "the Windows version is unknown, so the component-family checks were "
                     "skipped",
                     0, "pass --os FAMILY (vista, win7, win8, win81, win10)"));
  }
  return report;
}

}  // namespace kmsprep
