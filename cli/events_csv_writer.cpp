#include "cli/events_csv_writer.hpp"

#include <algorithm>
#include <cerrno>

#include "engine/random_source.hpp"

namespace kmsprep {
namespace {

constexpr size_t kFlushBytes = 1u << 20;

}  // namespace

EventsCsvWriter::EventsCsvWriter(const Topology& topology, uint64_t seed)
    : topology_(topology), seed_(seed) {
  for (const KmsHostSpec& host : topology.hosts) {
    host_fields_.push_back(host.name + ":" + std::to_string(host.port) + ",");
  }
  for (const ClientGroupSpec& group : topology.groups) {
    group_prefixes_.push_back(group.name + "-");
    // As client_name(): the 1-based member number, zero-padded to the group's width.
    group_widths_.push_back(std::max<size_t>(4, std::to_string(group.count).size()));
  }
  buffer_.reserve(kFlushBytes + 4096);
}

EventsCsvWriter::~EventsCsvWriter() {
  if (file_) std::fclose(file_);
}

Status EventsCsvWriter::open(const std::string& path) {
  path_ = path;
  file_ = std::fopen(path.c_str(), "wb");
  if (!file_) return Error::io("cannot create the events file", path, errno);
  append("time,event_id,client,cmid,host,hresult,count\n");
  return {};
}

void EventsCsvWriter::append_number(uint64_t value, size_t width) {
  char digits[24];
  size_t length = 0;
  do {
    digits[length++] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value != 0);
  for (size_t i = length; i < width; ++i) buffer_.push_back('0');
  while (length > 0) buffer_.push_back(digits[--length]);
}

const std::string& EventsCsvWriter::hresult_text(Hresult code) {
  for (const auto& [known, text] : hresult_texts_) {
    if (known == code) return text;
  }
  hresult_texts_.emplace_back(code, format_hresult(code) + ",");
  return hresult_texts_.back().second;
}

void EventsCsvWriter::write(const EventRecord& record) {
  if (record.minute != cached_minute_) {
    cached_minute_ = record.minute;
    cached_time_ = format_utc(topology_.start + record.minute * 60) + ",";
  }
  append(cached_time_);
  append_number(static_cast<uint64_t>(record.event_id), 0);
  buffer_.push_back(',');
  const auto group = static_cast<size_t>(record.group);
  append(group_prefixes_[group]);
  append_number(static_cast<uint64_t>(record.member) + 1, group_widths_[group]);
  buffer_.push_back(',');
  char cmid[kCmidLength];
  write_simulated_cmid(seed_, record.cmid_id, cmid);
  buffer_.insert(buffer_.end(), cmid, cmid + kCmidLength);
  buffer_.push_back(',');
  if (record.host >= 0) {
    append(host_fields_[static_cast<size_t>(record.host)]);
  } else {
    buffer_.push_back(',');
  }
  append(hresult_text(record.hresult));
  if (record.event_id != 12288) {
    if (record.count < 0) buffer_.push_back('-');
    append_number(static_cast<uint64_t>(record.count < 0 ? -static_cast<int64_t>(record.count)
                                                          : record.count),
                  0);
  }
  buffer_.push_back('\n');
  if (buffer_.size() >= kFlushBytes) flush();
}

void EventsCsvWriter::flush() {
  if (!file_ || buffer_.empty()) return;
  if (!failed_ && std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size()) {
    failed_ = true;
    write_errno_ = errno;
  }
  buffer_.clear();
}

Status EventsCsvWriter::close() {
  flush();
  if (!file_) return {};
  const bool closed = std::fclose(file_) == 0;
  file_ = nullptr;
  if (failed_ || !closed) {
    return Error::io("cannot write the events file", path_, failed_ ? write_errno_ : errno);
  }
  return {};
}

}  // namespace kmsprep
