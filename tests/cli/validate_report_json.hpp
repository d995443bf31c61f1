// Reading a `kmsprep validate --json` report in CLI tests: one check by id, and how many
// error-severity checks failed. Shared by the validate and multi-image suites.
#pragma once

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

namespace kmsprep::test {

// The check with `id`; a test failure (and an empty object) when the report has none.
inline const nlohmann::json& check_of(const nlohmann::json& report, const std::string& id) {
  for (const auto& each : report["checks"]) {
    if (each["id"] == id) return each;
  }
  ADD_FAILURE() << "no check " << id << " in " << report.dump(2);
  static const nlohmann::json missing;
  return missing;
}

inline int failed_errors(const nlohmann::json& report) {
  int failed = 0;
  for (const auto& each : report["checks"]) {
    failed += each["status"] == "fail" && each["severity"] == "error";
  }
  return failed;
}

}  // namespace kmsprep::test
