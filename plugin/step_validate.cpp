// Built-in step validate: `kmsprep validate` as a task-sequence step. Writes the report to
// ReportPath (format from its extension), sets ValidateResult to passed or failed, and fails
// with 702 when a check fails at ValidateFailOn.
#include <memory>

#include "core/file_io.hpp"
#include "core/image_path.hpp"
#include "core/text.hpp"
#include "core/utf8_path.hpp"
#include "plugin/kmsprep_plugin.h"
#include "plugin/step_context.hpp"
#include "plugin/step_options.hpp"
#include "servicing/validate.hpp"
#include "servicing/validate_report.hpp"

namespace kmsprep {
namespace {

constexpr kmsprep_variable_spec kVariables[] = {
    {"ImagePath", 1, KMSPREP_IN, "the image: WIM, directory or archive"},
    {"ImageIndex", 0, KMSPREP_IN, "WIM image index; needed when the WIM holds several images"},
    {"MediaPath", 0, KMSPREP_IN, "setup media whose sources/pid.txt to check too"},
    {"ValidateTopology", 0, KMSPREP_IN, "topology file the clones join a site of"},
    {"ValidateSite", 0, KMSPREP_IN, "the site of ValidateTopology (required with it)"},
    {"ValidateClones", 0, KMSPREP_IN, "clones to simulate (default: the activation threshold)"},
    {"DNSServer", 0, KMSPREP_IN, "DNS server to query for _vlmcs._tcp, ADDR[:PORT]"},
    {"DNSDomain", 0, KMSPREP_IN, "DNS domain of the clients"},
    {"DNSZone", 0, KMSPREP_IN, "zone file to check _vlmcs._tcp in (needs DNSDomain)"},
    {"ValidateProbe", 0, KMSPREP_IN, "true: open a TCP connection to each KMS host"},
    {"ValidateFailOn", 0, KMSPREP_IN, "error (default) or warning"},
    {"ReportPath", 0, KMSPREP_IN, "report file: .xml JUnit, .json JSON, else text"},
    {"ValidateResult", 0, KMSPREP_OUT, "passed or failed"},
};

// Holds what the options point to while validate runs.
struct Inputs {
  std::optional<Topology> topology;
  std::unique_ptr<DnsLookup> dns;
};

// Long on purpose: one step variable after another, as docs/steps.md lists them for the validate
// step.
Status load_options(const StepContext& step, ValidateOptions& options, Inputs& inputs) {
  if (auto media_path = step.get("MediaPath")) {
    auto media = read_setup_media(*media_path, &step.logger());
    if (!media) return std::move(media).error();
    options.media = std::move(*media);
  }
  const auto topology_path = step.get("ValidateTopology");
  const auto site = step.get("ValidateSite");
  if (topology_path.has_value() != site.has_value()) {
    return Error(ErrorCode::variable_missing, "ValidateTopology and ValidateSite go together",
                 step.component(), "set both: the topology file and the site the clones join");
  }
  if (topology_path) {
    auto bytes = read_file(utf8_path(*topology_path));
    if (!bytes) return std::move(bytes).error();
    auto topology = parse_topology(*bytes, *topology_path);
    if (!topology) return std::move(topology).error();
    inputs.topology = std::move(*topology);
    options.topology = &*inputs.topology;
    options.topology_source = *topology_path;
    options.site = *site;
    bool known = false;
    for (const auto& each : inputs.topology->sites) known |= equals_ignoring_case(each.name, *site);
    if (!known) {
      return Error(ErrorCode::topology_invalid,
                   "ValidateSite \"" + *site + "\" is not a site of the topology", *topology_path);
    }
  }
  if (auto clones = step.get("ValidateClones")) {
    const auto value = clones->size() <= 6 ? parse_integer<int>(*clones, 1, 100000) : std::nullopt;
    if (!value) {
      return Error(ErrorCode::usage_invalid_argument,
                   "ValidateClones \"" + *clones + "\" is not in 1..100000", step.component());
    }
    options.clones = *value;
  }
  options.domain = step.get("DNSDomain");
  if (auto server = step.get("DNSServer")) {
    auto address = parse_dns_server_address(*server);
    if (!address) return Error(address.error()).within("DNSServer");
    inputs.dns = dns_server_lookup(*address);
    options.dns = inputs.dns.get();
  }
  if (auto zone = step.get("DNSZone")) {
    if (inputs.dns) {
      return Error(ErrorCode::usage_conflicting_arguments, "set DNSServer or DNSZone, not both",
                   step.component());
    }
    if (!options.domain) {
      return Error(ErrorCode::usage_missing_argument, "DNSZone needs DNSDomain, the zone's origin",
                   step.component());
    }
    auto lookup = zone_file_lookup(*zone, *options.domain);
    if (!lookup) return Error(lookup.error()).within("DNSZone");
    inputs.dns = std::move(*lookup);
    options.dns = inputs.dns.get();
  }
  auto probe = step.flag("ValidateProbe", false);
  if (!probe) return probe.error();
  options.probe = *probe;
  return ok_status();
}

Result<Severity> fail_on_from(const StepContext& step) {
  const std::string text = to_lower_ascii(step.get("ValidateFailOn").value_or("error"));
  if (text == "error") return Severity::error;
  if (text == "warning") return Severity::warning;
  return Error(ErrorCode::usage_invalid_argument,
               "ValidateFailOn \"" + text + "\" is not error or warning", step.component());
}

std::string report_document(const std::string& path, const ValidationReport& report,
                            Severity fail_on) {
  const std::string lower = to_lower_ascii(path);
  auto ends_with = [&lower](const std::string& suffix) {
    return lower.size() >= suffix.size() &&
           lower.compare(lower.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  if (ends_with(".xml")) return validation_junit({report}, fail_on);
  if (ends_with(".json")) return validation_json({report}, false);
  return validation_text({report});
}

Result<int32_t> validate(StepContext& step) {
  auto image_path = step.require("ImagePath");
  if (!image_path) return image_path.error();
  auto index = image_index_variable(step);
  if (!index) return index.error();
  auto fail_on = fail_on_from(step);
  if (!fail_on) return fail_on.error();
  ValidateOptions options;
  options.image = *image_path;
  Inputs inputs;
  if (auto loaded = load_options(step, options, inputs); !loaded) return loaded.error();

  auto session = open_step_image(step, *image_path, *index, false);
  if (!session) return session.error();
  auto report = validate_image(*session, options);
  if (!report) return report.error();
  const bool failed = report_fails(*report, *fail_on);
  for (const auto& check : report->checks) {
    if (check.status != CheckStatus::fail) continue;
    const std::string line =
        check.id + ": " + check.message + (check.location ? " [at " + *check.location + "]" : "");
    if (check.severity == Severity::error) {
      step.error(line);
    } else {
      step.warning(line);
    }
  }
  const ActivationPrediction& prediction = report->prediction;
  step.info("prediction (" + prediction.setting + "): " + std::to_string(prediction.activated) +
            " of " + std::to_string(prediction.clones) + " clones activated" +
            (prediction.reason.empty() ? "" : "; " + prediction.reason));
  if (auto path = step.get("ReportPath")) {
    if (auto written =
            replace_file_atomically(utf8_path(*path), report_document(*path, *report, *fail_on));
        !written) {
      return written.error();
    }
    step.info("report written to " + *path);
  }
  if (auto set = step.set("ValidateResult", failed ? "failed" : "passed"); !set) {
    return set.error();
  }
  if (failed) {
    return Error(ErrorCode::checks_failed, session->describe() + " failed validation",
                 step.component(), "see the failed checks above or the report");
  }
  return KMSPREP_STEP_SUCCESS;
}

int32_t run(const kmsprep_context* context) { return run_builtin_step(context, validate); }

constexpr kmsprep_step kStep = {
    sizeof(kmsprep_step),
    KMSPREP_PLUGIN_ABI_VERSION,
    "validate",
    "check that clones of the image will activate (checks + engine prediction); sets "
    "ValidateResult",
    kVariables,
    sizeof kVariables / sizeof kVariables[0],
    run,
};

}  // namespace

const kmsprep_step* validate_step() { return &kStep; }

}  // namespace kmsprep
