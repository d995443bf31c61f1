// Builds a small .evtx file the way Windows writes one, from the published format (libyal's
// "Windows XML Event Log (EVTX)" specification, libevtx's documentation/), because no
// redistributable Windows-written KMS log is packaged in Debian:
// - file header (4096 bytes): "ElfFile\0", first/last chunk number, next record identifier,
//   header size 128, version 3.1, header block size 4096, number of chunks, flags, CRC32 of
//   its first 120 bytes;
// - one chunk (65536 bytes): "ElfChnk\0", first/last record number and identifier, header
//   size 128, last record offset, free space offset, CRC32 of the record data, CRC32 of header
//   bytes 0-119 and 128-511; bytes 128-383 are the common string offset array (64 buckets by
//   name hash, each the newest name of its bucket, older ones chained by the name's first 4
//   bytes), bytes 384-511 the template pointer array (left empty: the specification does not
//   say how it is hashed, and readers follow the offsets in the records);
// - records: "**\0\0", size, identifier, FILETIME written, binary XML, size again;
// - binary XML: each record is a fragment header (0x0f 01 01 00), a template instance (0x0c)
//   and the end of file token (0x00). The instance is 0x0c, 0x01, the template identifier, and
//   the chunk offset of the template definition. The first record of a template carries the
//   definition right there (next definition offset, GUID, data size, then its own fragment
//   header, the element tree and 0x00); later records point back at it. Then the instance
//   data: the number of values, one descriptor (size, type, 0) per value, the values.
// The template is the one Windows uses for events of classic sources such as
// Security-SPP (Qualifiers on EventID): System's values are substitutions of their real types
// (UInt8 Level, Opcode, Version; UInt16 Task, EventID, Qualifiers; HexInt64 Keywords; FILETIME
// TimeCreated; UInt64 EventRecordID; GUID Provider Guid and ActivityID; UInt32 ProcessID and
// ThreadID; SID UserID; UTF-16 Provider Name and EventSourceName), optional substitutions
// (0x0e) left NULL where Windows leaves them (Correlation, Security); Channel and Computer are
// literal text of the template, so each computer has its own template; EventData's <Data> is
// one substitution of an array of UTF-16 strings (0x81), repeated per string by the reader.
// Elements are open start (0x01, 0x41 with attributes: dependency id, size, name offset,
// attribute list size), attributes (0x46 when another follows, 0x06 for the last), close start
// or close empty (0x02/0x03), end element (0x04), literal value text (0x05, type 0x01); names
// are chunk-relative (next offset, hash, length, UTF-16LE, NUL), written inline on first use
// and referenced by offset after. Used by tests/events/ only: the tests read its files through
// libevtx (kmsprep report) and evtxexport.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace kmsprep::test {

struct EvtxTestEvent {
  int event_id = 12290;
  std::string system_time;  // "2026-11-30T12:00:00.1234567Z": written as a FILETIME
  std::string computer;
  std::vector<std::string> data;  // the <Data> values, as strings (classic events)
};

