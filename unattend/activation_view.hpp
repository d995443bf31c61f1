// The activation view of one answer file: product keys (masked), SkipRearm,
// SkipAutoActivation, the KMS host commands and standard-user activation, each with the line
// it came from. Callers: cli/ (unattend show), servicing/ (inspect, validate), engine readers.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "unattend/answer_file.hpp"

namespace kmsprep {

struct LocatedValue {
  std::string value;  // product keys are masked (*****-*****-*****-*****-ABCDE)
  std::string pass;
  std::string component;
  int line = 0;
};

struct KmsHostCommandView {
  bool clear = false;         // slmgr /ckms: DNS auto-discovery
  std::string host_and_port;  // the /skms argument as written
  bool written_by_kmsprep = false;
  std::string pass;
  int line = 0;
};

struct ActivationView {
  std::optional<LocatedValue> product_key;        // specialize, Shell-Setup
  std::optional<LocatedValue> setup_product_key;  // windowsPE, Setup UserData/ProductKey/Key,
                                                  // or the text of UserData/ProductKey
  std::optional<LocatedValue> will_show_ui;
  std::optional<LocatedValue> skip_rearm;
  std::optional<LocatedValue> skip_auto_activation;
  std::vector<KmsHostCommandView> kms_host_commands;     // none: DNS auto-discovery
  std::optional<LocatedValue> standard_user_activation;  // the reg add command line
};

ActivationView activation_view(const AnswerFile& file);

// "*****-*****-*****-*****-ABCDE", "(empty)" or "(malformed)": what may be shown of a key.
std::string masked_key_text(const std::string& raw_text);

}  // namespace kmsprep
