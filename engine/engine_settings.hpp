// EngineSettings: every documented KMS default the engine models (kms-facts §1, §2, §4), in one
// place so a topology file, validate or a test can override any of them. Plain data.
#pragma once

#include "engine/readings.hpp"

namespace kmsprep {

struct EngineSettings {
  int client_threshold = 25;              // client OSes activate when count >= this
  int server_threshold = 5;               // server OSes
  int count_window_minutes = 30 * 1440;   // a host counts CMIDs seen in this window
  int count_cap_factor = 2;               // count capped at factor x the largest threshold seen
  int oob_grace_minutes = 30 * 1440;      // out-of-box grace from first boot
  int validity_minutes = 180 * 1440;      // activation validity, restarted by each renewal
  int oot_grace_minutes = 30 * 1440;      // out-of-tolerance grace after validity lapses
  int activation_interval_minutes = 120;  // retry while not activated (VLActivationInterval)
  int renewal_interval_minutes = 10080;   // renewal while activated (VLRenewalInterval)
  int bytes_per_message = 250;            // each request and each response
  int kms_port = 1688;
  bool cache_host = true;  // the working host is tried first next time
  Readings readings;       // where the documents disagree (readings.hpp)
};

// slmgr /sai and /sri accept 15..43200 minutes.
constexpr int kMinimumIntervalMinutes = 15;
constexpr int kMaximumIntervalMinutes = 43200;

}  // namespace kmsprep
