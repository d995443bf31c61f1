// The two CSV shapes Windows tools write for an event log:
// - Event Viewer, "Save All Events As... CSV": a header "Level,Date and Time,Source,Event
//   ID,Task Category" and a sixth, unnamed column with the message; no computer name.
// - PowerShell, Get-WinEvent | Export-Csv: "#TYPE System.Diagnostics.Eventing.Reader.
//   EventLogRecord" (Windows PowerShell 5.1; PowerShell 7 omits it), then quoted columns
//   Message, Id, ..., MachineName, ..., TimeCreated, ...
// The KMS fields are the "Info:" part of the message. RFC 4180 quoting (a quoted field may
// span lines); read in blocks, one record at a time.
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "core/strings.hpp"
#include "core/text.hpp"
#include "events/event_export.hpp"
#include "events/event_time.hpp"

namespace kmsprep {
namespace {

constexpr size_t kBlockBytes = 1 << 20;
constexpr size_t kMaximumRecordBytes = 1 << 20;
constexpr size_t kMaximumFields = 256;

class CsvRecords {
 public:
  CsvRecords(ExportInput& input, std::string path)
      : input_(input), path_(std::move(path)), block_(kBlockBytes, '\0') {}

  // The next record into `fields`; false at the end of the file. `line` is the record's first
  // line (1-based).
  // Long on purpose: one walk over the bytes whose state (quoted, after a quote, the field being
  // filled, the record's size) every branch shares; split into calls, that state would travel
  // by reference through the hottest loop of the CSV reader.
  Result<bool> next(std::vector<std::string>& fields, uint64_t& line) {
    size_t used = 0;
    std::string* field = start_field(fields, used);
    line = line_;
    bool quoted = false;
    bool after_quote = false;
    size_t bytes = 0;
    bool any = false;
    while (true) {
      if (position_ == length_) {
        if (!fill()) {
          if (quoted)
            return malformed("a quoted field is not closed before the end of the file", line);
          if (!any) return false;
          fields.resize(used);
          return true;
        }
      }
      // Fast path: the whole run of ordinary bytes in this block, appended at once (a quoted
      // run ends at a quote, an unquoted one at a comma, quote or line end).
      const char* begin = block_.data() + position_;
      const char* end = block_.data() + length_;
      const char* stop = begin;
      if (quoted) {
        const void* quote = std::memchr(begin, '"', static_cast<size_t>(end - begin));
        stop = quote ? static_cast<const char*>(quote) : end;
      } else {
        while (stop != end && *stop != ',' && *stop != '"' && *stop != '\n') ++stop;
      }
      if (stop != begin) {
        const size_t run = static_cast<size_t>(stop - begin);
        bytes += run;
        if (bytes > kMaximumRecordBytes) return too_long(line);
        if (quoted) line_ += static_cast<uint64_t>(std::count(begin, stop, '\n'));
        field->append(begin, run);
        position_ += run;
        after_quote = false;
        any = true;
        continue;
      }
      const char c = block_[position_++];
      any = true;
      if (++bytes > kMaximumRecordBytes) return too_long(line);
      if (c == '\n') ++line_;
      if (quoted) {
        if (c == '"') {
          quoted = false;
          after_quote = true;
        } else {
          field->push_back(c);
        }
        continue;
      }
      if (c == '"') {
        if (after_quote) {
          field->push_back('"');  // "" inside a quoted field
          quoted = true;
          after_quote = false;
        } else if (field->empty()) {
          quoted = true;
        } else {
          return malformed("a quote appears inside an unquoted field", line_);
        }
        continue;
      }
      after_quote = false;
      if (c == ',') {
        if (used >= kMaximumFields) return malformed("a record has more than 256 fields", line);
        field = start_field(fields, used);
      } else if (c == '\n') {
        if (!field->empty() && field->back() == '\r') field->pop_back();
        fields.resize(used);
        return true;
      } else {
        field->push_back(c);
      }
    }
  }

 private:
  std::string* start_field(std::vector<std::string>& fields, size_t& used) {
    if (fields.size() <= used) fields.emplace_back();
    std::string* field = &fields[used++];
    field->clear();
    return field;
  }
  bool fill() {
    length_ = input_.read(block_.data(), block_.size());
    position_ = 0;
    return length_ > 0;
  }
  Error too_long(uint64_t line) const {
    return Error(ErrorCode::event_export_too_large,
                 "the record is longer than " + std::to_string(kMaximumRecordBytes) + " bytes",
                 path_ + ":" + std::to_string(line),
                 "a KMS event is under 2 KiB: the CSV is damaged");
  }
  Error malformed(const std::string& what, uint64_t line) const {
    return Error(ErrorCode::event_csv_malformed, what, path_ + ":" + std::to_string(line),
                 "give the CSV as Event Viewer or Export-Csv wrote it");
  }

