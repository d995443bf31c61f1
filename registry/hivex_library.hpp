// hivex loaded at run time: dlopen("libhivex.so.0") the first time a hive is opened, and a
// table of the hivex functions registry/hive.cpp calls. Keeps libhivex out of the start-up of
// every command that reads no hive (a WIM put, a simulation). Internal to registry/.
#pragma once

#include <hivex.h>

#include "core/result.hpp"

namespace kmsprep {

// Every hivex function kmsprep calls, by its name without the "hivex_" prefix. The pointer
// types come from the hivex header (decltype), so a prototype cannot drift from the library's.
// One list, laid out by hand: clang-format reflows X-macro lists unstably.
// clang-format off
#define KMSPREP_HIVEX_FUNCTIONS(X)                                                            \
  X(close) X(commit) X(node_add_child) X(node_children) X(node_get_child) X(node_get_value)   \
  X(node_name) X(node_set_value) X(node_set_values) X(node_values) X(open) X(root)            \
  X(value_key) X(value_type) X(value_value)
// clang-format on

struct HivexLibrary {
#define KMSPREP_HIVEX_POINTER(name) decltype(&::hivex_##name) name = nullptr;
  KMSPREP_HIVEX_FUNCTIONS(KMSPREP_HIVEX_POINTER)
#undef KMSPREP_HIVEX_POINTER
};

// Loads libhivex.so.0 and resolves every function on the first call; later calls return the
// same outcome. A missing library or function is ErrorCode::tool_missing (exit 4).
Result<const HivexLibrary*> load_hivex_library();

// The loaded table. Only for code that already holds a hive_h, which exists only once
// load_hivex_library() succeeded; aborts otherwise.
const HivexLibrary& hivex();

}  // namespace kmsprep
