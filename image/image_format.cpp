// open_image: the backend table. Backends are tried in a fixed order, cheapest probe first, by
// content only (libarchive's "is this an archive" probe is the most expensive, so it is last).

#include <cerrno>
#include <filesystem>

#include "core/file_system.hpp"
#include "core/utf8_path.hpp"
#include "image/archive_image.hpp"
#include "image/directory_image.hpp"
#include "image/disc_image.hpp"
#include "image/image.hpp"
#include "image/wim_image.hpp"

namespace kmsprep {
namespace {

// Enough to see the WIM header and the ISO volume descriptors (sectors 16..31).
constexpr size_t kProbeBytes = 64 * 1024;

struct FileBackend {
  const char* name;
  bool (*probe)(const std::string& header);
  Result<std::unique_ptr<Image>> (*open)(const std::string& path, const OpenOptions& options);
};

constexpr FileBackend kFileBackends[] = {
    {"wim", looks_like_wim, open_wim_image},
    {"disc", looks_like_disc_image, open_disc_image},
    {"archive", looks_like_archive, open_archive_image},
};

Result<std::string> read_probe_bytes(const std::string& path) {
  const int fd = open_file(utf8_path(path), kOpenRead);
  if (fd < 0) return Error::io("cannot open the image", path, errno);
  std::string header(kProbeBytes, '\0');
  size_t done = 0;
  while (done < header.size()) {
    const int64_t got = read_some_at(fd, header.data() + done, header.size() - done, done);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    done += static_cast<size_t>(got);
  }
  close_file(fd);
  header.resize(done);
  return header;
}

}  // namespace

Result<std::unique_ptr<Image>> open_image(const std::string& path, const OpenOptions& options) {
  // Follows a symbolic link, as stat(2) does: a link to a WIM or a tree opens what it names.
  std::error_code examined;
  const auto type = std::filesystem::status(utf8_path(path), examined).type();
  if (examined) {
    const int error = examined.value();
    if (error == ENOENT || error == ENOTDIR) {
      return Error(ErrorCode::file_not_found, "the image does not exist", path,
                   "check the path; an image is a directory, a WIM, an archive or an ISO");
    }
    return Error::io("cannot examine the image", path, error);
  }
  if (type == std::filesystem::file_type::directory) return open_directory_image(path, options);
  if (type != std::filesystem::file_type::regular) {
    return Error(ErrorCode::image_format_unknown, "not a regular file or directory", path);
  }
  auto header = read_probe_bytes(path);
  if (!header) return std::move(header).error();
  for (const auto& backend : kFileBackends) {
    if (backend.probe(*header)) return backend.open(path, options);
  }
  return Error(ErrorCode::image_format_unknown,
               "the content is not a WIM, an ISO or an archive that kmsprep reads", path,
               "supported: directories, WIM/ESD, ISO9660/UDF, tar (any compression), zip, 7z, "
               "cpio");
}

}  // namespace kmsprep
