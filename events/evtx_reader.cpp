// .evtx files through libevtx (Debian libevtx1): every record rendered to the event XML and
// read like wevtutil's. libevtx skips chunks whose CRC32 fails and flags the file corrupted;
// kmsprep refuses such a file rather than report on part of it.
#include <string>

#include "events/event_export.hpp"
#include "events/event_xml.hpp"
#include "events/evtx_library.hpp"

namespace kmsprep {
namespace {

std::string take_message(libevtx_error_t*& error) {
  if (!error) return "libevtx gave no reason";
  char text[1024] = {};
  libevtx().error_sprint(error, text, sizeof text);
  libevtx().error_free(&error);
  std::string message(text);
  while (!message.empty() && (message.back() == '\n' || message.back() == '.')) message.pop_back();
  // libevtx stacks its backtrace with newlines: the last line is the innermost cause.
  const size_t newline = message.rfind('\n');
  return newline == std::string::npos ? message : message.substr(newline + 1);
}

Error corrupt(const std::string& detail, const std::string& location) {
  return Error(ErrorCode::evtx_corrupt, detail, location,
               "export the log again on Windows (wevtutil epl \"Key Management Service\" kms.evtx) "
               "and copy it whole");
}

struct FileHandle {
  libevtx_file_t* file = nullptr;
  bool open = false;
  ~FileHandle() {
    if (open) libevtx().file_close(file, nullptr);
    if (file) libevtx().file_free(&file, nullptr);
  }
};

struct RecordHandle {
  libevtx_record_t* record = nullptr;
  ~RecordHandle() {
    if (record) libevtx().record_free(&record, nullptr);
  }
};

// Opens the file and counts its records.
Status open_evtx(FileHandle& handle, const std::string& path, int& records) {
  libevtx_error_t* error = nullptr;
  if (libevtx().file_initialize(&handle.file, &error) != 1) {
    return Error(ErrorCode::internal, "libevtx cannot start: " + take_message(error), path);
  }
  if (libevtx().file_open(handle.file, path.c_str(), kEvtxOpenRead, &error) != 1) {
    return corrupt("libevtx cannot open it: " + take_message(error), path);
  }
  handle.open = true;
  if (libevtx().file_get_number_of_records(handle.file, &records, &error) != 1) {
    return corrupt("libevtx cannot count its records: " + take_message(error), path);
  }
  return {};
}

// Record `index` rendered into `xml` (reused between records), and where it is into
// event.record: "kms.evtx record 17 (EventRecordID 1234)".
Status render_record(FileHandle& handle, int index, const std::string& where, std::string& xml,
                     KmsEvent& event) {
  libevtx_error_t* error = nullptr;
  RecordHandle record;
  if (libevtx().file_get_record_by_index(handle.file, index, &record.record, &error) != 1) {
    return corrupt(
        "record " + std::to_string(index + 1) + " cannot be read: " + take_message(error), where);
  }
  size_t size = 0;
  if (libevtx().record_get_utf8_xml_string_size(record.record, &size, &error) != 1 || size == 0 ||
      size > kMaximumEventXmlBytes) {
    return corrupt("record " + std::to_string(index + 1) + " cannot be rendered as XML" +
                       (error ? ": " + take_message(error) : ""),
                   where);
  }
  xml.assign(size, '\0');
  if (libevtx().record_get_utf8_xml_string(record.record, reinterpret_cast<uint8_t*>(xml.data()),
                                           size, &error) != 1) {
    return corrupt("record " + std::to_string(index + 1) +
                       " cannot be rendered as XML: " + take_message(error),
                   where);
  }
  xml.resize(size - 1);  // the terminating NUL
  uint64_t identifier = 0;
  if (libevtx().record_get_identifier(record.record, &identifier, nullptr) == 1) {
    event.record = where + " (EventRecordID " + std::to_string(identifier) + ")";
  } else {
    event.record = where;
  }
  return {};
}

// After the last record: libevtx flags a file whose chunks it skipped.
Status check_not_corrupted(FileHandle& handle, const std::string& path, int records) {
  int corrupted = libevtx().file_is_corrupted(handle.file, nullptr);
  int recovered = 0;
  libevtx().file_get_number_of_recovered_records(handle.file, &recovered, nullptr);
  if (corrupted == 1 || (records == 0 && recovered > 0)) {
    return corrupt(
        "libevtx read " + std::to_string(records) +
            " records and flags the file corrupted: a chunk is truncated or fails its CRC32 "
            "check, so records after record " +
            std::to_string(records) + " are missing",
        path + " record " + std::to_string(records + 1));
  }
  return {};
}

}  // namespace

Status read_evtx_file(const std::string& path, const KmsEventSink& sink, uint64_t& other_events) {
  if (auto library = load_evtx_library(); !library) return std::move(library).error();
  FileHandle handle;
  int records = 0;
  if (Status opened = open_evtx(handle, path, records); !opened) return opened;
  KmsEvent event;
  std::string xml;
  for (int index = 0; index < records; ++index) {
    const std::string where = path + " record " + std::to_string(index + 1);
    if (Status rendered = render_record(handle, index, where, xml, event); !rendered) {
      return rendered;
    }
    auto kms = read_event_xml(xml, event);
    if (!kms) return kms.error();
    if (*kms) {
      if (auto sunk = sink(event); !sunk) return sunk;
    } else {
      ++other_events;
    }
  }
  return check_not_corrupted(handle, path, records);
}

}  // namespace kmsprep
