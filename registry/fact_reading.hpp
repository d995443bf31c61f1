// Reading one typed value of a hive into an OptionalFact, for the fact readers of registry/
// (installation_facts, kms_client_settings). Internal to the module.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "registry/hive.hpp"
#include "registry/registry_fact.hpp"

namespace kmsprep::registry_detail {

// Sets `fact` to the value, or to nullopt when it is absent; a wrong type or size is an error
// naming the hive and the value (and leaves `fact` alone).
Status read_string_fact(const Hive& hive, std::string_view key_path, std::string_view name,
                        OptionalFact<std::string>& fact);
Status read_dword_fact(const Hive& hive, std::string_view key_path, std::string_view name,
                       OptionalFact<uint32_t>& fact);

}  // namespace kmsprep::registry_detail
