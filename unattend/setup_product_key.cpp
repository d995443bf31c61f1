#include "unattend/setup_product_key.hpp"

#include "core/text.hpp"
#include "unattend/activation_catalog.hpp"

namespace kmsprep {

std::optional<SetupProductKey> find_setup_product_key(const AnswerFile& file, std::string_view pass,
                                                      std::string_view architecture) {
  const SettingAddress address{std::string(pass), kSetupComponent, kSetupProductKeyPath};
  const XmlElement* product_key =
      architecture.empty() ? file.find(address) : file.find(address, architecture);
  if (!product_key) return std::nullopt;
  if (const XmlElement* key = file.child(*product_key, "Key")) {
    return SetupProductKey{key, false, trim_whitespace(key->text)};
  }
  const std::string text = trim_whitespace(product_key->text);
  if (text.empty()) return std::nullopt;
  return SetupProductKey{product_key, true, text};
}

Result<std::optional<std::string>> write_setup_product_key(AnswerFile& file, const std::string& key,
                                                           const std::string& architecture) {
  std::optional<std::string> replaced;
  if (auto existing = find_setup_product_key(file, "windowsPE", architecture)) {
    if (existing->value == key) return replaced;
    if (!existing->value.empty()) replaced = existing->value;
    if (existing->text_only) {
      if (auto set = file.set_direct_text(existing->element->offset, key); !set) {
        return std::move(set).error();
      }
      return replaced;
    }
  }
  auto set = file.set_setting(
      SettingAddress{"windowsPE", kSetupComponent, std::string(kSetupProductKeyPath) + "/Key"}, key,
      architecture);
  if (!set) return std::move(set).error();
  return replaced;
}

}  // namespace kmsprep
