#include "unattend/processor_architecture.hpp"

#include "core/text.hpp"
#include "unattend/answer_file.hpp"

namespace kmsprep {

Result<std::string> parse_processor_architecture(std::string_view text) {
  const std::string lower = to_lower_ascii(text);
  for (const char* known : {"x86", "amd64", "ia64", "arm64"}) {
    if (lower == known) return lower;
  }
  return Error::usage("--arch \"" + std::string(text) + "\" is not a processor architecture",
                      "use x86, amd64, ia64 or arm64");
}

std::optional<std::string> architecture_from_wim_arch(std::string_view wim_arch) {
  if (wim_arch == "0") return std::string("x86");
  if (wim_arch == "6") return std::string("ia64");
  if (wim_arch == "9") return std::string("amd64");
  if (wim_arch == "12") return std::string("arm64");
  return std::nullopt;
}

bool is_companion_architecture(std::string_view architecture) {
  const std::string lower = to_lower_ascii(architecture);
  return lower == "wow64" || lower == "msil";
}

bool architecture_belongs(std::string_view component_architecture,
                          std::string_view image_architecture) {
  const std::string component = to_lower_ascii(component_architecture);
  const std::string image = to_lower_ascii(image_architecture);
  if (component == image || component == "msil") return true;
  // WOW64 exists only on 64-bit Windows: on amd64, and on arm64 for x86 programs.
  return component == "wow64" && (image == "amd64" || image == "arm64");
}

std::optional<std::string> agreed_component_architecture(const AnswerFile& file) {
  std::optional<std::string> agreed;
  for (const auto& component : file.components()) {
    const std::string arch = to_lower_ascii(component.architecture);
    if (arch.empty() || is_companion_architecture(arch)) continue;
    if (agreed && *agreed != arch) return std::nullopt;
    agreed = arch;
  }
  return agreed;
}

ArchitectureChoice choose_processor_architecture(
    const std::optional<std::string>& explicit_architecture, const AnswerFile* file,
    const std::optional<std::string>& wim_arch) {
  if (explicit_architecture) return {*explicit_architecture, "--arch"};
  // The image's own architecture wins over the file's: Setup ignores components of another
  // architecture, so writing into them would change nothing Setup applies.
  if (wim_arch) {
    if (auto from_wim = architecture_from_wim_arch(*wim_arch)) {
      return {*from_wim, "WIM WINDOWS/ARCH"};
    }
  }
  if (file) {
    if (auto agreed = agreed_component_architecture(*file)) return {*agreed, "answer file"};
  }
  return {"amd64", "default"};
}

}  // namespace kmsprep
