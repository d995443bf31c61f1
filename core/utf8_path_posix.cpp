#include "core/utf8_path.hpp"

namespace kmsprep {

std::filesystem::path utf8_path(const std::string& text) { return std::filesystem::path(text); }

std::string utf8_string(const std::filesystem::path& path) { return path.string(); }

}  // namespace kmsprep
