// Linux: libhivex.so.0 through dlopen (core/shared_library), its functions checked against
// <hivex.h> at compile time.
#include <hivex.h>

#include <string>
#include <type_traits>

#include "core/shared_library.hpp"
#include "registry/hivex_library.hpp"

namespace kmsprep {
namespace {

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

constexpr SharedLibrarySource kLibhivex = {
    "libhivex.so.0", "to read registry hives",
    "install libhivex0 (apt-get install libhivex0); the commands that read or edit an image's "
    "registry hives need it",
    "a hivex older than Debian 12's?"};

const FunctionTable<HivexLibrary>& table() {
  static const FunctionTable<HivexLibrary> table(
      kLibhivex, [](const SharedLibrary& library, HivexLibrary& functions, std::string& missing) {
#define KMSPREP_HIVEX_RESOLVE(name, type) \
  resolve_symbol(library, "hivex_" #name, functions.name, missing);
        KMSPREP_HIVEX_FUNCTIONS(KMSPREP_HIVEX_RESOLVE)
#undef KMSPREP_HIVEX_RESOLVE
      });
  return table;
}

}  // namespace

Result<const HivexLibrary*> load_hivex_library() { return table().get(); }

const HivexLibrary& hivex() { return table().loaded(); }

}  // namespace kmsprep
