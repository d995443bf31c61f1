// SHA-1, the digest a WIM stores for every stream: lets the WIM backend tell whether a staged
// file equals the one in the image without extracting it. Not for security. Callers: image/wim_*.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace kmsprep {

using Sha1Digest = std::array<uint8_t, 20>;

Sha1Digest sha1(std::string_view bytes);

}  // namespace kmsprep
