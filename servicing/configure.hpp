// configure: writes KMS client settings into an image: the KMS host (an slmgr /skms or /ckms
// RunSynchronousCommand in specialize, and/or the kmsprep block of SetupComplete.cmd, and/or
// the SOFTWARE hive's licensing key), SkipRearm, SkipAutoActivation and standard-user
// activation. Only answer files, SetupComplete.cmd and the SOFTWARE hive change, never the
// licensing state. Callers: cli/, plugin/ (the configure step).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/image_path.hpp"
#include "core/os_family.hpp"
#include "core/result.hpp"
#include "core/unified_diff.hpp"  // configure's callers print its edits with it
#include "registry/kms_client_settings.hpp"
#include "servicing/image_session.hpp"
#include "servicing/kms_host_address.hpp"

namespace kmsprep {

// both: answer file and SetupComplete.cmd (its meaning before registry writes existed);
// all: answer file, SetupComplete.cmd and the SOFTWARE hive.
enum class ConfigureTarget { answer_file, setup_complete, both, registry, all };
Result<ConfigureTarget> parse_configure_target(const std::string& text);
const char* to_string(ConfigureTarget target);

struct ConfigureOptions {
  std::optional<KmsHostAddress> kms_host;
  bool clear_kms_host = false;
  std::optional<int> skip_rearm;  // 0 or 1
  std::optional<bool> skip_auto_activation;
  bool standard_user_activation = false;
  ConfigureTarget target = ConfigureTarget::answer_file;
  std::optional<OsFamily> os;               // --os
  std::optional<std::string> architecture;  // --arch, already parsed
  std::optional<ImagePath> unattend_path;   // --unattend-path
};

// Usage errors: nothing to do, --kms-host with --clear-kms-host, skip_rearm not 0/1.
Status validate_configure_options(const ConfigureOptions& options);

struct FileEdit {
  std::string path;  // inside the image
  bool created = false;
  std::string before;  // UTF-8 text (empty when created)
  std::string after;
};

// A value an edit replaced, so the output can say what it was. Product keys appear only
// masked (*****-*****-*****-*****-ABCDE).
struct ReplacedValue {
  std::string file;     // inside the image
  std::string setting;  // "specialize/Microsoft-Windows-Shell-Setup/ProductKey"
  int line = 0;         // of the element after the edit
  std::string before;
  std::string after;
  // "E418 an answer-file value was replaced: <setting> was <before>, now <after> [at file:line].
  // ..."
  std::string message() const;
};

struct ConfigureResult {
  std::vector<FileEdit> edits;  // files whose bytes change; empty when nothing changes
  std::vector<ReplacedValue> replaced;
  std::vector<std::string> warnings;
  std::optional<OsFamily> family;
  std::string family_source;  // "--os", "product key", "WIM WINDOWS/VERSION", "" (not needed)
  std::string architecture;
  std::string architecture_source;
  bool committed = false;  // true when the image was written
  // --target registry / all: the values that change in `registry_hive` (empty: none).
  std::vector<RegistryChange> registry_changes;
  std::string registry_hive;  // "Windows/System32/config/SOFTWARE" as the image spells it
  std::string registry_family_source;
};

// The before/after table of `changes` that --dry-run prints ("-" for an absent value).
std::string registry_change_table(const std::string& hive,
                                  const std::vector<RegistryChange>& changes);

// Plans every edit against `session`'s image, then (unless `dry_run`) stages and commits them
// in one commit. On any error nothing is written. A run that changes no byte commits nothing.
Result<ConfigureResult> configure_image(ImageSession& session, const ConfigureOptions& options,
                                        bool dry_run);

}  // namespace kmsprep
