// libevtx loaded at run time: dlopen("libevtx.so.1") the first time a .evtx file is read, and
// a table of the libevtx functions events/evtx_reader.cpp calls. Keeps libevtx and libbfio out
// of the start-up of every command that reads no event log. Internal to events/.
#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "core/result.hpp"

namespace kmsprep {

// The part of <libevtx.h> kmsprep uses, declared here because the Windows build has no libevtx
// (evtx_library_windows.cpp); evtx_library_posix.cpp checks every prototype below against the
// header, so none can drift from the library's. libevtx's handles are opaque intptr_t.
using libevtx_error_t = intptr_t;
using libevtx_file_t = intptr_t;
using libevtx_record_t = intptr_t;
constexpr int kEvtxOpenRead = 1;  // LIBEVTX_OPEN_READ

// Every libevtx function kmsprep calls, by its name without the "libevtx_" prefix, and its type.
// One list, laid out by hand: clang-format reflows X-macro lists unstably.
// clang-format off
#define KMSPREP_EVTX_FUNCTIONS(X)                                                                  \
  X(error_free, void(libevtx_error_t**))                                                           \
  X(error_sprint, int(libevtx_error_t*, char* text, size_t size))                                  \
  X(file_close, int(libevtx_file_t*, libevtx_error_t**))                                           \
  X(file_free, int(libevtx_file_t**, libevtx_error_t**))                                           \
  X(file_get_number_of_records, int(libevtx_file_t*, int* records, libevtx_error_t**))             \
  X(file_get_number_of_recovered_records,                                                          \
    int(libevtx_file_t*, int* records, libevtx_error_t**))                                         \
  X(file_get_record_by_index,                                                                      \
    int(libevtx_file_t*, int index, libevtx_record_t**, libevtx_error_t**))                        \
  X(file_initialize, int(libevtx_file_t**, libevtx_error_t**))                                     \
  X(file_is_corrupted, int(libevtx_file_t*, libevtx_error_t**))                                    \
  X(file_open, int(libevtx_file_t*, const char* path, int access, libevtx_error_t**))              \
  X(record_free, int(libevtx_record_t**, libevtx_error_t**))                                       \
  X(record_get_identifier, int(libevtx_record_t*, uint64_t* identifier, libevtx_error_t**))        \
  X(record_get_utf8_xml_string,                                                                    \
    int(libevtx_record_t*, uint8_t* text, size_t size, libevtx_error_t**))                         \
  X(record_get_utf8_xml_string_size, int(libevtx_record_t*, size_t* size, libevtx_error_t**))
// clang-format on

struct EvtxLibrary {
#define KMSPREP_EVTX_POINTER(name, type) std::add_pointer_t<type> name = nullptr;
  KMSPREP_EVTX_FUNCTIONS(KMSPREP_EVTX_POINTER)
#undef KMSPREP_EVTX_POINTER
};

// Loads libevtx.so.1 and resolves every function on the first call; later calls return the
// same outcome. A missing library or function is ErrorCode::tool_missing (exit 4); on Windows,
// which has no libevtx build yet, always that error.
Result<const EvtxLibrary*> load_evtx_library();

// The loaded table. Only for code that already holds a libevtx object, which exists only once
// load_evtx_library() succeeded; aborts otherwise.
const EvtxLibrary& libevtx();

}  // namespace kmsprep
