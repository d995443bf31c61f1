// RegistryFact<T>: a value read from a hive together with where it was read
// ("SOFTWARE\Microsoft\Windows NT\CurrentVersion\EditionID"), so every report can say where a
// fact came from. Used by the readers in registry/ and by servicing/.
#pragma once

#include <optional>
#include <string>

namespace kmsprep {

template <typename T>
struct RegistryFact {
  T value;
  std::string source;
};

template <typename T>
using OptionalFact = std::optional<RegistryFact<T>>;

}  // namespace kmsprep
