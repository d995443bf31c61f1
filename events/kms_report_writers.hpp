// The report as people and programs read it: a text summary, stable JSON
// (docs/schema/report.schema.json) and CSV (one row per host and product group), and the JSON
// read back for `simulate --from-report`. Callers: cli/ (report, simulate).
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"
#include "events/kms_report.hpp"

namespace kmsprep {

std::string report_text(const KmsReport& report);
std::string report_json(const KmsReport& report);
std::string report_csv(const KmsReport& report);
// Reads what report_json wrote (fields simulate needs); E1205 naming the field otherwise.
Result<KmsReport> parse_report_json(std::string_view json, const std::string& source);

std::string format_day(int64_t day);  // "2026-11-30"

}  // namespace kmsprep
