// ByteSink: where Image::read_to writes a file's bytes, piece by piece as a backend reads them,
// so that reading a large file takes constant memory. FdSink writes to a descriptor (which a
// backend may also hand to its library, as the WIM backend does with wimlib's extraction to
// standard output); StringSink collects the bytes for Image::read. Callers: image/, cli/.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "core/result.hpp"

namespace kmsprep {

class ByteSink {
 public:
  virtual ~ByteSink() = default;
  virtual Status write(const char* data, size_t length) = 0;
  // A descriptor the bytes may be written to directly, bypassing write(); -1 when none.
  virtual int fd() const { return -1; }
};

class FdSink final : public ByteSink {
 public:
  // `location` names the destination in messages ("standard output").
  FdSink(int fd, std::string location) : fd_(fd), location_(std::move(location)) {}
  Status write(const char* data, size_t length) override;
  int fd() const override { return fd_; }

 private:
  int fd_;
  std::string location_;
};

class StringSink final : public ByteSink {
 public:
  Status write(const char* data, size_t length) override {
    bytes_.append(data, length);
    return ok_status();
  }
  std::string& bytes() { return bytes_; }

 private:
  std::string bytes_;
};

// The regular file at `path` written to `sink` in pieces (sendfile when the sink has a
// descriptor); refuses (file_too_large) more than `max_bytes`.
Status copy_file_to_sink(const std::filesystem::path& path, ByteSink& sink, uint64_t max_bytes);
// The same from a descriptor the caller opened (and keeps); `path` names it in messages.
Status copy_descriptor_to_sink(int descriptor, const std::filesystem::path& path, ByteSink& sink,
                               uint64_t max_bytes);

}  // namespace kmsprep
