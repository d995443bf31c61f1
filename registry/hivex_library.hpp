// hivex loaded at run time: dlopen("libhivex.so.0") the first time a hive is opened, and a
// table of the hivex functions registry/hive.cpp calls. Keeps libhivex out of the start-up of
// every command that reads no hive (a WIM put, a simulation). Internal to registry/.
#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "core/result.hpp"

namespace kmsprep {

// The part of <hivex.h> kmsprep uses, declared here because the Windows build has no hivex
// (hivex_library_windows.cpp); hivex_library_posix.cpp checks every type and prototype below
// against the header, so none can drift from the library's.
struct hive_h;                // hivex's handle, opaque
using hive_node_h = size_t;   // a key's offset in the hive, 0 for none
using hive_value_h = size_t;  // a value's offset, 0 for none
enum hive_type {
  hive_t_REG_NONE = 0,
  hive_t_REG_SZ = 1,
  hive_t_REG_DWORD = 4,
  hive_t_REG_QWORD = 11,  // the last one hivex names: the enumeration's range is the library's
};
struct hive_set_value {
  char* key;
  hive_type t;
  size_t len;
  char* value;
};
constexpr int kHivexOpenWrite = 4;  // HIVEX_OPEN_WRITE

// Every hivex function kmsprep calls, by its name without the "hivex_" prefix, and its type.
// One list, laid out by hand: clang-format reflows X-macro lists unstably.
// clang-format off
#define KMSPREP_HIVEX_FUNCTIONS(X)                                                                 \
  X(close, int(hive_h*))                                                                           \
  X(commit, int(hive_h*, const char* filename, int flags))                                         \
  X(node_add_child, hive_node_h(hive_h*, hive_node_h parent, const char* name))                    \
  X(node_children, hive_node_h*(hive_h*, hive_node_h))                                             \
  X(node_get_child, hive_node_h(hive_h*, hive_node_h, const char* name))                           \
  X(node_get_value, hive_value_h(hive_h*, hive_node_h, const char* key))                           \
  X(node_name, char*(hive_h*, hive_node_h))                                                        \
  X(node_set_value, int(hive_h*, hive_node_h, const hive_set_value*, int flags))                   \
  X(node_set_values,                                                                               \
    int(hive_h*, hive_node_h, size_t count, const hive_set_value*, int flags))                     \
  X(node_values, hive_value_h*(hive_h*, hive_node_h))                                              \
  X(open, hive_h*(const char* filename, int flags))                                                \
  X(root, hive_node_h(hive_h*))                                                                    \
  X(value_key, char*(hive_h*, hive_value_h))                                                       \
  X(value_type, int(hive_h*, hive_value_h, hive_type*, size_t* length))                            \
  X(value_value, char*(hive_h*, hive_value_h, hive_type*, size_t* length))
// clang-format on

struct HivexLibrary {
#define KMSPREP_HIVEX_POINTER(name, type) std::add_pointer_t<type> name = nullptr;
  KMSPREP_HIVEX_FUNCTIONS(KMSPREP_HIVEX_POINTER)
#undef KMSPREP_HIVEX_POINTER
};

// Loads libhivex.so.0 and resolves every function on the first call; later calls return the
// same outcome. A missing library or function is ErrorCode::tool_missing (exit 4); on Windows,
// which has no hivex build yet, always that error.
Result<const HivexLibrary*> load_hivex_library();

// The loaded table. Only for code that already holds a hive_h, which exists only once
// load_hivex_library() succeeded; aborts otherwise.
const HivexLibrary& hivex();

}  // namespace kmsprep
