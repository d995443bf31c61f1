// Builds a small .evtx file from the published format (libyal's "Windows XML Event Log (EVTX)"
// specification), because no redistributable Windows-written KMS log is packaged in Debian:
// - file header (4096 bytes): "ElfFile\0", first/last chunk number, next record identifier,
//   header size 128, version 3.1, header block size 4096, number of chunks, flags, CRC32 of
//   its first 120 bytes;
// - one chunk (65536 bytes): "ElfChnk\0", first/last record number and identifier, header
//   size 128, last record offset, free space offset, CRC32 of the record data, flags, CRC32 of
//   header bytes 0-119 and 128-511 (which hold the string and template offset tables);
// - records: "**\0\0", size, identifier, FILETIME written, binary XML, size again;
// - binary XML: each record is a fragment header (0x0f 01 01 00) and the element tree
//   Event(xmlns)/System(EventID, TimeCreated@SystemTime, Computer)/EventData(Data...) as open
//   start element (0x01, 0x41 with attributes: dependency id, size, name offset, attribute
//   list size), attribute (0x06), close start / close empty (0x02/0x03), end element (0x04)
//   and value tokens (0x05, UTF-16LE string type 0x01), then end of fragment (0x00); names are
//   chunk-relative structures (next offset, hash, length, UTF-16LE, NUL), written inline on
//   first use and referenced by offset after.
// Windows writes each record as a template instance (0x0c) instead; the token stream is the
// same format without that indirection (libevtx 20181227 refused this helper's inline template
// instances while python-evtx read them, so the helper keeps to what both read). Used by
// tests/events/ only: the tests read its files back through libevtx and evtxexport.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace kmsprep::test {

struct EvtxTestEvent {
  int event_id = 12290;
  std::string system_time;  // "2026-11-30T12:00:00.0000000Z" (the substituted text)
  std::string computer;
  std::vector<std::string> data;  // the <Data> values
};

inline uint32_t crc32(const uint8_t* bytes, size_t length) {
  uint32_t crc = 0xFFFFFFFFu;
  for (size_t i = 0; i < length; ++i) {
    crc ^= bytes[i];
    for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

class EvtxWriter {
 public:
  // The whole file for `events` (one chunk; the tests stay far below its 64 KiB).
  static std::string build(const std::vector<EvtxTestEvent>& events) {
    EvtxWriter writer;
    return writer.file(events);
  }

 private:
  std::vector<uint8_t> chunk_ = std::vector<uint8_t>(65536, 0);
  size_t at_ = 512;  // the first record follows the chunk header
  std::map<std::string, uint32_t> names_;

  void u8(uint8_t v) { chunk_[at_++] = v; }
  void u16(uint16_t v) { u8(v & 0xFF), u8(v >> 8); }
  void u32(uint32_t v) { u16(v & 0xFFFF), u16(v >> 16); }
  void u64(uint64_t v) { u32(static_cast<uint32_t>(v)), u32(static_cast<uint32_t>(v >> 32)); }
  static void put32(std::vector<uint8_t>& b, size_t at, uint32_t v) {
    for (int i = 0; i < 4; ++i) b[at + i] = static_cast<uint8_t>(v >> (8 * i));
  }
  static void put64(std::vector<uint8_t>& b, size_t at, uint64_t v) {
    put32(b, at, static_cast<uint32_t>(v)), put32(b, at + 4, static_cast<uint32_t>(v >> 32));
  }
  static std::u16string utf16(const std::string& ascii) {
    return std::u16string(ascii.begin(), ascii.end());
  }

  // A name: a reference to its chunk offset, the structure itself written in place on first use.
  void name(const std::string& text) {
    auto found = names_.find(text);
    if (found != names_.end()) {
      u32(found->second);
      return;
    }
    const uint32_t here = static_cast<uint32_t>(at_ + 4);
    names_[text] = here;
    u32(here);
    u32(0);  // next name in the hash bucket
    uint16_t hash = 0;
    for (char c : text) hash = static_cast<uint16_t>(hash * 65599 + static_cast<uint8_t>(c));
    u16(hash);
    u16(static_cast<uint16_t>(text.size()));
    for (char16_t c : utf16(text)) u16(c);
    u16(0);
  }

  // <name attribute=...> with an element size patched once the element is closed.
  size_t open_element(const std::string& element_name, bool has_attributes) {
    u8(has_attributes ? 0x41 : 0x01);
    u16(0xFFFF);  // dependency identifier: none
    const size_t size_at = at_;
    u32(0);
    name(element_name);
    if (has_attributes) u32(0);  // attribute list size, patched by close_attributes
    return size_at;
  }
  std::vector<std::string> values_;    // of the record being written
  void substitution(uint16_t index) {  // the value itself, as a value token
    const std::u16string text = utf16(values_[index]);
    u8(0x05), u8(0x01), u16(static_cast<uint16_t>(text.size()));
    for (char16_t c : text) u16(c);
  }
  void attribute(const std::string& attribute_name, uint16_t index) {
    u8(0x06);
    name(attribute_name);
    substitution(index);
  }
  void end_element(size_t size_at) {
    u8(0x04);
    put32(chunk_, size_at, static_cast<uint32_t>(at_ - size_at - 4));
  }
  void text_element(const std::string& element_name, uint16_t index) {
    const size_t size_at = open_element(element_name, false);
    u8(0x02);
    substitution(index);
    end_element(size_at);
  }

  // <Event xmlns=...><System><EventID/><TimeCreated SystemTime=/><Computer/>
  // </System><EventData><Data/>...</EventData></Event>; value 0 the xmlns, 1 EventID, 2
  // SystemTime, 3 Computer, 4.. the Data values.
  void event_body(size_t data_count) {
    u8(0x0f), u8(1), u8(1), u8(0);
    const size_t event_at = open_element("Event", true);
    const size_t event_attributes = at_;
    attribute("xmlns", 0);
    put32(chunk_, event_attributes - 4, static_cast<uint32_t>(at_ - event_attributes));
    u8(0x02);
    const size_t system_at = open_element("System", false);
    u8(0x02);
    text_element("EventID", 1);
    const size_t time_at = open_element("TimeCreated", true);
    const size_t time_attributes = at_;
    attribute("SystemTime", 2);
    put32(chunk_, time_attributes - 4, static_cast<uint32_t>(at_ - time_attributes));
    u8(0x03);  // close empty element
    put32(chunk_, time_at, static_cast<uint32_t>(at_ - time_at - 4));
    text_element("Computer", 3);
    end_element(system_at);
    const size_t data_at = open_element("EventData", false);
    u8(0x02);
    for (size_t i = 0; i < data_count; ++i) text_element("Data", static_cast<uint16_t>(4 + i));
    end_element(data_at);
    end_element(event_at);
    u8(0x00);  // end of fragment
  }

  void record(uint64_t identifier, const EvtxTestEvent& event) {
    const size_t start = at_;
    u32(0x00002a2a);
    u32(0);  // size, patched
    u64(identifier);
    u64(133456000000000000ULL + identifier);  // written time (FILETIME)
    values_ = {"http://schemas.microsoft.com/win/2004/08/events/event",
               std::to_string(event.event_id), event.system_time, event.computer};
    values_.insert(values_.end(), event.data.begin(), event.data.end());
    event_body(event.data.size());
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
