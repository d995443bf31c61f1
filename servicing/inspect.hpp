// inspect: the licensing view of one image as the engine and a deployment engineer see it:
// installed product, emulated licensing state, SkipRearm and the KMS host from the answer files
// Windows would use, the answer-file search result, evidence that a real sysprep ran, and the
// facts of a real installation (registry hives, State.ini), which win over the emulated state.
// Callers: cli/ (inspect, generalize), servicing/ (validate), plugin/.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "engine/licensing_state.hpp"
#include "servicing/answer_file_locator.hpp"
#include "servicing/image_session.hpp"
#include "servicing/installation_registry.hpp"
#include "servicing/licensing_state_store.hpp"
#include "servicing/real_setup_state.hpp"
#include "servicing/setup_state.hpp"

namespace kmsprep {

struct ConfiguredKmsHost {
  bool clear = false;  // the last command was slmgr /ckms: DNS auto-discovery
  std::string name;
  int port = 1688;
  std::string source;  // "Windows/Panther/unattend.xml:31" or "Windows/Setup/Scripts/...:4"
};

struct LicensingView {
  std::string image;  // ImageSession::describe()
  int index = 1;
  InstalledProduct installed;
  std::optional<LicensingState> state;  // the file's, else implied by the installed product
  bool state_file_present = false;
  // WINDOWS/VERSION/BUILD, else the SOFTWARE hive's: picks the product's timers row.
  std::optional<int> build;
  std::optional<long long> grace_minutes_left;
  bool skip_rearm = false;
  std::string skip_rearm_source;              // "file:line", empty when absent (default 0)
  std::optional<ConfiguredKmsHost> kms_host;  // nullopt or clear: DNS auto-discovery
  AnswerFileSearch answer_files;
  std::vector<std::string> sysprep_evidence;

  // A real installation's own records; nullopt when the image has none.
  std::optional<InstallationRegistry> registry;  // SOFTWARE (and SYSTEM) hive
  std::optional<StateIniImageState> state_ini;
  RealSetupState setup_state;  // the verdict of those records
  // Where `state`'s product and generalization come from: "registry", "State.ini",
  // "answer file" or "emulated state" (empty when there is no state).
  std::string product_source;
  std::string generalization_source;
};

Result<LicensingView> inspect_image(ImageSession& session);

// The SkipRearm Setup would apply at generalize: from the generalize pass of the answer file
// Windows uses for that pass (false when none sets it).
Result<std::pair<bool, std::string>> skip_rearm_setting(Image& image,
                                                        const AnswerFileSearch& search);
// The explicit KMS host the image sets at deployment: the last slmgr /skms or /ckms that runs,
// answer file (specialize RunSynchronous, by Order) first, then SetupComplete.cmd (which runs
// after Setup and so wins).
Result<std::optional<ConfiguredKmsHost>> configured_kms_host(Image& image,
                                                             const AnswerFileSearch& search);
// Markers a real sysprep leaves: Sysprep_succeeded.tag and Panther setupact.log lines that
// mention generalize.
Result<std::vector<std::string>> find_sysprep_evidence(Image& image);

}  // namespace kmsprep
