// libevtx loaded at run time: dlopen("libevtx.so.1") the first time a .evtx file is read, and
// a table of the libevtx functions events/evtx_reader.cpp calls. Keeps libevtx and libbfio out
// of the start-up of every command that reads no event log. Internal to events/.
#pragma once

#include <libevtx.h>

#include "core/result.hpp"

namespace kmsprep {

// Every libevtx function kmsprep calls, by its name without the "libevtx_" prefix. The pointer
// types come from the libevtx header (decltype), so a prototype cannot drift from the library's.
// One list, laid out by hand: clang-format reflows X-macro lists unstably.
// clang-format off
#define KMSPREP_EVTX_FUNCTIONS(X)                                                             \
  X(error_free) X(error_sprint) X(file_close) X(file_free)                                    \
  X(file_get_number_of_records) X(file_get_number_of_recovered_records)                       \
  X(file_get_record_by_index) X(file_initialize) X(file_is_corrupted) X(file_open)            \
  X(record_free) X(record_get_identifier) X(record_get_utf8_xml_string)                       \
  X(record_get_utf8_xml_string_size)
// clang-format on

struct EvtxLibrary {
#define KMSPREP_EVTX_POINTER(name) decltype(&::libevtx_##name) name = nullptr;
  KMSPREP_EVTX_FUNCTIONS(KMSPREP_EVTX_POINTER)
#undef KMSPREP_EVTX_POINTER
};

// Loads libevtx.so.1 and resolves every function on the first call; later calls return the
// same outcome. A missing library or function is ErrorCode::tool_missing (exit 4).
Result<const EvtxLibrary*> load_evtx_library();

// The loaded table. Only for code that already holds a libevtx object, which exists only once
// load_evtx_library() succeeded; aborts otherwise.
const EvtxLibrary& libevtx();

}  // namespace kmsprep
