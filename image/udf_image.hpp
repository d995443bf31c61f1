// The UDF side of an ISO image, read with libudfread (read-only). Real Windows install media
// keep everything on UDF; names are matched ignoring case, as Windows does. Disc backend only.
#pragma once

#include "image/image.hpp"

namespace kmsprep {

// Opens the UDF volume of the ISO at `path`; writes are refused with `write_refusal`. Fails
// with udf_volume_missing when libudfread cannot read a UDF volume.
Result<std::unique_ptr<Image>> open_udf_image(const std::string& path, std::string write_refusal);

}  // namespace kmsprep
