// The check groups validate runs, one file each (validate_checks_key.cpp, ..._answer_file,
// ..._generalization, ..._registry, ..._kms_host, validate_prediction.cpp). Internal to
// servicing/validate; other modules call validate_image().
#pragma once

#include <string>
#include <vector>

#include "core/result.hpp"
#include "servicing/inspect.hpp"
#include "servicing/validate.hpp"
#include "unattend/answer_file.hpp"

namespace kmsprep {

struct ValidationInput {
  ImageSession& session;
  const LicensingView& view;
  const ValidateOptions& options;
};

using CheckList = std::vector<ValidationCheck>;

ValidationCheck make_check(std::string id, std::string group, Severity severity, CheckStatus status,
                           std::string message, std::optional<std::string> location = std::nullopt);

Status add_key_checks(const ValidationInput& input, CheckList& checks);
Status add_answer_file_checks(const ValidationInput& input, CheckList& checks);
Status add_generalization_checks(const ValidationInput& input, CheckList& checks);
Status add_kms_host_checks(const ValidationInput& input, CheckList& checks);
// A real installation's registry and Setup state (validate_checks_registry.cpp).
Status add_registry_checks(const ValidationInput& input, CheckList& checks);

// An answer file of the image, parsed; nullopt when it cannot be parsed (answer-file-readable
// reports that).
Result<std::optional<AnswerFile>> read_answer_file_for_validation(Image& image,
                                                                  const std::string& path);

// True when the image's clients look for a host through DNS (no explicit host, or slmgr /ckms).
bool uses_dns_discovery(const LicensingView& view);

// Runs the engine; the prediction check goes into `checks`.
Result<ActivationPrediction> predict_activation(const ValidationInput& input, CheckList& checks);

}  // namespace kmsprep
