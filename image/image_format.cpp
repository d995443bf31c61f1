// open_image: the backend table. Backends are tried in a fixed order, cheapest probe first, by
// content only (libarchive's "is this an archive" probe is the most expensive, so it is last).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

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
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Error::io("cannot open the image", path, errno);
  std::string header(kProbeBytes, '\0');
  size_t done = 0;
  while (done < header.size()) {
    const ssize_t got =
        ::pread(fd, header.data() + done, header.size() - done, static_cast<off_t>(done));
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    done += static_cast<size_t>(got);
  }
  ::close(fd);
  header.resize(done);
  return header;
}

}  // namespace

Result<std::unique_ptr<Image>> open_image(const std::string& path, const OpenOptions& options) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) {
      return Error(ErrorCode::file_not_found, "the image does not exist", path,
                   "check the path; an image is a directory, a WIM, an archive or an ISO");
    }
    return Error::io("cannot examine the image", path, errno);
  }
  if (S_ISDIR(info.st_mode)) return open_directory_image(path, options);
  if (!S_ISREG(info.st_mode)) {
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
