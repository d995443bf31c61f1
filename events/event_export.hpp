// Reading an event export of any supported kind, chosen by content: an .evtx file ("ElfFile"
// signature, through libevtx), the XML of wevtutil qe /f:xml (a "<" first), or the CSV of
// Event Viewer's "Save All Events As" and of Get-WinEvent | Export-Csv (by their header).
// Every reader streams: memory does not grow with the number of events. Callers: cli/.
#pragma once

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>

#include "core/result.hpp"
#include "events/kms_event.hpp"

namespace kmsprep {

enum class EventExportFormat { evtx, wevtutil_xml, event_viewer_csv, export_csv };
const char* to_string(EventExportFormat format);  // "evtx", "xml", "event-viewer-csv", "export-csv"

// Calls `sink` for every 12288/12289/12290 event of the file; other events are skipped and
// counted in `other_events`. Bad input (exit 3) names the file and the record.
Result<EventExportFormat> read_event_export(const std::string& path, const KmsEventSink& sink,
                                            uint64_t& other_events);

// An open text export read in blocks: the bytes format detection read come first, so a pipe
// (`kmsprep report /dev/stdin`) is read once and never rewound.
class ExportInput {
 public:
  ExportInput(std::FILE* file, std::string head) : file_(file), head_(std::move(head)) {}
  // Up to `size` bytes into `buffer`; 0 at the end of the input.
  size_t read(char* buffer, size_t size) {
    if (head_used_ < head_.size()) {
      const size_t count = std::min(size, head_.size() - head_used_);
      std::memcpy(buffer, head_.data() + head_used_, count);
      head_used_ += count;
      return count;
    }
    return std::fread(buffer, 1, size, file_);
  }

 private:
  std::FILE* file_;
  std::string head_;
  size_t head_used_ = 0;
};

// The readers behind read_event_export, one per format (events/*_reader.cpp).
Status read_evtx_file(const std::string& path, const KmsEventSink& sink, uint64_t& other_events);
Status read_wevtutil_xml(ExportInput& input, const std::string& path, const KmsEventSink& sink,
                         uint64_t& other_events);
Status read_event_csv(ExportInput& input, const std::string& path, EventExportFormat format,
                      const KmsEventSink& sink, uint64_t& other_events);

}  // namespace kmsprep
