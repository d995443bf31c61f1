// kmsprep report EVENTS...: what the KMS hosts saw, from their exported "Key Management
// Service" logs (and clients' Application logs): per host and product group the count, the
// duplicate CMIDs, clients near the end of grace, refusals and a timeline; text, JSON, CSV,
// JUnit (through validate's writer: a duplicate CMID is a failed test case) or CMTrace.
#include <chrono>
#include <filesystem>

#include "cli/command_line.hpp"
#include "core/exit_status.hpp"
#include "core/file_io.hpp"
#include "core/file_system.hpp"
#include "core/utf8_path.hpp"
#include "engine/topology.hpp"
#include "events/event_export.hpp"
#include "events/kms_report.hpp"
#include "events/kms_report_writers.hpp"
#include "servicing/validate_report.hpp"

namespace kmsprep {
namespace {

namespace po = boost::program_options;

ValidationCheck check(std::string id, std::string group, Severity severity, bool passed,
                      std::string message) {
  ValidationCheck result;
  result.id = std::move(id);
  result.group = std::move(group);
  result.severity = severity;
  result.status = passed ? CheckStatus::pass : CheckStatus::fail;
  result.message = std::move(message);
  return result;
}

// One JUnit test suite per host; the findings are its test cases.
std::vector<ValidationReport> report_findings(const KmsReport& report) {
  std::vector<ValidationReport> suites;
  for (const KmsHostReport& host : report.hosts) {
    ValidationReport suite;
    suite.image = host.name;
    suite.description = "KMS host " + host.name;
    suite.prediction.place = host.name;
    for (const ProductGroupReport& group : host.groups) {
      const std::string n = std::to_string(group.n_policy);
      suite.checks.push_back(check("count-reaches-n-policy-" + n, "count", Severity::error,
                                   group.count >= group.n_policy,
                                   "count " + std::to_string(group.count) + " of " + n +
                                       " needed (" + std::to_string(group.distinct_cmids_30_days) +
                                       " distinct CMIDs in the last 30 days)"));
      for (const auto& [code, requests] : group.refusals) {
        suite.checks.push_back(
            check("refused-" + format_hresult(code), "refusal", Severity::warning, false,
                  std::to_string(requests) + " requests refused with " + format_hresult(code) +
                      " (" + hresult_meaning(code) + ")"));
      }
    }
    bool any_duplicate = false;
    for (const DuplicateCmid& duplicate : report.duplicates) {
      if (duplicate.host != host.name) continue;
      any_duplicate = true;
      std::string names;
      for (const auto& name : duplicate.machine_names) names += (names.empty() ? "" : ", ") + name;
      suite.checks.push_back(
          check("duplicate-cmid-" + duplicate.cmid, "duplicate-cmid", Severity::error, false,
                std::to_string(duplicate.machines) + " machines share CMID " + duplicate.cmid +
                    ": the image they came from was not generalized (" + names + ")"));
    }
    if (!any_duplicate) {
      suite.checks.push_back(check("no-duplicate-cmids", "duplicate-cmid", Severity::error, true,
                                   "every CMID belongs to one machine"));
    }
    for (const ExpiringClient& client : report.expiring) {
      if (client.host != host.name) continue;
      suite.checks.push_back(
          check("near-expiry-" + client.machine, "grace", Severity::warning, false,
                client.machine + " is in " + license_status_name(client.license_status) + " with " +
                    std::to_string(client.minutes_left) + " minutes left"));
    }
    suites.push_back(std::move(suite));
  }
  if (!report.clients.empty()) {
    ValidationReport suite;
    suite.image = "clients";
    suite.description = "KMS clients (12288/12289)";
    for (const ClientReport& client : report.clients) {
      suite.checks.push_back(check(
          "host-answered-" + client.computer, "client", Severity::error, client.unanswered == 0,
          std::to_string(client.unanswered) + " of " + std::to_string(client.requests) +
              " requests were never answered (12288 without 12289)"));
    }
    suites.push_back(std::move(suite));
  }
  return suites;
}

// The findings as CMTrace lines at the report's as-of time: errors type 3, warnings type 2.
std::string report_cmtrace(const KmsReport& report) {
  std::string out;
  const auto when = std::chrono::system_clock::from_time_t(static_cast<std::time_t>(report.as_of));
  const long thread = static_cast<long>(process_id());
  for (const ValidationReport& suite : report_findings(report)) {
    for (const ValidationCheck& finding : suite.checks) {
      const LogLevel level = finding.status == CheckStatus::pass   ? LogLevel::info
                             : finding.severity == Severity::error ? LogLevel::error
                                                                   : LogLevel::warning;
      out += format_cmtrace_line(level, "report",
                                 suite.image + ": " + finding.id + ": " + finding.message, when,
                                 thread) +
             "\n";
    }
  }
  return out;
}

}  // namespace

namespace {

void add_report_options(CommandLine& command) {
  command.add_options()("format", po::value<std::string>()->default_value("text"),
                        "text, json, csv, junit or cmtrace")(
      "output", po::value<std::string>(),
      "write the report to FILE (atomically) instead of stdout")(
      "as-of", po::value<std::string>(),
      "count as of this UTC time (YYYY-MM-DDTHH:MM:SSZ; default: the newest event)")(
      "near-expiry", po::value<std::string>(),
      "grace ending within DURATION is reported (default 7d)");
  command.add_positional("events", -1);
  command.add_json_option();
}

// text, json, csv, junit or cmtrace; --json is --format json.
Result<std::string> report_format(const CommandLine& command) {
  std::string format = command.get<std::string>("format");
  if (command.has("json")) {
    if (format != "json" && !command.values()["format"].defaulted()) {
      return Error(ErrorCode::usage_conflicting_arguments,
                   "--json and --format " + format + " conflict", {},
                   "--json means --format json; give one of them");
    }
    format = "json";
  }
  if (format != "text" && format != "json" && format != "csv" && format != "junit" &&
      format != "cmtrace") {
    return Error::usage("--format \"" + format + "\" is not text, json, csv, junit or cmtrace");
  }
  return format;
}

Result<ReportOptions> report_options(const CommandLine& command) {
  ReportOptions options;
  if (command.has("as-of")) {
    const std::string text = command.get<std::string>("as-of");
    options.as_of = parse_utc(text);
    if (!options.as_of) return Error::usage("--as-of \"" + text + "\" is not YYYY-MM-DDTHH:MM:SSZ");
  }
  if (command.has("near-expiry")) {
    const std::string text = command.get<std::string>("near-expiry");
    const auto minutes = parse_duration_minutes(text);
    if (!minutes) {
      return Error::usage("--near-expiry \"" + text + "\" is not a duration such as 7d or 36h");
    }
    options.near_expiry_minutes = *minutes;
  }
  return options;
}

// Every exported log into the builder, one event at a time.
Status read_every_export(CommandLine& command, KmsReportBuilder& builder) {
  for (const std::string& path : command.get<std::vector<std::string>>("events")) {
    // Event Viewer's CSV names no computer: the file's name stands for it.
    const std::string fallback = utf8_string(utf8_path(path).stem());
    uint64_t other_events = 0;
    auto format_read = read_event_export(
        path, [&](const KmsEvent& event) { return builder.add(event, fallback); }, other_events);
    if (!format_read) return format_read.error();
    builder.add_source(path + " (" + to_string(*format_read) + ")");
    builder.add_other_events(other_events);
    command.logger().info("report", "read " + path + " as " + to_string(*format_read));
  }
  return ok_status();
}

std::string report_document(const KmsReport& report, const std::string& format) {
  if (format == "json") return report_json(report);
  if (format == "csv") return report_csv(report);
  if (format == "junit") return validation_junit(report_findings(report));
  if (format == "cmtrace") return report_cmtrace(report);
  return report_text(report);
}

}  // namespace

int run_report_command(const std::vector<std::string>& args, CommandIo& io) {
  CommandLine command("report",
                      "EVENTS... [--format text|json|csv|junit|cmtrace] [--json] [--output FILE] "
                      "[--as-of TIME] [--near-expiry DURATION]",
                      io);
  add_report_options(command);
  if (auto early = command.parse(args)) return *early;
  if (!command.has("events"))
    return command.fail(Error::usage("EVENTS is missing", "give one or more exported logs"));
  auto format = report_format(command);
  if (!format) return command.fail(format.error());
  if (*format == "json") command.report_errors_as_json();
  auto options = report_options(command);
  if (!options) return command.fail(options.error());
  KmsReportBuilder builder(*options);
  if (auto read = read_every_export(command, builder); !read) return command.fail(read.error());
  const KmsReport report = builder.finish();
  const std::string document = report_document(report, *format);
  for (const DuplicateCmid& duplicate : report.duplicates) {
    command.logger().log_to_file(LogLevel::error, "report",
                                 "duplicate CMID " + duplicate.cmid + " on " + duplicate.host +
                                     ": " + std::to_string(duplicate.machines) + " machines");
  }
  if (command.has("output")) {
    const std::string output = command.get<std::string>("output");
    if (auto written = replace_file_atomically(utf8_path(output), document); !written)
      return command.fail(written.error());
  } else {
    io.out << document;
  }
  return exit_success;
}

}  // namespace kmsprep