  ExportInput& input_;
  std::string path_;
  std::string block_;
  size_t length_ = 0;
  size_t position_ = 0;
  uint64_t line_ = 1;
};

// The comma string after "Info:" in the message ("...processed.\r\nInfo:\r\n0x0, 25, ...").
std::string_view info_of(std::string_view message) {
  const size_t info = message.rfind("Info:");
  if (info == std::string_view::npos) return {};
  return message.substr(info + 5);
}

struct Columns {
  int message = -1;
  int id = -1;
  int time = -1;
  int computer = -1;
};

Result<Columns> export_csv_columns(const std::vector<std::string>& header,
                                   const std::string& where) {
  Columns columns;
  for (size_t i = 0; i < header.size(); ++i) {
    const std::string& name = header[i];
    if (name == "Message") columns.message = static_cast<int>(i);
    if (name == "Id") columns.id = static_cast<int>(i);
    if (name == "TimeCreated") columns.time = static_cast<int>(i);
    if (name == "MachineName") columns.computer = static_cast<int>(i);
  }
  if (columns.message < 0 || columns.id < 0 || columns.time < 0) {
    return Error(ErrorCode::event_csv_malformed,
                 "the Export-Csv header lacks Message, Id or TimeCreated", where,
                 "export with Get-WinEvent -LogName \"Key Management Service\" | Export-Csv FILE "
                 "(no Select-Object that drops those columns)");
  }
  return columns;
}

// Where the KMS fields sit in each record, and how many fields a record has.
struct CsvLayout {
  Columns columns;
  size_t header_fields = 0;
};

// Reads the header: Event Viewer's names five columns for six values; Export-Csv's follows its
// #TYPE. False when the file ends first (a header and nothing else: an empty log).
Result<bool> read_csv_header(CsvRecords& records, std::vector<std::string>& fields,
                             const std::string& path, EventExportFormat format, CsvLayout& layout) {
  uint64_t line = 0;
  while (true) {
    auto more = records.next(fields, line);
    if (!more) return more.error();
    if (!*more) return false;
    if (!fields.empty() && fields[0].rfind("\xEF\xBB\xBF", 0) == 0) fields[0].erase(0, 3);
    if (!fields.empty() && fields[0].rfind("#TYPE", 0) == 0) continue;
    break;
  }
  if (format == EventExportFormat::event_viewer_csv) {
    layout.columns = {5, 3, 1, -1};
    layout.header_fields = 6;
  } else {
    auto found = export_csv_columns(fields, path + ":" + std::to_string(line));
    if (!found) return found.error();
    layout.columns = *found;
    layout.header_fields = fields.size();
  }
  return true;
}

// Fills `event` (its record already set) from one record of a KMS event, `id` its event ID.
Status fill_csv_event(const std::vector<std::string>& fields, const Columns& columns,
                      const std::string& id, KmsEvent& event) {
  const std::string& where = event.record;
  event.event_id = id == "12290" ? kHostRequestEvent : kClientRequestEvent + (id[4] - '8');
  const std::string& time_text = fields[static_cast<size_t>(columns.time)];
  const auto when = parse_export_time(time_text);
  if (!when) {
    return Error(ErrorCode::event_record_malformed,
                 "event " + id + ": the time \"" + escape_for_display(time_text) +
                     "\" is not M/D/YYYY h:mm:ss AM|PM or ISO 8601",
                 where,
                 "export on a machine with the English (United States) date format, or as .evtx");
  }
  event.time = *when;
  event.computer =
      columns.computer >= 0 ? fields[static_cast<size_t>(columns.computer)] : std::string();
  for (char& c : event.computer) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const std::string_view info = info_of(fields[static_cast<size_t>(columns.message)]);
  if (info.empty()) {
    return Error(ErrorCode::event_record_malformed,
                 "event " + id + ": the message has no \"Info:\" part with the KMS fields", where,
                 "export with the message text (Event Viewer's CSV and Export-Csv include it)");
  }
  split_info_fields(info, event.fields);
  if (event.event_id == kHostRequestEvent && event.fields.size() == 10) {
    event.fields.erase(event.fields.begin());  // the undocumented first value (docs/report.md)
  }
  return {};
}

}  // namespace

Status read_event_csv(ExportInput& input, const std::string& path, EventExportFormat format,
                      const KmsEventSink& sink, uint64_t& other_events) {
  CsvRecords records(input, path);
  std::vector<std::string> fields;
  CsvLayout layout;
  auto has_header = read_csv_header(records, fields, path, format, layout);
  if (!has_header) return has_header.error();
  if (!*has_header) return {};
  uint64_t line = 0;
  KmsEvent event;
  while (true) {
    auto more = records.next(fields, line);
    if (!more) return more.error();
    if (!*more) return {};
    if (fields.size() == 1 && fields[0].empty()) continue;  // a blank line
    std::string& where = event.record;                      // reused: no allocation per record
    where.assign(path);
    where += ':';
    where += std::to_string(line);
    if (fields.size() != layout.header_fields) {
      return Error(ErrorCode::event_csv_malformed,
                   "the record has " + std::to_string(fields.size()) + " fields, the header " +
                       std::to_string(layout.header_fields),
                   where, "give the CSV as Event Viewer or Export-Csv wrote it, unedited");
    }
    const std::string& id = fields[static_cast<size_t>(layout.columns.id)];
    if (id != "12288" && id != "12289" && id != "12290") {
      ++other_events;
      continue;
    }
    if (Status filled = fill_csv_event(fields, layout.columns, id, event); !filled) return filled;
    if (auto sunk = sink(event); !sunk) return sunk;
  }
}

}  // namespace kmsprep
