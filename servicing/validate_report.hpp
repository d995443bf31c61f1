// The report writers of validate: a text table, stable JSON, and JUnit XML (one testsuite per
// image index, one testcase per check) for GitLab and Jenkins. Callers: cli/ (validate).
#pragma once

#include <string>
#include <vector>

#include "core/log.hpp"
#include "servicing/validate_check.hpp"

namespace kmsprep {

// One line for people and logs: "HQ: 25 of 25 clones activated within 2.0 h", or
// "Lab: 0 of 25 clones activated (0xC004F038)".
std::string verdict_line(const ActivationPrediction& prediction);
std::string validation_text(const std::vector<ValidationReport>& reports);
// One object, or with `as_array` (--all-indexes) an array of them.
std::string validation_json(const std::vector<ValidationReport>& reports, bool as_array);
// A failed check at `fail_on` or above is a <failure>; a failed check below it passes with the
// finding in <system-out>, so CI shows red exactly when validate exits 1.
std::string validation_junit(const std::vector<ValidationReport>& reports,
                             Severity fail_on = Severity::error);

// Writes one CMTrace line per check to the logger's --log file, so CMTrace and OneTrace colour
// them: type 3 for a failed error, 2 for a failed warning, 1 for everything else; then the
// verdict, type 3 when the report fails at `fail_on`, else 1.
void log_validation(Logger& logger, const ValidationReport& report, Severity fail_on);

}  // namespace kmsprep
