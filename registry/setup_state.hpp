// Windows Setup's image state (was this installation generalized?), as Setup writes it to
// Windows/Setup/State/State.ini ([State] ImageState=...) and to the SOFTWARE hive. Pure text
// handling: no hivex here. Readers of the hive value live in installation_facts.hpp.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace kmsprep {

enum class ImageStateClass {
  generalized,          // IMAGE_STATE_GENERALIZE_RESEAL_TO_OOBE / _TO_AUDIT
  complete,             // IMAGE_STATE_COMPLETE: a used installation, never generalized
  undeployable,         // IMAGE_STATE_UNDEPLOYABLE: Setup or sysprep did not finish
  specialize_resealed,  // IMAGE_STATE_SPECIALIZE_RESEAL_TO_OOBE / _TO_AUDIT: not generalized
  unknown,              // any other word (reported as found)
};

// "generalized", "complete", "undeployable", "specialize-resealed", "unknown".
const char* to_string(ImageStateClass state);
// Classifies an ImageState word; surrounding blanks and letter case are ignored.
ImageStateClass classify_image_state(std::string_view image_state);

// The ImageState of the [State] section of State.ini `bytes` (UTF-8, or UTF-16 / UTF-8 with a
// BOM); nullopt when the file has no [State] ImageState. Section and key names match
// case-insensitively; `;` starts a comment line. A line that is neither blank, a comment, a
// [section] nor key=value gives state_ini_malformed naming `source` and the line.
Result<std::optional<std::string>> parse_state_ini(std::string_view bytes,
                                                   const std::string& source);

}  // namespace kmsprep
