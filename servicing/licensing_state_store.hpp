// Where an image's emulated licensing state (engine/licensing_state.hpp) meets the image: read
// it from Windows/kmsprep/licensing-state.xml, stage a new one, and tell which product an image
// has installed (the state, else the key in the answer file Setup uses for specialize).
// Callers: install-key, configure, generalize, inspect, validate.
#pragma once

#include <optional>
#include <string>

#include "core/product_key.hpp"
#include "core/result.hpp"
#include "engine/gvlk_catalog.hpp"
#include "engine/licensing_state.hpp"
#include "image/image.hpp"
#include "servicing/image_session.hpp"

namespace kmsprep {

// nullopt when the image has no state file. A malformed or newer file is bad input naming
// "<image>: Windows/kmsprep/licensing-state.xml:<line>".
Result<std::optional<LicensingState>> read_licensing_state(Image& image);
Status stage_licensing_state(Image& image, const LicensingState& state);

struct InstalledProduct {
  std::optional<LicensingState> state;        // from the state file
  std::optional<ProductKey> answer_file_key;  // specialize Shell-Setup ProductKey, if any
  std::string answer_file_key_location;       // "Windows/Panther/unattend.xml:12"
  const GvlkEntry* product = nullptr;         // the state's product, else the key's GVLK entry
};

// Reads the state and the answer file Setup would use for specialize. A malformed key in the
// answer file is not an error here (unattend check reports it); it just names no product.
Result<InstalledProduct> find_installed_product(Image& image);

// The licensing state an engine run should start from: the file's, else the implied state of
// the installed product at `build` (never generalized, every clone sharing one CMID); nullopt
// when the image names no published product.
std::optional<LicensingState> effective_licensing_state(const InstalledProduct& installed,
                                                        std::optional<int> build = {});

// The build that picks an installation's per-product timers row (engine/product_timers.hpp):
// WINDOWS/VERSION/BUILD, else the SOFTWARE hive's CurrentBuildNumber (a directory or archive has
// no WIM properties); nullopt when neither says. A corrupt hive is bad input, as for inspect.
Result<std::optional<int>> installation_build(ImageSession& session);

}  // namespace kmsprep
