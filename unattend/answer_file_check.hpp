// check(): the activation findings of one answer file, each with a severity, the line and a
// fix (the list of the answer-file issue). Callers: cli/ (unattend check), servicing/
// (validate, configure), plugin/.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/os_family.hpp"
#include "unattend/answer_file.hpp"

namespace kmsprep {

enum class Severity { error, warning, info };
const char* to_string(Severity severity);

struct Finding {
  Severity severity = Severity::error;
  std::string id;  // stable: "setting-wrong-pass", "component-wrong-family", ...
  std::string message;
  int line = 0;  // 0 when the finding is about the whole file
  std::string fix;
  ErrorCode code = ErrorCode::answer_file_invalid;  // E404-E416, one per id
};

// "E412 <title>: <message> [at <file>:<line>]. <fix>": how a finding reads in a log or warning.
std::string finding_text(const Finding& finding, const std::string& file);

struct CheckContext {
  std::optional<OsFamily> family;      // from --os or the image; nullopt: infer from components
  std::string family_source;           // "--os", "image", ... for messages
  bool autounattend_on_media = false;  // the file is a media Autounattend.xml
  // The image's processorArchitecture (WIM WINDOWS/ARCH) when known; otherwise the one most
  // of the file's own (not wow64/msil) components carry.
  std::optional<std::string> architecture;
};

struct CheckReport {
  std::vector<Finding> findings;
  std::optional<OsFamily> family;  // what the family checks used
  std::string family_source;       // "--os", "image", "components: ...", or "" when unknown
  bool family_checks_skipped = false;
  bool has_errors() const;
};

CheckReport check_answer_file(const AnswerFile& file, const CheckContext& context);

// The family the components suggest: a product key with an N (Windows 8 or later) -> win8;
// only SLC/SLC-UX -> vista; only SPP/SPP-UX -> win7; otherwise unknown. Coarse on purpose:
// it only tells which components belong.
std::optional<OsFamily> family_from_components(const AnswerFile& file);
// The same, saying in `evidence` what it was inferred from ("components: only SLC, Vista").
std::optional<OsFamily> family_from_components(const AnswerFile& file, std::string* evidence);

}  // namespace kmsprep
