#include "servicing/validate.hpp"

#include <chrono>

#include "servicing/validate_checks.hpp"

namespace kmsprep {

const char* to_string(CheckStatus status) {
  switch (status) {
    case CheckStatus::pass:
      return "pass";
    case CheckStatus::fail:
      return "fail";
    case CheckStatus::skip:
      return "skip";
  }
  return "skip";
}

namespace {
int rank(Severity severity) {
  switch (severity) {
    case Severity::error:
      return 2;
    case Severity::warning:
      return 1;
    case Severity::info:
      return 0;
  }
  return 0;
}
}  // namespace

bool report_fails(const ValidationReport& report, Severity level) {
  for (const auto& check : report.checks) {
    if (check.status == CheckStatus::fail && rank(check.severity) >= rank(level)) return true;
  }
  return false;
}

ValidationCheck make_check(std::string id, std::string group, Severity severity, CheckStatus status,
                           std::string message, std::optional<std::string> location) {
  // Messages may quote answer-file text; a full product key must never reach a report.
  return ValidationCheck{std::move(id), std::move(group),           severity,
                         status,        mask_product_keys(message), std::move(location)};
}

Result<std::optional<AnswerFile>> read_answer_file_for_validation(Image& image,
                                                                  const std::string& path_text) {
  auto path = ImagePath::parse(path_text);
  if (!path) return std::move(path).error();
  auto bytes = image.read(*path);
  if (!bytes) return std::move(bytes).error();
  auto file = AnswerFile::parse(*bytes, path_text);
  if (!file) return std::optional<AnswerFile>();
  return std::optional<AnswerFile>(std::move(*file));
}

Result<ValidationReport> validate_image(ImageSession& session, const ValidateOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  auto view = inspect_image(session);
  if (!view) return std::move(view).error();
  if (options.dns && !options.domain && uses_dns_discovery(*view)) {
    return Error(ErrorCode::usage_missing_argument,
                 session.describe() +
                     " finds its KMS host through DNS discovery, so "
                     "--dns-server/--dns-zone need --domain",
                 {}, "add --domain D: validate queries _vlmcs._tcp.D");
  }
  ValidationReport report;
  report.image = options.image.empty() ? session.path() : options.image;
  report.index = session.index();
  report.description = session.describe();
  const ValidationInput input{session, *view, options};
  for (auto group : {add_key_checks, add_answer_file_checks, add_generalization_checks,
                     add_registry_checks, add_kms_host_checks}) {
    auto status = group(input, report.checks);
    if (!status) return std::move(status).error();
  }
  auto prediction = predict_activation(input, report.checks);
  if (!prediction) return std::move(prediction).error();
  report.prediction = std::move(*prediction);
  report.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return report;
}

}  // namespace kmsprep
