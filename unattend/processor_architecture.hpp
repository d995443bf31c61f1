// The processorArchitecture rule for components kmsprep adds, in one place so install-key and
// configure agree: --arch, else the WIM's WINDOWS/ARCH, else the architecture the file's
// components agree on, else amd64. wow64 and msil components (the 32-bit and .NET parts a
// 64-bit Windows also configures) sit beside the image's architecture and never decide it.
// Callers: servicing/ (configure, install-key), unattend/ (checks), cli/.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace kmsprep {

class AnswerFile;

// x86, amd64, ia64, arm64 in any letter case -> the lower-case spelling; anything else is a
// usage error naming the value.
Result<std::string> parse_processor_architecture(std::string_view text);
// WIM WINDOWS/ARCH: 0 x86, 6 ia64, 9 amd64, 12 arm64; nullopt for other values.
std::optional<std::string> architecture_from_wim_arch(std::string_view wim_arch);
// wow64 or msil (any letter case): a component that accompanies a 64-bit image's own ones.
bool is_companion_architecture(std::string_view architecture);
// Whether a component of `component_architecture` belongs in a file for `image_architecture`:
// the same architecture, msil anywhere, wow64 beside amd64 or arm64.
bool architecture_belongs(std::string_view component_architecture,
                          std::string_view image_architecture);
// The processorArchitecture every component of `file` carries, ignoring wow64 and msil ones,
// when they all agree.
std::optional<std::string> agreed_component_architecture(const AnswerFile& file);

struct ArchitectureChoice {
  std::string architecture;
  std::string reason;  // "--arch", "answer file", "WIM WINDOWS/ARCH", "default"
};
// `explicit_architecture` is an already parsed --arch; `file` may be null; `wim_arch` is the
// raw WINDOWS/ARCH property when the image has one.
ArchitectureChoice choose_processor_architecture(
    const std::optional<std::string>& explicit_architecture, const AnswerFile* file,
    const std::optional<std::string>& wim_arch);

}  // namespace kmsprep
