#include "servicing/validate_report.hpp"

#include <cstdio>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>
#include <sstream>

#include "core/strings.hpp"

namespace kmsprep {
namespace {

using nlohmann::json;

int rank(Severity severity) {
  return severity == Severity::error ? 2 : severity == Severity::warning ? 1 : 0;
}

std::string seconds_text(double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f", seconds);
  return text;
}

std::string hours_text(double hours) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", hours);
  return text;
}

std::string padded(std::string text, size_t width) {
  if (text.size() < width) text.append(width - text.size(), ' ');
  return text;
}

json report_json(const ValidationReport& report) {
  json checks = json::array();
  for (const auto& check : report.checks) {
    checks.push_back({{"id", check.id},
                      {"group", check.group},
                      {"severity", to_string(check.severity)},
                      {"status", to_string(check.status)},
                      {"message", check.message},
                      {"location", check.location ? json(*check.location) : json(nullptr)}});
  }
  const ActivationPrediction& prediction = report.prediction;
  json failure = nullptr;
  if (prediction.failure) {
    failure = {{"hresult", format_hresult(*prediction.failure)}, {"reason", prediction.reason}};
  }
  return {{"image", report.image},
          {"index", report.index},
          {"checks", checks},
          {"prediction",
           {{"clones", prediction.clones},
            {"activated", prediction.activated},
            {"hours_to_all_activated", prediction.hours_to_all_activated
                                           ? json(*prediction.hours_to_all_activated)
                                           : json(nullptr)},
            {"failure", failure},
            {"reason", prediction.reason},
            {"setting", prediction.setting}}}};
}

}  // namespace

std::string validation_text(const std::vector<ValidationReport>& reports) {
  std::ostringstream out;
  for (const auto& report : reports) {
    // Messages and locations name paths and values read from the image.
    out << escape_for_display(report.description) << "\n";
    size_t width = 2;
    for (const auto& check : report.checks) width = std::max(width, check.id.size());
    out << "  " << padded("STATUS", 7) << padded("SEVERITY", 9) << padded("CHECK", width + 2)
        << "MESSAGE\n";
    int errors = 0;
    int warnings = 0;
    for (const auto& check : report.checks) {
      if (check.status == CheckStatus::fail && check.severity == Severity::error) ++errors;
      if (check.status == CheckStatus::fail && check.severity == Severity::warning) ++warnings;
      out << "  " << padded(to_string(check.status), 7) << padded(to_string(check.severity), 9)
          << padded(check.id, width + 2) << escape_for_display(check.message);
      if (check.location) out << "  [" << escape_for_display(*check.location) << "]";
      out << "\n";
    }
    const ActivationPrediction& prediction = report.prediction;
    out << "Prediction (" << prediction.clones << " clones, " << prediction.setting << "): ";
    if (prediction.hours_to_all_activated) {
      out << "all activated within " << hours_text(*prediction.hours_to_all_activated)
          << " hours\n";
    } else {
      out << prediction.activated << " of " << prediction.clones << " activated; "
          << (prediction.failure ? format_hresult(*prediction.failure) + ": " : std::string())
          << prediction.reason << "\n";
    }
    out << errors << " error(s), " << warnings << " warning(s)\n";
    out << "Verdict: " << verdict_line(prediction) << "\n";
  }
  return out.str();
}

std::string verdict_line(const ActivationPrediction& prediction) {
  std::string line = prediction.place + ": " + std::to_string(prediction.activated) + " of " +
                     std::to_string(prediction.clones) + " clones activated";
  if (prediction.hours_to_all_activated) {
    return line + " within " + hours_text(*prediction.hours_to_all_activated) + " h";
  }
  return line + (prediction.failure ? " (" + format_hresult(*prediction.failure) + ")" : "");
}

