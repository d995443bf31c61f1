// The disc backend: ISO images, read-only. A UDF volume (as on real Windows install media,
// whose ISO9660 side holds only README.TXT) is read with libudfread; an ISO9660/Joliet-only
// disc through libarchive. Writes are refused up front with instructions.
#pragma once

#include "image/image.hpp"

namespace kmsprep {

// True when sector 16 onwards holds ISO9660 (CD001) or UDF (BEA01/NSR02/NSR03) descriptors.
bool looks_like_disc_image(const std::string& header);
Result<std::unique_ptr<Image>> open_disc_image(const std::string& path, const OpenOptions& options);

}  // namespace kmsprep
