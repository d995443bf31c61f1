// Setup's State.ini as found in an image: `Windows/Setup/State/State.ini` located in any
// backend, refused when it is not a plain small file, and parsed by registry/setup_state
// ([State] ImageState=...). The same value in the SOFTWARE hive and SysprepStatus in SYSTEM
// come from servicing/installation_registry. Callers: servicing/ (inspect), sysprep/.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/result.hpp"
#include "image/image.hpp"
#include "registry/setup_state.hpp"

namespace kmsprep {

inline constexpr const char* kStateIniPath = "Windows/Setup/State/State.ini";
// State.ini is a few lines; anything bigger is not Setup's file.
inline constexpr uint64_t kMaxStateIniBytes = 64 * 1024;

struct StateIniImageState {
  std::string path;   // as the image spells it
  std::string value;  // ImageState as written; empty when the file has none
  ImageStateClass state = ImageStateClass::unknown;
};

// nullopt when the image has no State.ini. A directory or symlink there, a file over
// kMaxStateIniBytes or a malformed line is bad input naming the image and the file.
Result<std::optional<StateIniImageState>> read_state_ini(Image& image);

}  // namespace kmsprep
