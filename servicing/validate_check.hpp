// ValidationCheck and ValidationReport: what `validate` found in one image index (checks with a
// stable id, severity, status, message and location, and the engine's prediction), the data
// every report writer reads. Callers: servicing/ (validate), cli/ (validate), plugin/.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/hresult.hpp"
#include "unattend/answer_file_check.hpp"

namespace kmsprep {

enum class CheckStatus { pass, fail, skip };
const char* to_string(CheckStatus status);  // "pass" | "fail" | "skip"

struct ValidationCheck {
  std::string id;     // stable: "key-installed-gvlk", "answer-file-setting-wrong-pass", ...
  std::string group;  // key | answer-file | generalization | registry | kms-host | prediction
  Severity severity = Severity::error;  // how bad a failure is
  CheckStatus status = CheckStatus::pass;
  std::string message;                  // never empty; keys only as their last five characters
  std::optional<std::string> location;  // "file:line" or a path inside the image
};

struct ActivationPrediction {
  int clones = 0;
  int activated = 0;
  std::optional<double> hours_to_all_activated;
  std::optional<Hresult> failure;  // set whenever not every clone activated
  std::string reason;              // one sentence
  std::string setting;  // "one fresh KMS host at kms1.corp.example:1688", "site HQ of T.xml"
  std::string place;    // who the verdict line names: the site, or "Lab" (fresh host)
};

struct ValidationReport {
  std::string image;  // the IMAGE argument
  int index = 1;
  std::string description;  // ImageSession::describe()
  std::vector<ValidationCheck> checks;
  ActivationPrediction prediction;
  double seconds = 0;  // time spent validating this index (JUnit `time`)
};

// True when some check failed with a severity at least `level` (error > warning > info).
bool report_fails(const ValidationReport& report, Severity level);

}  // namespace kmsprep
