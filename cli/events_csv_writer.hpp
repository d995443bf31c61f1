// EventsCsvWriter: the `simulate --events FILE.csv` writer, one line per event record
// (time,event_id,client,cmid,host,hresult,count). Formats into one buffer with every repeated
// piece made once (the minute's timestamp, host names, client name prefixes, HRESULT texts), so
// writing costs about what the bytes cost (bench/RESULTS-engine.md). Used by simulate_command.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "engine/fleet_simulation.hpp"

namespace kmsprep {

class EventsCsvWriter {
 public:
  EventsCsvWriter(const Topology& topology, uint64_t seed);
  ~EventsCsvWriter();
  EventsCsvWriter(const EventsCsvWriter&) = delete;
  EventsCsvWriter& operator=(const EventsCsvWriter&) = delete;

  // Creates the file and writes the header line.
  Status open(const std::string& path);
  void write(const EventRecord& record);
  // Writes what is buffered and closes the file; an error says the write failed.
  Status close();

 private:
  void flush();
  void append(const std::string& text) {
    text.copy(buffer_.data() + used_, text.size());
    used_ += text.size();
  }
  void append(char c) { buffer_[used_++] = c; }
  void append_number(uint64_t value, size_t width);
  const std::string& hresult_text(Hresult code);

  const Topology& topology_;
  uint64_t seed_;
  std::string path_;
  int fd_ = -1;  // core/file_system's descriptor: a UTF-8 path on every platform
  bool failed_ = false;
  int write_errno_ = 0;
  std::vector<char> buffer_;  // flushed when a longest record might not fit
  size_t used_ = 0;
  size_t longest_record_ = 0;
  int64_t cached_minute_ = -1;
  std::string cached_time_;                  // "2024-01-01T00:00:00Z," for cached_minute_
  std::vector<std::string> host_fields_;     // "name:port," per host
  std::vector<std::string> group_prefixes_;  // "name-" per group
  std::vector<size_t> group_widths_;         // member number digits per group
  std::vector<std::pair<Hresult, std::string>> hresult_texts_;
};

}  // namespace kmsprep
