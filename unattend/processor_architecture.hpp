// The processorArchitecture rule for components kmsprep adds, in one place so install-key and
// configure agree: --arch, else the architecture the file's components agree on, else the
// WIM's WINDOWS/ARCH, else amd64. Callers: servicing/ (configure, install-key), cli/.
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
// The processorArchitecture every component of `file` carries, when they all agree.
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
