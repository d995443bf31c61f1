#include "image/disc_image.hpp"

#include <cerrno>
#include <filesystem>

#include "core/file_system.hpp"
#include "core/text.hpp"
#include "core/utf8_path.hpp"
#include "image/archive_image.hpp"
#include "image/disc_volume.hpp"
#include "image/udf_image.hpp"

namespace kmsprep {
namespace {

constexpr size_t kDescriptorBytes = (16 + 64) * 2048;

const char* const kWriteRefusal =
    "ISO images are read-only: extract the media (`7z x FILE.iso`, or mount it with "
    "`mount -o loop,ro FILE.iso DIR` and copy the tree), pass the directory to kmsprep, then "
    "rebuild bootable media with `oscdimg -u2 -bootdata:2#p0,e,bboot\\etfsboot.com"
    "#pEF,e,befi\\microsoft\\boot\\efisys.bin DIR FILE.iso` or `genisoimage -udf "
    "-allow-limited-size -b boot/etfsboot.com -no-emul-boot -boot-load-size 8 "
    "-eltorito-alt-boot -e efi/microsoft/boot/efisys.bin -no-emul-boot -o FILE.iso DIR` "
    "(BIOS and UEFI boot images)";

Result<std::string> read_descriptor_bytes(const std::string& path) {
  const int fd = open_file(utf8_path(path), kOpenRead);
  if (fd < 0) return Error::io("cannot open the image", path, errno);
  std::string bytes(kDescriptorBytes, '\0');
  size_t done = 0;
  while (done < bytes.size()) {
    const int64_t got = read_some_at(fd, bytes.data() + done, bytes.size() - done, done);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      const int error = errno;
      close_file(fd);
      return Error::io("cannot read the image", path, error);
    }
    if (got == 0) break;
    done += static_cast<size_t>(got);
  }
  close_file(fd);
  bytes.resize(done);
  return bytes;
}

// Windows install media show only README.TXT on their ISO9660 side; everything else is on UDF.
Result<bool> holds_only_readme(Image& image) {
  auto root = image.list(ImagePath());
  if (!root) return std::move(root).error();
  return root->size() == 1 && equals_ignoring_case(root->front().path.filename(), "README.TXT");
}

Error udf_missing(const std::string& path, const std::string& why) {
  return Error(ErrorCode::udf_volume_missing, "the ISO9660 side holds only README.TXT and " + why,
               path,
               "this looks like Windows install media whose UDF volume is lost (a truncated or "
               "re-mastered ISO); re-copy or re-download the ISO, or extract the media on "
               "Windows and pass the directory");
}

}  // namespace

bool looks_like_disc_image(const std::string& header) {
  return read_volume_descriptors(header).any();
}

Result<std::unique_ptr<Image>> open_disc_image(const std::string& path,
                                               const OpenOptions& options) {
  if (options.writable) {
    return Error(ErrorCode::image_write_unsupported, "ISO images cannot be written", path,
                 kWriteRefusal);
  }
  auto bytes = read_descriptor_bytes(path);
  if (!bytes) return std::move(bytes).error();
  const DiscVolumes volumes = read_volume_descriptors(*bytes);
  std::optional<Error> udf_failure;
  if (volumes.udf) {
    auto udf = open_udf_image(path, kWriteRefusal);
    // A missing libudfread is the system's fault, not the disc's: say what to install rather
    // than fall back to the ISO9660 side or blame the media.
    if (udf || !volumes.iso9660 || udf.error().code() == ErrorCode::tool_missing) return udf;
    udf_failure = std::move(udf).error();
  }
  if (!volumes.iso9660) {
    return Error(ErrorCode::image_format_unknown, "the ISO has neither ISO9660 nor UDF", path);
  }
  auto iso = open_read_only_archive_image(
      path, options, volumes.joliet ? "iso9660 (Joliet)" : "iso9660", kWriteRefusal);
  if (!iso) return iso;
  auto readme_only = holds_only_readme(**iso);
  if (!readme_only) return std::move(readme_only).error();
  if (*readme_only) {
    return udf_failure ? udf_missing(path, "its UDF volume cannot be read")
                       : udf_missing(path, "the disc has no UDF volume");
  }
  if (udf_failure && options.logger) {
    options.logger->warning("disc", path +
                                        ": the UDF volume cannot be read; reading the "
                                        "ISO9660 side instead");
  }
  return iso;
}

}  // namespace kmsprep
