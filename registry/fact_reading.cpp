#include "registry/fact_reading.hpp"

namespace kmsprep::registry_detail {

Result<OptionalFact<std::string>> read_string_fact(const Hive& hive, std::string_view key_path,
                                                   std::string_view name) {
  auto value = hive.value(key_path, name);
  if (!value) return value.error();
  if (!*value) return OptionalFact<std::string>();
  auto text = (*value)->as_string();
  if (!text) return Error(text.error()).within(hive.display_name());
  return OptionalFact<std::string>(RegistryFact<std::string>{*text, (*value)->source()});
}

Result<OptionalFact<uint32_t>> read_dword_fact(const Hive& hive, std::string_view key_path,
                                               std::string_view name) {
  auto value = hive.value(key_path, name);
  if (!value) return value.error();
  if (!*value) return OptionalFact<uint32_t>();
  auto number = (*value)->as_dword();
  if (!number) return Error(number.error()).within(hive.display_name());
  return OptionalFact<uint32_t>(RegistryFact<uint32_t>{*number, (*value)->source()});
}

}  // namespace kmsprep::registry_detail
