#include "events/event_export.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include "core/file_system.hpp"

namespace kmsprep {
namespace {

struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// The first non-blank bytes after a UTF-8 BOM decide the format; nothing else is guessed.
Result<EventExportFormat> detect(std::string_view head, const std::string& path) {
  if (starts_with(head, std::string_view("ElfFile\0", 8))) return EventExportFormat::evtx;
  if (starts_with(head, "\xEF\xBB\xBF")) head.remove_prefix(3);
  while (!head.empty() &&
         (head[0] == ' ' || head[0] == '\r' || head[0] == '\n' || head[0] == '\t')) {
    head.remove_prefix(1);
  }
  if (starts_with(head, "<")) return EventExportFormat::wevtutil_xml;
  if (starts_with(head, "Level,Date and Time,Source,Event ID,Task Category")) {
    return EventExportFormat::event_viewer_csv;
  }
  if (starts_with(head, "#TYPE System.Diagnostics.Eventing.Reader.EventLogRecord") ||
      (starts_with(head, "\"") && head.find("\"TimeCreated\"") != std::string_view::npos &&
       head.find("\"Id\"") != std::string_view::npos)) {
    return EventExportFormat::export_csv;
  }
  std::string hint =
      "give an .evtx file (wevtutil epl \"Key Management Service\" kms.evtx), the XML of "
      "wevtutil qe \"Key Management Service\" /f:xml, or an English Event Viewer or Export-Csv CSV";
  if (starts_with(head, "\xFF\xFE") || starts_with(head, "\xFE\xFF")) {
    hint = "the file is UTF-16: convert it to UTF-8 first (iconv -f UTF-16 -t UTF-8), or " + hint;
  }
  return Error(ErrorCode::event_export_unrecognised,
               "the file's first bytes match no export format", path, hint);
}

}  // namespace

const char* to_string(EventExportFormat format) {
  switch (format) {
    case EventExportFormat::evtx:
      return "evtx";
    case EventExportFormat::wevtutil_xml:
      return "xml";
    case EventExportFormat::event_viewer_csv:
      return "event-viewer-csv";
    case EventExportFormat::export_csv:
      return "export-csv";
  }
  return "unknown";
}

Result<EventExportFormat> read_event_export(const std::string& path, const KmsEventSink& sink,
                                            uint64_t& other_events) {
  FileStatus status;
  if (const int error = status_of_target(path, status); error != 0) {
    return Error::not_found("cannot open the event export: " + std::string(std::strerror(error)),
                            path, "give the path of an exported event log");
  }
  if (status.kind == FileKind::directory) {
    return Error(ErrorCode::path_is_directory, "the event export is a directory", path,
                 "give the exported files themselves (kms.evtx, kms.xml, kms.csv)");
  }
  std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
  if (!file) return Error::io("cannot open the event export", path, errno);
  std::string head(4096, '\0');
  head.resize(std::fread(head.data(), 1, head.size(), file.get()));
  auto format = detect(head, path);
  if (!format) return format.error();
  Status read;
  if (*format == EventExportFormat::evtx) {
    // libevtx opens the path itself and seeks through it: a pipe cannot be read twice.
    if (status.kind != FileKind::file) {
      return Error(ErrorCode::evtx_not_a_file, "the .evtx export is a pipe or device", path,
                   "copy the .evtx file to disk first (XML and CSV exports can be piped)");
    }
    file.reset();
    read = read_evtx_file(path, sink, other_events);
  } else {
    ExportInput input(file.get(), std::move(head));
    read = *format == EventExportFormat::wevtutil_xml
               ? read_wevtutil_xml(input, path, sink, other_events)
               : read_event_csv(input, path, *format, sink, other_events);
  }
  if (!read) return read.error();
  return *format;
}

}  // namespace kmsprep
