// The compile-time proof that hivex_library.hpp's own declarations of hivex's types and
// functions agree with <hivex.h>, so that the table's pointers can hold hivex's functions.
// Included by hivex_library_posix.cpp (dlopen) and hivex_library_windows.cpp (linked static).
#pragma once

#include <hivex.h>

#include <cstddef>
#include <type_traits>

#include "registry/hivex_library.hpp"

namespace kmsprep {
namespace hivex_header_check {

// hivex_library.hpp's declarations, turned into <hivex.h>'s: a function type of the table with
// every kmsprep:: hivex type replaced by the header's. Equal to decltype(&::hivex_NAME) when
// the prototypes agree.
template <typename T>
struct InHivexHeader {
  using type = T;
};
template <typename T>
using in_hivex_header = typename InHivexHeader<T>::type;
template <>
struct InHivexHeader<hive_h> {
  using type = ::hive_h;
};
template <>
struct InHivexHeader<hive_type> {
  using type = ::hive_type;
};
template <>
struct InHivexHeader<hive_set_value> {
  using type = ::hive_set_value;
};
template <typename T>
struct InHivexHeader<T*> {
  using type = in_hivex_header<T>*;
};
template <typename T>
struct InHivexHeader<const T> {
  using type = const in_hivex_header<T>;
};
template <typename Result, typename... Arguments>
struct InHivexHeader<Result (*)(Arguments...)> {
  using type = in_hivex_header<Result> (*)(in_hivex_header<Arguments>...);
};

#define KMSPREP_HIVEX_CHECK(name, type)                                                     \
  static_assert(                                                                            \
      std::is_same_v<in_hivex_header<std::add_pointer_t<type>>, decltype(&::hivex_##name)>, \
      "hivex_library.hpp's hivex_" #name " differs from <hivex.h>'s");
KMSPREP_HIVEX_FUNCTIONS(KMSPREP_HIVEX_CHECK)
#undef KMSPREP_HIVEX_CHECK

static_assert(sizeof(hive_type) == sizeof(::hive_type));
constexpr bool same_number(hive_type ours, ::hive_type theirs) {
  return static_cast<int>(ours) == static_cast<int>(theirs);
}
static_assert(same_number(hive_t_REG_NONE, ::hive_t_REG_NONE) &&
              same_number(hive_t_REG_SZ, ::hive_t_REG_SZ) &&
              same_number(hive_t_REG_DWORD, ::hive_t_REG_DWORD) &&
              same_number(hive_t_REG_QWORD, ::hive_t_REG_QWORD));
static_assert(sizeof(hive_set_value) == sizeof(::hive_set_value) &&
              offsetof(hive_set_value, key) == offsetof(::hive_set_value, key) &&
              offsetof(hive_set_value, t) == offsetof(::hive_set_value, t) &&
              offsetof(hive_set_value, len) == offsetof(::hive_set_value, len) &&
              offsetof(hive_set_value, value) == offsetof(::hive_set_value, value));
static_assert(kHivexOpenWrite == HIVEX_OPEN_WRITE);

}  // namespace hivex_header_check
}  // namespace kmsprep
