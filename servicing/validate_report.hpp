// The report writers of validate: a text table, stable JSON, and JUnit XML (one testsuite per
// image index, one testcase per check) for GitLab and Jenkins. Callers: cli/ (validate).
#pragma once

#include <string>
#include <vector>

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

}  // namespace kmsprep
