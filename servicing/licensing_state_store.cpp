#include "servicing/licensing_state_store.hpp"

#include "servicing/answer_file_locator.hpp"
#include "servicing/installation_registry.hpp"
#include "unattend/activation_catalog.hpp"
#include "unattend/answer_file.hpp"

namespace kmsprep {
namespace {

ImagePath state_path() { return *ImagePath::parse(kLicensingStatePath); }

}  // namespace

Result<std::optional<LicensingState>> read_licensing_state(Image& image) {
  auto entry = image.stat(state_path());
  if (!entry) return std::move(entry).error();
  if (!*entry || (*entry)->type != EntryType::file) return std::optional<LicensingState>();
  auto bytes = image.read((*entry)->path);
  if (!bytes) return std::move(bytes).error();
  auto state = parse_licensing_state(*bytes, image.source() + ": " + (*entry)->path.to_string());
  if (!state) return std::move(state).error();
  return std::optional<LicensingState>(std::move(*state));
}

Status stage_licensing_state(Image& image, const LicensingState& state) {
  return image.write(state_path(), serialize_licensing_state(state));
}

Result<InstalledProduct> find_installed_product(Image& image) {
  InstalledProduct installed;
  auto state = read_licensing_state(image);
  if (!state) return std::move(state).error();
  installed.state = std::move(*state);

  auto search = locate_answer_files(image);
  if (!search) return std::move(search).error();
  for (const auto& choice : search->used) {
    if (choice.pass != "specialize" || !choice.path) continue;
    auto path = ImagePath::parse(*choice.path);
    if (!path) break;
    auto bytes = image.read(*path);
    if (!bytes) return std::move(bytes).error();
    auto file = AnswerFile::parse(*bytes, *choice.path);
    if (!file) break;  // locate already reported why it cannot be read
    const XmlElement* element =
        file->find(SettingAddress{"specialize", kShellSetupComponent, "ProductKey"});
    if (!element) break;
    auto key = ProductKey::parse(element->text);
    if (key) {
      installed.answer_file_key = *key;
      installed.answer_file_key_location = *choice.path + ":" + std::to_string(element->line);
    }
  }
  if (installed.state) {
    installed.product = find_gvlk_by_product_id(installed.state->product_id);
  } else if (installed.answer_file_key) {
    installed.product = find_gvlk_by_key(*installed.answer_file_key);
  }
  return installed;
}

std::optional<LicensingState> effective_licensing_state(const InstalledProduct& installed,
                                                        std::optional<int> build) {
  if (installed.state) return installed.state;
  if (installed.product) return implied_licensing_state(*installed.product, {}, build);
  return std::nullopt;
}

Result<std::optional<int>> installation_build(ImageSession& session) {
  if (auto build = session.build()) return build;
  auto registry = read_installation_registry(session.image());
  if (!registry) return std::move(registry).error();
  if (!*registry) return std::optional<int>();
  return (*registry)->facts.build();
}

}  // namespace kmsprep
