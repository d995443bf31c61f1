#include "image/disc_volume.hpp"

namespace kmsprep {
namespace {

constexpr size_t kSectorSize = 2048;
constexpr size_t kFirstDescriptorSector = 16;
// The descriptor set is a handful of sectors; this bound only stops a scan of garbage.
constexpr size_t kMaxDescriptors = 64;

}  // namespace

DiscVolumes read_volume_descriptors(const std::string& bytes) {
  DiscVolumes volumes;
  for (size_t sector = kFirstDescriptorSector; sector < kFirstDescriptorSector + kMaxDescriptors;
       ++sector) {
    const size_t at = sector * kSectorSize;
    if (bytes.size() < at + kSectorSize) break;
    const unsigned char type = static_cast<unsigned char>(bytes[at]);
    const std::string id = bytes.substr(at + 1, 5);
    if (id == "CD001") {
      if (type == 1) volumes.iso9660 = true;
      // A supplementary descriptor whose escape sequence names UCS-2 level 1, 2 or 3.
      const std::string escape = bytes.substr(at + 88, 3);
      if (type == 2 && (escape == "%/@" || escape == "%/C" || escape == "%/E")) {
        volumes.joliet = true;
      }
    } else if (id == "BEA01" || id == "NSR02" || id == "NSR03" || id == "TEA01") {
      volumes.udf = true;
    } else if (id != "BOOT2" && id != "CDW02") {
      break;  // the end of the volume recognition sequence
    }
  }
  return volumes;
}

}  // namespace kmsprep
