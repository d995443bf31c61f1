#include "events/event_xml.hpp"

#include <cctype>
#include <pugixml.hpp>

#include "events/event_time.hpp"

namespace kmsprep {
namespace {

bool declares_doctype_or_entity(std::string_view xml) {
  for (size_t lt = xml.find("<!"); lt != std::string_view::npos; lt = xml.find("<!", lt + 2)) {
    std::string head(xml.substr(lt + 2, 7));
    for (char& c : head) c = static_cast<char>(c | 0x20);
    if (head.rfind("doctype", 0) == 0 || head.rfind("entity", 0) == 0) return true;
  }
  return false;
}

// pugixml does no namespace processing: the event schema's default namespace leaves the
// element names bare, but a prefixed export ("e:Event") is matched by its local name.
bool local_name_is(const pugi::xml_node& node, std::string_view name) {
  std::string_view full = node.name();
  const size_t colon = full.find(':');
  if (colon != std::string_view::npos) full = full.substr(colon + 1);
  return full == name;
}

pugi::xml_node child(const pugi::xml_node& parent, std::string_view name) {
  for (pugi::xml_node node = parent.first_child(); node; node = node.next_sibling()) {
    if (node.type() == pugi::node_element && local_name_is(node, name)) return node;
  }
  return {};
}

// The <Data> values into event.fields, copied into event.field_text (the document is gone when
// the sink runs). A 12290's ten values from Windows 7 on lose their undocumented first one; one
// value holding the Vista-era comma string is split (docs/report.md). 12288/12289 EventData is
// one comma string.
void set_fields(const std::vector<std::string_view>& data, KmsEvent& event) {
  const bool host = event.event_id == kHostRequestEvent;
  const bool comma_string = data.size() == 1 && (!host || data[0].find(',') != std::string::npos);
  const size_t first = host && data.size() == 10 ? 1 : 0;
  std::string& text = event.field_text;
  text.clear();
  for (size_t i = first; i < data.size(); ++i)
    text += comma_string || !host ? data[i] : trim_view(data[i]);
  if (comma_string) {
    split_info_fields(text, event.fields);
    return;
  }
  event.fields.clear();
  size_t at = 0;
  for (size_t i = first; i < data.size(); ++i) {
    const size_t length = host ? trim_view(data[i]).size() : data[i].size();
    event.fields.push_back(std::string_view(text).substr(at, length));
    at += length;
  }
}

}  // namespace

Result<bool> read_event_xml(std::string_view xml, KmsEvent& event) {
  if (declares_doctype_or_entity(xml)) {
    return Error(ErrorCode::xml_doctype_forbidden,
                 "the event XML declares a DOCTYPE or an entity (an XML bomb, or not an export "
                 "Windows wrote)",
                 event.record, "export the log again with wevtutil qe /f:xml");
  }
  pugi::xml_document document;
  const pugi::xml_parse_result parsed = document.load_buffer(
      xml.data(), xml.size(), pugi::parse_default & ~pugi::parse_eol, pugi::encoding_utf8);
  if (!parsed) {
    return Error(ErrorCode::xml_malformed,
                 std::string(parsed.description()) + " at byte " + std::to_string(parsed.offset) +
                     " of the event",
                 event.record, "export the log again; a cut or edited export cannot be read");
  }
  const pugi::xml_node root = document.document_element();
  const pugi::xml_node system = child(root, "System");
  if (!local_name_is(root, "Event") || !system) {
    return Error(ErrorCode::xml_malformed, "the element is not a Windows <Event> with <System>",
                 event.record, "give the XML wevtutil qe \"Key Management Service\" /f:xml writes");
  }
  event.event_id = child(system, "EventID").text().as_int(0);
  if (event.event_id != kClientRequestEvent && event.event_id != kClientResponseEvent &&
      event.event_id != kHostRequestEvent) {
    return false;
  }
  const char* system_time = child(system, "TimeCreated").attribute("SystemTime").value();
  const auto when = parse_system_time(system_time);
  if (!when) {
    return Error(ErrorCode::event_record_malformed,
                 "event " + std::to_string(event.event_id) +
                     " has no valid TimeCreated SystemTime (\"" + std::string(system_time) + "\")",
                 event.record, "export the log again from Windows");
  }
  event.time = *when;
  event.computer = child(system, "Computer").text().get();
  for (char& c : event.computer) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::vector<std::string_view> data;
  for (pugi::xml_node node = child(root, "EventData").first_child(); node;
       node = node.next_sibling()) {
    if (node.type() == pugi::node_element && local_name_is(node, "Data")) {
      data.emplace_back(node.text().get());
    }
  }
  set_fields(data, event);
  return true;
}

}  // namespace kmsprep
