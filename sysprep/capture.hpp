// capture: a reference computer's directory tree becomes a new image of a WIM (new or
// existing), with the Windows metadata DISM records: EditionID and FLAGS from --edition or the
// installed key's catalog entry, VERSION from the key's family. Optionally refuses a tree whose
// Setup state (State.ini, the registry) or, without one, licensing state is not generalized.
// Callers: cli/ (capture), plugin/ (the capture step).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/log.hpp"
#include "core/result.hpp"
#include "image/wim_capture.hpp"

namespace kmsprep {

struct CaptureRequest {
  std::string directory;
  std::string wim_path;
  std::string name;
  std::string description;
  std::optional<std::string> edition;  // --edition EDITIONID
  WimCompression compression = WimCompression::lzx;
  bool check_generalized = false;
  std::function<bool(uint64_t done, uint64_t total)> progress;
  Logger* logger = nullptr;
};

struct CaptureResult {
  int index = 0;
  std::map<std::string, std::string> properties;  // the Windows metadata written
  std::optional<std::string> product_id;          // the installed product, when known
  std::string generalization;                     // of the captured tree's licensing state
  std::vector<std::string> excluded;              // the exclusion patterns applied
  std::vector<std::string> warnings;
};

Result<CaptureResult> capture_image(const CaptureRequest& request);

}  // namespace kmsprep
