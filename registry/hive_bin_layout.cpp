#include "registry/hive_bin_layout.hpp"

namespace kmsprep {
namespace {

constexpr uint64_t kFirstBin = 4096;          // hive bins start after the base block
constexpr uint64_t kDeclaredSizeOffset = 40;  // base block: hive bins data size
constexpr uint64_t kBinSizeOffset = 8;        // hbin header: size of this bin

uint32_t little_endian32(const std::string& bytes, size_t offset) {
  uint32_t value = 0;
  for (int i = 0; i < 4; ++i) value |= uint32_t(uint8_t(bytes[offset + i])) << (8 * i);
  return value;
}

// The hbin headers, read through a 64 KiB window of the file: one pread a header is 16,384
// system calls on a 64 MiB hive of 4 KiB bins (18-34 ms measured on the shared 2-core build
// machine; the window 3-19 ms, mostly the copy; bench/RESULTS-registry.md).
class BinHeaderReader {
 public:
  explicit BinHeaderReader(const MemoryFile& hive) : hive_(hive) {}

  // The 32-bit little-endian number at `offset`; 0 past the end of the file.
  Result<uint32_t> read32(uint64_t offset) {
    if (offset < start_ || offset + 4 > start_ + window_.size()) {
      auto bytes = hive_.read_at(offset, kWindow);
      if (!bytes) return std::move(bytes).error();
      window_ = std::move(*bytes);
      start_ = offset;
      if (window_.size() < 4) return uint32_t{0};  // hivex refused such a hive already
    }
    return little_endian32(window_, static_cast<size_t>(offset - start_));
  }

 private:
  static constexpr size_t kWindow = 64 * 1024;
  const MemoryFile& hive_;
  std::string window_;
  uint64_t start_ = 0;
};

}  // namespace

Result<std::string> hive_bin_layout_problem(const MemoryFile& hive, uint64_t size) {
  BinHeaderReader reader(hive);
  auto declared = reader.read32(kDeclaredSizeOffset);
  if (!declared) return std::move(declared).error();
  const uint64_t declared_end = kFirstBin + *declared;
  // hivex_open's loop: a bin that starts before the declared end is read whole, however far
  // past that end it runs; one that starts at or after it is not read.
  uint64_t end = kFirstBin;
  while (end < size && end < declared_end) {
    auto bin_size = reader.read32(end + kBinSizeOffset);
    if (!bin_size) return std::move(bin_size).error();
    if (*bin_size == 0) break;  // hivex refused such a hive already; never loop forever
    end += *bin_size;
  }
  if (end == declared_end) return std::string();
  return "the base block declares " + std::to_string(*declared) +
         " bytes of hive bins (offset 40) but the bins hivex reads end after " +
         std::to_string(end - kFirstBin) +
         " bytes; hivex would put the bin an edit adds inside the last one and write a hive that "
         "does not open";
}

}  // namespace kmsprep
