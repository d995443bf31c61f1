// Which file systems an ISO image carries, read from its volume descriptors (2048-byte
// sectors from 16 on): ISO9660 ("CD001", with Joliet as a supplementary descriptor) and UDF
// ("BEA01"/"NSR02"/"NSR03"/"TEA01"). Used by the disc backend to choose a reader.
#pragma once

#include <string>

namespace kmsprep {

struct DiscVolumes {
  bool iso9660 = false;
  bool joliet = false;
  bool udf = false;
  bool any() const { return iso9660 || udf; }
};

// `bytes` are the image's first bytes (at least 34 KiB to see sector 16).
DiscVolumes read_volume_descriptors(const std::string& bytes);

}  // namespace kmsprep
