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

Result<uint32_t> read32(const MemoryFile& hive, uint64_t offset) {
  auto bytes = hive.read_at(offset, 4);
  if (!bytes) return std::move(bytes).error();
  if (bytes->size() < 4) return uint32_t{0};  // hivex refused such a hive already
  return little_endian32(*bytes, 0);
}

}  // namespace

Result<std::string> hive_bin_layout_problem(const MemoryFile& hive, uint64_t size) {
  auto declared = read32(hive, kDeclaredSizeOffset);
  if (!declared) return std::move(declared).error();
  const uint64_t declared_end = kFirstBin + *declared;
  // hivex_open's loop: a bin that starts before the declared end is read whole, however far
  // past that end it runs; one that starts at or after it is not read.
  uint64_t end = kFirstBin;
  while (end < size && end < declared_end) {
    auto bin_size = read32(hive, end + kBinSizeOffset);
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
