#include "cli/events_csv_writer.hpp"

#include <algorithm>
#include <cerrno>

#include "core/file_system.hpp"
#include "core/utf8_path.hpp"
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
  size_t longest_name = 0;
  for (size_t g = 0; g < group_prefixes_.size(); ++g) {
    longest_name = std::max(longest_name, group_prefixes_[g].size() + group_widths_[g]);
  }
  size_t longest_host = 1;
  for (const std::string& field : host_fields_) longest_host = std::max(longest_host, field.size());
  // time, event id, name, CMID, host, HRESULT and count with their commas, and the newline.
  longest_record_ = 64 + 8 + longest_name + 1 + kCmidLength + 1 + longest_host + 12 + 12 + 1;
  buffer_.resize(kFlushBytes + longest_record_);
}

EventsCsvWriter::~EventsCsvWriter() {
  if (fd_ >= 0) close_file(fd_);
}

Status EventsCsvWriter::open(const std::string& path) {
  path_ = path;
  // 0666 less the umask, as fopen(path, "wb") made it.
  fd_ = open_file(utf8_path(path), kOpenWrite | kOpenCreate | kOpenTruncate, 0666);
  if (fd_ < 0) return Error::io("cannot create the events file", path, errno);
  append(std::string("time,event_id,client,cmid,host,hresult,count\n"));
  return {};
}

void EventsCsvWriter::append_number(uint64_t value, size_t width) {
  char digits[24];
  size_t length = 0;
  do {
    digits[length++] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value != 0);
  char* at = buffer_.data() + used_;
  for (size_t i = length; i < width; ++i) *at++ = '0';
  while (length > 0) *at++ = digits[--length];
  used_ = static_cast<size_t>(at - buffer_.data());
}

const std::string& EventsCsvWriter::hresult_text(Hresult code) {
  for (const auto& [known, text] : hresult_texts_) {
    if (known == code) return text;
  }
  hresult_texts_.emplace_back(code, format_hresult(code) + ",");
  return hresult_texts_.back().second;
}

void EventsCsvWriter::write(const EventRecord& record) {
  if (used_ + longest_record_ > buffer_.size()) flush();
  if (record.minute != cached_minute_) {
    cached_minute_ = record.minute;
    cached_time_ = format_utc(topology_.start + record.minute * 60) + ",";
  }
  append(cached_time_);
  append_number(static_cast<uint64_t>(record.event_id), 0);
  append(',');
  const auto group = static_cast<size_t>(record.group);
  append(group_prefixes_[group]);
  append_number(static_cast<uint64_t>(record.member) + 1, group_widths_[group]);
  append(',');
  write_simulated_cmid(seed_, record.cmid_id, buffer_.data() + used_);
  used_ += kCmidLength;
  append(',');
  if (record.host >= 0) {
    append(host_fields_[static_cast<size_t>(record.host)]);
  } else {
    append(',');
  }
  append(hresult_text(record.hresult));
  if (record.event_id != 12288) {
    if (record.count < 0) append('-');
    append_number(static_cast<uint64_t>(record.count < 0 ? -static_cast<int64_t>(record.count)
                                                         : record.count),
                  0);
  }
  append('\n');
}

void EventsCsvWriter::flush() {
  if (fd_ < 0 || used_ == 0) return;
  for (size_t written = 0; !failed_ && written < used_;) {
    const int64_t count = write_some(fd_, buffer_.data() + written, used_ - written);
    if (count > 0) {
      written += static_cast<size_t>(count);
    } else if (count == 0 || errno != EINTR) {
      failed_ = true;
      write_errno_ = count < 0 ? errno : EIO;
    }
  }
  used_ = 0;
}

Status EventsCsvWriter::close() {
  flush();
  if (fd_ < 0) return {};
  const bool closed = close_file(fd_) == 0;
  fd_ = -1;
  if (failed_ || !closed) {
    return Error::io("cannot write the events file", path_, failed_ ? write_errno_ : errno);
  }
  return {};
}

}  // namespace kmsprep
