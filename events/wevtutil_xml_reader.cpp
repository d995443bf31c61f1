// The XML of `wevtutil qe LOG /f:xml`: <Event> elements one after another with no root (or
// inside <Events> with /e:Events). Read in blocks and parsed one event at a time, so a large
// export never sits in memory whole.
#include <algorithm>
#include <cstdio>
#include <string>

#include "events/event_export.hpp"
#include "events/event_xml.hpp"

namespace kmsprep {
namespace {

constexpr size_t kBlockBytes = 1 << 20;

// The start of the next top-level "<Event" element (not <Events>, <EventData>, <EventID>).
size_t find_event_start(const std::string& buffer, size_t from) {
  for (size_t at = buffer.find("<Event", from); at != std::string::npos;
       at = buffer.find("<Event", at + 6)) {
    if (at + 6 >= buffer.size()) return at;  // undecided until more bytes arrive
    const char next = buffer[at + 6];
    if (next == '>' || next == ' ' || next == '\t' || next == '\r' || next == '\n' || next == '/')
      return at;
  }
  return std::string::npos;
}

// Text between events may hold the XML declaration and the <Events> wrapper; a DOCTYPE or an
// ENTITY there is how XML bombs arrive.
bool has_declaration(std::string_view between) {
  for (size_t lt = between.find("<!"); lt != std::string_view::npos;
       lt = between.find("<!", lt + 2)) {
    std::string head(between.substr(lt + 2, 7));
    for (char& c : head) c = static_cast<char>(c | 0x20);
    if (head.rfind("doctype", 0) == 0 || head.rfind("entity", 0) == 0) return true;
  }
  return false;
}

// The export read in blocks: `buffer` holds the bytes from the first unread event on.
struct XmlExport {
  XmlExport(ExportInput& export_input, const std::string& export_path)
      : input(export_input), path(export_path), block(kBlockBytes, '\0') {}

  // The text from `scan` to the next event must declare nothing.
  Status check_between(size_t start) const {
    const size_t between_end = start == std::string::npos ? buffer.size() : start;
    if (has_declaration(
            std::string_view(buffer).substr(scan, between_end - std::min(scan, between_end)))) {
      return Error(ErrorCode::xml_doctype_forbidden,
                   "the export declares a DOCTYPE or an entity before event " +
                       std::to_string(ordinal + 1) + " (an XML bomb, or not what Windows wrote)",
                   path + " event " + std::to_string(ordinal + 1) + " (near byte " +
                       std::to_string(consumed + scan) + ")",
                   "give the XML wevtutil qe writes; it never declares a DOCTYPE");
    }
    return {};
  }

  // The event in buffer[start, end) to the sink, or counted as another event.
  Status read_event(size_t start, size_t end, KmsEvent& event, const KmsEventSink& sink,
                    uint64_t& other_events) {
    ++ordinal;
    event.record = path + " event " + std::to_string(ordinal) + " (byte " +
                   std::to_string(consumed + start) + ")";
    auto kms = read_event_xml(std::string_view(buffer).substr(start, end - start), event);
    if (!kms) return kms.error();
    if (*kms) {
      if (auto sunk = sink(event); !sunk) return sunk;
    } else {
      ++other_events;
    }
    scan = end;
    return {};
  }

  // An event not closed in the buffer: too large, or cut off at the end of the file.
  Status check_unfinished(size_t start) const {
    if (start != std::string::npos && buffer.size() - start > kMaximumEventXmlBytes) {
      return Error(ErrorCode::event_export_too_large,
                   "event " + std::to_string(ordinal + 1) + " is larger than " +
                       std::to_string(kMaximumEventXmlBytes) + " bytes",
                   path + " byte " + std::to_string(consumed + start),
                   "a KMS event is under 2 KiB: the export is damaged or hostile");
    }
    if (end_of_file && start != std::string::npos) {
      return Error(ErrorCode::xml_malformed,
                   "event " + std::to_string(ordinal + 1) + " is cut off at the end of the file",
                   path + " byte " + std::to_string(consumed + start),
                   "the export is truncated: export the log again");
    }
    return {};
  }

  // Keeps from the unfinished event on (or a tail that may hold the start of "<Event") and
  // appends the next block.
  void read_more(size_t start) {
    const size_t keep_from = start != std::string::npos ? start
                             : buffer.size() > 16       ? buffer.size() - 16
                                                        : 0;
    buffer.erase(0, keep_from);
    consumed += keep_from;
    scan = 0;
    const size_t read = input.read(block.data(), block.size());
    if (read == 0) end_of_file = true;
    buffer.append(block.data(), read);
  }

  ExportInput& input;
  const std::string& path;
  std::string buffer;
  std::string block;
  uint64_t consumed = 0;  // bytes of the file before buffer[0]
  uint64_t ordinal = 0;
  bool end_of_file = false;
  size_t scan = 0;
};

}  // namespace

Status read_wevtutil_xml(ExportInput& input, const std::string& path, const KmsEventSink& sink,
                         uint64_t& other_events) {
  XmlExport xml(input, path);
  KmsEvent event;
  while (true) {
    const size_t start = find_event_start(xml.buffer, xml.scan);
    if (Status clean = xml.check_between(start); !clean) return clean;
    size_t end =
        start == std::string::npos ? std::string::npos : xml.buffer.find("</Event>", start);
    if (end != std::string::npos) {
      if (Status read = xml.read_event(start, end + 8, event, sink, other_events); !read) {
        return read;
      }
      continue;
    }
    if (Status whole = xml.check_unfinished(start); !whole) return whole;
    if (xml.end_of_file) return {};
    xml.read_more(start);
  }
}

}  // namespace kmsprep