std::string validation_json(const std::vector<ValidationReport>& reports, bool as_array) {
  json document = json::array();
  for (const auto& report : reports) document.push_back(report_json(report));
  if (!as_array && document.size() == 1)
    return document[0].dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  return document.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

// Long on purpose: writes the JUnit document element by element in the order the schema gives.
std::string validation_junit(const std::vector<ValidationReport>& reports, Severity fail_on) {
  pugi::xml_document document;
  auto declaration = document.append_child(pugi::node_declaration);
  declaration.append_attribute("version") = "1.0";
  declaration.append_attribute("encoding") = "UTF-8";
  auto suites = document.append_child("testsuites");
  suites.append_attribute("name") = "kmsprep validate";
  int all_tests = 0;
  int all_failures = 0;
  double all_seconds = 0;
  for (const auto& report : reports) {
    auto suite = suites.append_child("testsuite");
    int failures = 0;
    int skipped = 0;
    suite.append_attribute("name") = report.description.c_str();
    auto tests_attribute = suite.append_attribute("tests");
    auto failures_attribute = suite.append_attribute("failures");
    suite.append_attribute("errors") = 0;
    auto skipped_attribute = suite.append_attribute("skipped");
    suite.append_attribute("time") = seconds_text(report.seconds).c_str();
    for (const auto& check : report.checks) {
      auto testcase = suite.append_child("testcase");
      testcase.append_attribute("classname") = ("kmsprep.validate." + check.group).c_str();
      testcase.append_attribute("name") = check.id.c_str();
      testcase.append_attribute("time") = "0";
      // junit-10.xsd has no "file" on <testcase>: the location travels in the text instead.
      std::string detail = check.message;
      if (check.location) detail += "\nlocation: " + *check.location;
      if (check.status == CheckStatus::skip) {
        ++skipped;
        testcase.append_child("skipped").append_attribute("message") = check.message.c_str();
      } else if (check.status == CheckStatus::fail && rank(check.severity) >= rank(fail_on)) {
        ++failures;
        auto failure = testcase.append_child("failure");
        failure.append_attribute("message") = check.message.c_str();
        failure.append_attribute("type") = to_string(check.severity);
        failure.text().set(detail.c_str());
      }
      // GitLab and Jenkins show system-out beside each case: the status, severity and detail.
      testcase.append_child("system-out")
          .text()
          .set((std::string(to_string(check.status)) + " (" + to_string(check.severity) +
                "): " + detail)
                   .c_str());
    }
    tests_attribute = static_cast<int>(report.checks.size());
    failures_attribute = failures;
    skipped_attribute = skipped;
    auto properties = suite.prepend_child("properties");
    auto add_property = [&](const char* name, const std::string& value) {
      auto property = properties.append_child("property");
      property.append_attribute("name") = name;
      property.append_attribute("value") = value.c_str();
    };
    const ActivationPrediction& prediction = report.prediction;
    add_property("image", report.image);
    add_property("index", std::to_string(report.index));
    add_property("prediction.clones", std::to_string(prediction.clones));
    add_property("prediction.activated", std::to_string(prediction.activated));
    add_property("prediction.reason", prediction.reason);
    all_tests += static_cast<int>(report.checks.size());
    all_failures += failures;
    all_seconds += report.seconds;
  }
  suites.append_attribute("tests") = all_tests;
  suites.append_attribute("failures") = all_failures;
  suites.append_attribute("errors") = 0;
  // No "skipped" here: junit-10.xsd allows it on <testsuite> only.
  suites.append_attribute("time") = seconds_text(all_seconds).c_str();
  std::ostringstream out;
  document.save(out, "  ", pugi::format_indent, pugi::encoding_utf8);
  return out.str();
}

void log_validation(Logger& logger, const ValidationReport& report, Severity fail_on) {
  for (const auto& check : report.checks) {
    LogLevel level = LogLevel::info;
    if (check.status == CheckStatus::fail && check.severity == Severity::error) {
      level = LogLevel::error;
    } else if (check.status == CheckStatus::fail && check.severity == Severity::warning) {
      level = LogLevel::warning;
    }
    std::string line = check.id + ": " + to_string(check.status) + " (" +
                       to_string(check.severity) + "): " + check.message;
    if (check.location) line += " [" + *check.location + "]";
    logger.log_to_file(level, "validate", line);
  }
  const bool fails = report_fails(report, fail_on);
  logger.log_to_file(fails ? LogLevel::error : LogLevel::info, "validate",
                     report.description + ": " + (fails ? "failed" : "passed") +
                         "; verdict: " + verdict_line(report.prediction));
}

}  // namespace kmsprep
