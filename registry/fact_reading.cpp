#include "registry/fact_reading.hpp"

namespace kmsprep::registry_detail {

Status read_string_fact(const Hive& hive, std::string_view key_path, std::string_view name,
                        OptionalFact<std::string>& fact) {
  auto value = hive.value(key_path, name);
  if (!value) return value.error();
  if (!*value) {
    fact.reset();
    return ok_status();
  }
  auto text = (*value)->as_string();
  if (!text) return Error(text.error()).within(hive.display_name());
  fact = RegistryFact<std::string>{*text, (*value)->source()};
  return ok_status();
}

Status read_dword_fact(const Hive& hive, std::string_view key_path, std::string_view name,
                       OptionalFact<uint32_t>& fact) {
  auto value = hive.value(key_path, name);
  if (!value) return value.error();
  if (!*value) {
    fact.reset();
    return ok_status();
  }
  auto number = (*value)->as_dword();
  if (!number) return Error(number.error()).within(hive.display_name());
  fact = RegistryFact<uint32_t>{*number, (*value)->source()};
  return ok_status();
}

}  // namespace kmsprep::registry_detail
