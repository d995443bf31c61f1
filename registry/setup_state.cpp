#include "registry/setup_state.hpp"

#include <algorithm>
#include <cctype>

#include "core/text.hpp"
#include "core/text_decoding.hpp"

namespace kmsprep {
namespace {

std::string upper_ascii(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return out;
}

}  // namespace

const char* to_string(ImageStateClass state) {
  switch (state) {
    case ImageStateClass::generalized:
      return "generalized";
    case ImageStateClass::complete:
      return "complete";
    case ImageStateClass::undeployable:
      return "undeployable";
    case ImageStateClass::specialize_resealed:
      return "specialize-resealed";
    case ImageStateClass::unknown:
      return "unknown";
  }
  return "unknown";
}

ImageStateClass classify_image_state(std::string_view image_state) {
  const std::string word = upper_ascii(trim_whitespace(image_state));
  if (word == "IMAGE_STATE_GENERALIZE_RESEAL_TO_OOBE" ||
      word == "IMAGE_STATE_GENERALIZE_RESEAL_TO_AUDIT") {
    return ImageStateClass::generalized;
  }
  if (word == "IMAGE_STATE_COMPLETE") return ImageStateClass::complete;
  if (word == "IMAGE_STATE_UNDEPLOYABLE") return ImageStateClass::undeployable;
  if (word == "IMAGE_STATE_SPECIALIZE_RESEAL_TO_OOBE" ||
      word == "IMAGE_STATE_SPECIALIZE_RESEAL_TO_AUDIT") {
    return ImageStateClass::specialize_resealed;
  }
  return ImageStateClass::unknown;
}

Result<std::optional<std::string>> parse_state_ini(std::string_view bytes,
                                                   const std::string& source) {
  auto text = decode_text(bytes, source);
  if (!text) return text.error();
  std::optional<std::string> image_state;
  std::string section;
  std::string_view rest = text->utf8;
  for (int line_number = 1; !rest.empty(); ++line_number) {
    const size_t end = rest.find('\n');
    const std::string line = trim_whitespace(rest.substr(0, end));
    rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 1);
    if (line.empty() || line[0] == ';' || line[0] == '#') continue;
    if (line.front() == '[') {
      if (line.back() != ']') {
        return Error(ErrorCode::state_ini_malformed, "section header without a closing ]",
                     source + ":" + std::to_string(line_number),
                     "Setup writes [State] on a line of its own; repair or delete the file");
      }
      section = upper_ascii(trim_whitespace(line.substr(1, line.size() - 2)));
      continue;
    }
    const size_t equals = line.find('=');
    if (equals == std::string::npos) {
      return Error(ErrorCode::state_ini_malformed, "line is neither a [section] nor name=value",
                   source + ":" + std::to_string(line_number),
                   "Setup writes ImageState=<state> under [State]; repair or delete the file");
    }
    if (section == "STATE" &&
        upper_ascii(trim_whitespace(line.substr(0, equals))) == "IMAGESTATE") {
      image_state = trim_whitespace(line.substr(equals + 1));
    }
  }
  return image_state;
}

}  // namespace kmsprep