inline uint32_t crc32(const uint8_t* bytes, size_t length) {
  uint32_t crc = 0xFFFFFFFFu;
  for (size_t i = 0; i < length; ++i) {
    crc ^= bytes[i];
    for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

// "YYYY-MM-DDTHH:MM:SS.fffffffZ" as 100 ns intervals since 1601-01-01 (FILETIME).
inline uint64_t filetime_of(const std::string& text) {
  const int year = std::stoi(text.substr(0, 4)), month = std::stoi(text.substr(5, 2));
  const int day = std::stoi(text.substr(8, 2));
  const int y = year - (month <= 2);
  const int era = y / 400, year_of_era = y - era * 400;
  const int day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const int64_t days = era * 146097LL + year_of_era * 365 + year_of_era / 4 - year_of_era / 100 +
                       day_of_year - 719468;
  const int64_t seconds = days * 86400 + std::stoi(text.substr(11, 2)) * 3600 +
                          std::stoi(text.substr(14, 2)) * 60 + std::stoi(text.substr(17, 2));
  uint64_t fraction = 0;
  if (text.size() > 20 && text[19] == '.') {
    std::string digits = text.substr(20, 7);
    while (digits.size() < 7) digits += '0';
    fraction = std::stoull(digits);
  }
  return static_cast<uint64_t>(seconds + 11644473600LL) * 10000000ULL + fraction;
}

class EvtxWriter {
 public:
  // The whole file for `events` (one chunk; the tests stay far below its 64 KiB).
  static std::string build(const std::vector<EvtxTestEvent>& events) {
    EvtxWriter writer;
    return writer.file(events);
  }

  // Value types of the binary XML (the specification's "Value types").
  enum Type : uint8_t {
    kNull = 0x00,
    kString = 0x01,
    kUInt8 = 0x04,
    kUInt16 = 0x06,
    kUInt32 = 0x08,
    kUInt64 = 0x0a,
    kGuid = 0x0f,
    kFileTime = 0x11,
    kSid = 0x13,
    kHexInt64 = 0x15,
    kStringArray = 0x81,
  };

 private:
  // The substitution indices of the template (the order Windows' System template uses).
  enum Value : uint16_t {
    kLevel,
    kOpcode,
    kTask,
    kEventId,
    kQualifiers,
    kKeywords,
    kTimeCreated,
    kActivityId,
    kProcessId,
    kThreadId,
    kEventRecordId,
    kVersion,
    kUserId,
    kRelatedActivityId,
    kProviderName,
    kProviderGuid,
    kEventSourceName,
    kData,
    kValueCount
  };

  std::vector<uint8_t> chunk_ = std::vector<uint8_t>(65536, 0);
  size_t at_ = 512;  // the first record follows the chunk header
  std::map<std::string, uint32_t> names_;
  // computer -> (template identifier, chunk offset of its definition)
  std::map<std::string, std::pair<uint32_t, uint32_t>> templates_;

  void u8(uint8_t v) { chunk_[at_++] = v; }
  void u16(uint16_t v) { u8(v & 0xFF), u8(v >> 8); }
  void u32(uint32_t v) { u16(v & 0xFFFF), u16(v >> 16); }
  void u64(uint64_t v) { u32(static_cast<uint32_t>(v)), u32(static_cast<uint32_t>(v >> 32)); }
  void utf16(const std::string& ascii) {
    for (char c : ascii) u16(static_cast<uint8_t>(c));
  }
  static void put32(std::vector<uint8_t>& b, size_t at, uint32_t v) {
    for (int i = 0; i < 4; ++i) b[at + i] = static_cast<uint8_t>(v >> (8 * i));
  }
  static void put64(std::vector<uint8_t>& b, size_t at, uint64_t v) {
    put32(b, at, static_cast<uint32_t>(v)), put32(b, at + 4, static_cast<uint32_t>(v >> 32));
  }
  static uint32_t get32(const std::vector<uint8_t>& b, size_t at) {
    return b[at] | b[at + 1] << 8 | b[at + 2] << 16 | static_cast<uint32_t>(b[at + 3]) << 24;
  }

  // A name: a reference to its chunk offset, the structure itself written in place on first
  // use and entered in the common string offset array.
  void name(const std::string& text) {
    auto found = names_.find(text);
    if (found != names_.end()) {
      u32(found->second);
      return;
    }
    const uint32_t here = static_cast<uint32_t>(at_ + 4);
    names_[text] = here;
    u32(here);
    uint16_t hash = 0;
    for (char c : text) hash = static_cast<uint16_t>(hash * 65599 + static_cast<uint8_t>(c));
    const size_t bucket = 128 + 4 * (hash % 64);
    u32(get32(chunk_, bucket));  // the bucket's previous name
    put32(chunk_, bucket, here);
    u16(hash);
    u16(static_cast<uint16_t>(text.size()));
    utf16(text);
    u16(0);
  }

  // <name ...> with its size patched by end_element / close_empty.
  size_t open_element(const std::string& element_name, bool has_attributes) {
    u8(has_attributes ? 0x41 : 0x01);
    u16(0xFFFF);  // dependency identifier: none
    const size_t size_at = at_;
    u32(0);
    name(element_name);
    if (has_attributes) u32(0);  // attribute list size, patched by attributes()
    return size_at;
  }
  void substitution(Value index, Type type, bool optional) {
    u8(optional ? 0x0e : 0x0d), u16(index), u8(type);
  }
  void text(const std::string& value) {
    u8(0x05), u8(kString), u16(static_cast<uint16_t>(value.size()));
    utf16(value);
  }
  struct Attribute {
    std::string name;
    Value index;
    Type type;
    bool optional;
  };
  void attributes(const std::vector<Attribute>& list) {
    const size_t list_at = at_;
    for (size_t i = 0; i < list.size(); ++i) {
      u8(i + 1 < list.size() ? 0x46 : 0x06);
      name(list[i].name);
      substitution(list[i].index, list[i].type, list[i].optional);
    }
    put32(chunk_, list_at - 4, static_cast<uint32_t>(at_ - list_at));
  }
  void end_element(size_t size_at) {
    u8(0x04);
    put32(chunk_, size_at, static_cast<uint32_t>(at_ - size_at - 4));
  }
  void empty_element(const std::string& element_name, const std::vector<Attribute>& list) {
    const size_t size_at = open_element(element_name, !list.empty());
    if (!list.empty()) attributes(list);
    u8(0x03);
    put32(chunk_, size_at, static_cast<uint32_t>(at_ - size_at - 4));
  }
  void value_element(const std::string& element_name, Value index, Type type,
                     const std::vector<Attribute>& list = {}) {
    const size_t size_at = open_element(element_name, !list.empty());
    if (!list.empty()) attributes(list);
    u8(0x02);
    substitution(index, type, true);
    end_element(size_at);
  }
  void text_element(const std::string& element_name, const std::string& value) {
    const size_t size_at = open_element(element_name, false);
    u8(0x02);
    text(value);
    end_element(size_at);
  }

  // The template definition's element tree: the Event schema of a classic source.
  void template_body(const std::string& computer) {
    u8(0x0f), u8(1), u8(1), u8(0);
    const size_t event_at = open_element("Event", true);
    const size_t list_at = at_;
    u8(0x06);
    name("xmlns");
    text("http://schemas.microsoft.com/win/2004/08/events/event");
    put32(chunk_, list_at - 4, static_cast<uint32_t>(at_ - list_at));
    u8(0x02);
    const size_t system_at = open_element("System", false);
    u8(0x02);
    empty_element("Provider", {{"Name", kProviderName, kString, true},
                               {"Guid", kProviderGuid, kGuid, true},
                               {"EventSourceName", kEventSourceName, kString, true}});
    value_element("EventID", kEventId, kUInt16, {{"Qualifiers", kQualifiers, kUInt16, true}});
    value_element("Version", kVersion, kUInt8);
    value_element("Level", kLevel, kUInt8);
    value_element("Task", kTask, kUInt16);
    value_element("Opcode", kOpcode, kUInt8);
    value_element("Keywords", kKeywords, kHexInt64);
    empty_element("TimeCreated", {{"SystemTime", kTimeCreated, kFileTime, true}});
    value_element("EventRecordID", kEventRecordId, kUInt64);
    empty_element("Correlation", {{"ActivityID", kActivityId, kGuid, true},
                                  {"RelatedActivityID", kRelatedActivityId, kGuid, true}});
    empty_element("Execution", {{"ProcessID", kProcessId, kUInt32, true},
                                {"ThreadID", kThreadId, kUInt32, true}});
    text_element("Channel", "Key Management Service");
    text_element("Computer", computer);
    empty_element("Security", {{"UserID", kUserId, kSid, true}});
    end_element(system_at);
    const size_t data_at = open_element("EventData", false);
    u8(0x02);
    value_element("Data", kData, kStringArray);
    end_element(data_at);
    end_element(event_at);
    u8(0x00);  // end of the template's fragment
  }

  // 0x0c, version, template id, definition offset; the definition inline on first use.
  void template_instance(const std::string& computer) {
    u8(0x0c), u8(0x01);
    auto found = templates_.find(computer);
    if (found != templates_.end()) {
      u32(found->second.first), u32(found->second.second);
      return;
    }
    const uint32_t template_id = 0x5350504b + static_cast<uint32_t>(templates_.size());
    u32(template_id);
    const uint32_t definition = static_cast<uint32_t>(at_ + 4);
    templates_[computer] = {template_id, definition};
    u32(definition);
    u32(0);                                      // next template definition offset
    u32(template_id), u16(0x4b4d), u16(0x4553);  // the template's GUID
    for (uint8_t b : {0x8f, 0x1c, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01}) u8(b);
    const size_t size_at = at_;
    u32(0);  // data size: the fragment header, the element tree and 0x00
    template_body(computer);
    put32(chunk_, size_at, static_cast<uint32_t>(at_ - size_at - 4));
  }

  // The instance data: the value count, the descriptors, the values.
  struct Bytes {
    Type type = kNull;
    std::vector<uint8_t> data;
  };
  template <class Integer>
  static Bytes integer(Type type, Integer value) {
    Bytes bytes{type, {}};
    for (size_t i = 0; i < sizeof(Integer); ++i)
      bytes.data.push_back(static_cast<uint8_t>(static_cast<uint64_t>(value) >> (8 * i)));
    return bytes;
  }
  static Bytes string(const std::string& value) {
    Bytes bytes{kString, {}};
    for (char c : value) bytes.data.push_back(static_cast<uint8_t>(c)), bytes.data.push_back(0);
    return bytes;
  }
  void values(uint64_t identifier, const EvtxTestEvent& event) {
    std::vector<Bytes> v(kValueCount);
    v[kLevel] = integer<uint8_t>(kUInt8, 4);  // information
    v[kOpcode] = integer<uint8_t>(kUInt8, 0);
    v[kTask] = integer<uint16_t>(kUInt16, 0);
    v[kEventId] = integer<uint16_t>(kUInt16, static_cast<uint16_t>(event.event_id));
    v[kQualifiers] = integer<uint16_t>(kUInt16, 16384);
    v[kKeywords] = integer<uint64_t>(kHexInt64, 0x80000000000000ULL);  // classic
    v[kTimeCreated] = integer<uint64_t>(kFileTime, filetime_of(event.system_time));
    v[kProcessId] = integer<uint32_t>(kUInt32, 0);
    v[kThreadId] = integer<uint32_t>(kUInt32, 0);
    v[kEventRecordId] = integer<uint64_t>(kUInt64, identifier);
    v[kVersion] = integer<uint8_t>(kUInt8, 0);
    v[kProviderName] = string("Microsoft-Windows-Security-SPP");
    // {E23B33B0-C8C9-472C-A5F9-F2BDFEA0F156}: Data1-3 little-endian, Data4 as bytes.
    v[kProviderGuid].type = kGuid;
    v[kProviderGuid].data = {0xB0, 0x33, 0x3B, 0xE2, 0xC9, 0xC8, 0x2C, 0x47,
                             0xA5, 0xF9, 0xF2, 0xBD, 0xFE, 0xA0, 0xF1, 0x56};
    v[kEventSourceName] = string("Software Protection Platform Service");
    v[kData].type = kStringArray;  // each string NUL-terminated
    for (const std::string& item : event.data) {
      for (char c : item)
        v[kData].data.push_back(static_cast<uint8_t>(c)), v[kData].data.push_back(0);
      v[kData].data.push_back(0), v[kData].data.push_back(0);
    }
    u32(kValueCount);
    for (const Bytes& value : v)
      u16(static_cast<uint16_t>(value.data.size())), u8(value.type), u8(0);
    for (const Bytes& value : v)
      for (uint8_t b : value.data) u8(b);
  }

  void record(uint64_t identifier, const EvtxTestEvent& event) {
    const size_t start = at_;
    u32(0x00002a2a);
    u32(0);  // size, patched
    u64(identifier);
    u64(filetime_of(event.system_time));  // written
    u8(0x0f), u8(1), u8(1), u8(0);
    template_instance(event.computer);
    values(identifier, event);
    u8(0x00);  // end of file
    const uint32_t size = static_cast<uint32_t>(at_ - start + 4);
    u32(size);
    put32(chunk_, start + 4, size);
  }

  std::string file(const std::vector<EvtxTestEvent>& events) {
    size_t last_record = 512;
    for (size_t i = 0; i < events.size(); ++i) {
      last_record = at_;
      record(i + 1, events[i]);
    }
    std::vector<uint8_t>& c = chunk_;
    const char chunk_signature[] = "ElfChnk";
    for (int i = 0; i < 8; ++i) c[i] = static_cast<uint8_t>(chunk_signature[i]);
    put64(c, 8, 1);
    put64(c, 16, events.size());
    put64(c, 24, 1);
    put64(c, 32, events.size());
    put32(c, 40, 128);
    put32(c, 44, static_cast<uint32_t>(last_record));
    put32(c, 48, static_cast<uint32_t>(at_));
    put32(c, 52, crc32(c.data() + 512, at_ - 512));
    put32(c, 120, 0);  // flags
    std::vector<uint8_t> header_bytes(c.begin(), c.begin() + 120);
    header_bytes.insert(header_bytes.end(), c.begin() + 128, c.begin() + 512);
    put32(c, 124, crc32(header_bytes.data(), header_bytes.size()));

    std::vector<uint8_t> header(4096, 0);
    const char file_signature[] = "ElfFile";
    for (int i = 0; i < 8; ++i) header[i] = static_cast<uint8_t>(file_signature[i]);
    put64(header, 8, 0);                   // first chunk number
    put64(header, 16, 0);                  // last chunk number
    put64(header, 24, events.size() + 1);  // next record identifier
    put32(header, 32, 128);
    header[36] = 1, header[38] = 3;        // minor 1, major 3
    header[40] = 0x00, header[41] = 0x10;  // header block size 4096
    header[42] = 1;                        // number of chunks
    put32(header, 120, 0);                 // flags: not dirty, not full
    put32(header, 124, crc32(header.data(), 120));
    std::string bytes(header.begin(), header.end());
    bytes.append(c.begin(), c.end());
    return bytes;
  }
};

}  // namespace kmsprep::test
