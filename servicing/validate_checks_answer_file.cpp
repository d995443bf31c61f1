// Check group 2, answer file: every finding of `unattend check` on each file Setup would use
// for a pass, files that cannot be parsed, and kmsprep edits that another file shadows.
#include <set>

#include "core/text.hpp"
#include "servicing/validate_checks.hpp"
#include "unattend/answer_file_check.hpp"
#include "unattend/run_synchronous.hpp"

namespace kmsprep {
namespace {

constexpr const char* kGroup = "answer-file";

std::optional<std::string> used_file_for(const AnswerFileSearch& search, const std::string& pass) {
  for (const auto& choice : search.used) {
    if (choice.pass == pass) return choice.path;
  }
  return std::nullopt;
}

bool same_path(const std::optional<std::string>& a, const std::string& b) {
  return a && equals_ignoring_case(*a, b);
}

void add_findings(const AnswerFile& file, const ValidationInput& input, CheckList& checks,
                  int& findings_seen) {
  CheckContext context;
  if (auto family = input.session.family_from_metadata()) {
    context.family = family;
    context.family_source = "image";
  } else if (const GvlkEntry* product = input.view.installed.product) {
    // A directory or archive image has no version metadata; the installed GVLK names the family.
    context.family = product->family;
    context.family_source = "installed key";
  }
  context.architecture = input.session.architecture();
  const CheckReport report = check_answer_file(file, context);
  for (const auto& finding : report.findings) {
    // The generalization group reports SkipRearm=1 for the file Setup uses, under this id.
    if (finding.id == "generalization-skip-rearm-set") continue;
    ++findings_seen;
    std::optional<std::string> location = file.source();
    if (finding.line > 0) *location += ":" + std::to_string(finding.line);
    std::string message = mask_product_keys(finding.message);
    if (!finding.fix.empty()) message += " (fix: " + mask_product_keys(finding.fix) + ")";
    checks.push_back(make_check("answer-file-" + finding.id, kGroup, finding.severity,
                                CheckStatus::fail, message, location));
  }
}

// A file kmsprep wrote to (the default answer file, or any file holding kmsprep's own
// RunSynchronous commands) whose pass Setup takes from another file: the edit never applies.
void add_shadow_checks(Image& image, const AnswerFileSearch& search, CheckList& checks) {
  int shadowed = 0;
  int edited_files = 0;
  const std::string default_path = default_answer_file_path().to_string();
  for (const auto& found : search.found) {
    if (!found.problem.empty()) continue;
    auto file = read_answer_file_for_validation(image, found.path);
    if (!file || !*file) continue;
    const bool is_default = equals_ignoring_case(found.path, default_path);
    bool edited = false;
    for (const auto& pass : found.passes_with_settings) {
      bool kmsprep_edit = is_default;
      int line = 0;
      for (const auto& command : run_synchronous_commands(**file, pass)) {
        if (command.description.rfind("kmsprep:", 0) == 0) {
          kmsprep_edit = true;
          line = command.element ? command.element->line : 0;
        }
      }
      if (!kmsprep_edit) continue;
      edited = true;
      const auto used = used_file_for(search, pass);
      if (!used || same_path(used, found.path)) continue;
      ++shadowed;
      checks.push_back(
          make_check("answer-file-shadowed", kGroup, Severity::error, CheckStatus::fail,
                     "the " + pass + " settings kmsprep wrote into " + found.path +
                         " never apply: Setup "
                         "uses " +
                         *used + " for " + pass +
                         " (it comes first in the search order); "
                         "configure that file with --unattend-path " +
                         *used + " or remove it",
                     found.path + (line > 0 ? ":" + std::to_string(line) : std::string())));
    }
    if (edited) ++edited_files;
  }
  if (shadowed == 0) {
    checks.push_back(make_check("answer-file-shadowed", kGroup, Severity::error,
                                edited_files ? CheckStatus::pass : CheckStatus::skip,
                                edited_files ? "Setup uses the answer files kmsprep edited"
                                             : "no answer file kmsprep edited"));
  }
}

}  // namespace

Status add_answer_file_checks(const ValidationInput& input, CheckList& checks) {
  Image& image = input.session.image();
  const AnswerFileSearch& search = input.view.answer_files;
  for (const auto& found : search.found) {
    if (found.problem.empty()) continue;
    checks.push_back(make_check("answer-file-readable", kGroup, Severity::error, CheckStatus::fail,
                                found.path + " cannot be parsed, so Setup stops: " + found.problem,
                                found.path));
  }
  std::set<std::string> used_paths;
  for (const auto& choice : search.used) {
    if (choice.path) used_paths.insert(*choice.path);
  }
  int findings_seen = 0;
  std::string checked;
  for (const auto& path : used_paths) {
    auto file = read_answer_file_for_validation(image, path);
    if (!file) return std::move(file).error();
    if (!*file) continue;
    checked += (checked.empty() ? "" : ", ") + path;
    add_findings(**file, input, checks, findings_seen);
  }
  if (findings_seen == 0) {
    checks.push_back(make_check("answer-file-check", kGroup, Severity::error,
                                checked.empty() ? CheckStatus::skip : CheckStatus::pass,
                                checked.empty()
                                    ? "no answer file in the image has settings Setup would use"
                                    : "no findings in the answer files Setup uses: " + checked));
  }
  add_shadow_checks(image, search, checks);
  return Status();
}

}  // namespace kmsprep
