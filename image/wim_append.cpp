// The append and its undo. What wimlib does (1.14, src/write.c): overwrite_wim_inplace sets the
// header's "write in progress" flag, writes new blobs and metadata after the old XML data (or
// after the integrity table), and finish_write writes the new blob table and XML, then the new
// header at offset 0, then fsyncs and closes. On any failure it truncates the file to the old
// end and writes back the header's flags, not the rest of the header. When nothing but
// properties changed (no new blobs), the new XML is written over the old one right after the
// blob table and nothing is truncated. So the header and everything from the end of the blob
// table on are what a failed append can leave changed; those bytes are small (the XML and the
// integrity table), and they are what is saved here.
#include "image/wim_append.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "core/file_io.hpp"
#include "core/file_system.hpp"
#include "core/file_version.hpp"
#include "core/utf8_path.hpp"
#include "image/owned_fd.hpp"

namespace kmsprep {
namespace {

constexpr size_t kHeaderSize = 208;  // WIM_HEADER_DISK_SIZE
// Offsets of the resource headers in the WIM header: 7 bytes of size, 1 of flags, 8 of offset.
constexpr size_t kBlobTableAt = 0x30;
constexpr size_t kXmlDataAt = 0x48;
constexpr size_t kIntegrityTableAt = 0x7c;
// More than any real WIM holds after its blob table (the XML of a dozen editions is tens of
// kilobytes, an integrity table 20 bytes per 10 MiB of file).
constexpr uint64_t kTailLimit = 64ull * 1024 * 1024;

uint64_t little_endian(const std::string& bytes, size_t at, size_t width) {
  uint64_t value = 0;
  for (size_t i = width; i-- > 0;) value = (value << 8) | static_cast<unsigned char>(bytes[at + i]);
  return value;
}

struct Resource {
  uint64_t size;
  uint64_t offset;
};

Resource resource_at(const std::string& header, size_t at) {
  return Resource{little_endian(header, at, 7), little_endian(header, at + 8, 8)};
}

// The first byte a failed append may have overwritten, past the header: the end of the blob
// table, or an XML data or integrity table that (in a damaged WIM) starts before it.
uint64_t first_overwritable(const std::string& header, uint64_t length) {
  const Resource blobs = resource_at(header, kBlobTableAt);
  uint64_t first = blobs.offset == 0 ? kHeaderSize : blobs.offset + blobs.size;
  for (size_t at : {kXmlDataAt, kIntegrityTableAt}) {
    const Resource resource = resource_at(header, at);
    if (resource.offset != 0) first = std::min(first, resource.offset);
  }
  return std::clamp<uint64_t>(first, kHeaderSize, std::max<uint64_t>(length, kHeaderSize));
}

std::string reason(const char* call, int error) {
  return std::string(call) + ": " + std::strerror(error);
}

// What an append can change, as it was before the append, and a descriptor of the same file to
// put it back through.
class SavedWimBytes {
 public:
  static Result<SavedWimBytes> save(const std::string& path) {
    SavedWimBytes saved;
    saved.path_ = path;
    saved.fd_.fd = open_file(utf8_path(path), kOpenReadWrite);
    if (saved.fd_.fd < 0) return Error::io("cannot open the WIM for writing", path, errno);
    if (const int error = version_of(saved.fd_.fd, saved.file_)) {
      return Error::io("cannot examine", path, error);
    }
    saved.length_ = saved.file_.size;
    saved.header_.assign(kHeaderSize, '\0');
    if (const int error = read_exactly_at(saved.fd_.fd, saved.header_, 0)) {
      return Error::io("cannot read the WIM header", path, error);
    }
    saved.tail_offset_ = first_overwritable(saved.header_, saved.length_);
    const uint64_t tail_length = saved.length_ - saved.tail_offset_;
    if (tail_length > kTailLimit) {
      return Error(ErrorCode::image_write_unsupported,
                   "the WIM holds " + std::to_string(tail_length) +
                       " bytes after its blob table, more than kmsprep keeps to undo a failed "
                       "append",
                   path, "rebuild it once (wimlib-imagex optimize " + path + ") and try again");
    }
    saved.tail_.assign(tail_length, '\0');
    if (const int error = read_exactly_at(saved.fd_.fd, saved.tail_, saved.tail_offset_)) {
      return Error::io("cannot read the WIM's XML data", path, error);
    }
    return saved;
  }

  // Pipable WIMs are never appended to in place: wimlib rewrites them through a new file.
  bool pipable() const { return header_.compare(0, 5, "WLPWM") == 0; }

  // `failure` (wimlib's), with what became of the WIM when it had to be put back.
  Error restore_after(Error failure) {
    FileVersion now;
    if (version_of(utf8_path(path_), now) != 0 || !now.same_file(file_)) {
      return failure;  // wimlib replaced the file as a whole, or someone else did: not ours
    }
    if (lock_file(fd_.fd, FileLock::exclusive, false) != 0) {
      return amended(
          failure,
          "; another program holds the WIM's lock now, so kmsprep did not check "
          "whether the failed append changed it",
          "when that program is done, check the WIM with `wimlib-imagex verify " + path_ + "`");
    }
    if (unchanged()) return failure;
    if (int error = write_all_bytes_at(fd_.fd, tail_, tail_offset_)) return damaged(failure, error);
    if (int error = write_all_bytes_at(fd_.fd, header_, 0)) return damaged(failure, error);
    if (const int error = truncate_file(fd_.fd, length_)) {
      sync_file(fd_.fd);
      return amended(failure,
                     "; kmsprep wrote the WIM's old header and XML back, but could not cut off "
                     "the bytes the failed append left at its end (" +
                         reason("ftruncate", error) + ")",
                     "the WIM opens with its old content; the bytes after its old end (" +
                         std::to_string(length_) +
                         ") are unused, and `kmsprep image put --rebuild` or `wimlib-imagex "
                         "optimize` drops them");
    }
    if (const int error = sync_file(fd_.fd)) {
      return amended(failure,
                     "; kmsprep wrote the WIM's old content back, but flushing it to the disk "
                     "failed too (" +
                         reason("fsync", error) + ")",
                     "the WIM reads as it did before the command, but a crash or power cut can "
                     "still lose the restored bytes: copy it to a sound disk, check the copy "
                     "with `wimlib-imagex verify`, and run the command there");
    }
    return amended(failure, "; the WIM was restored to its old content",
                   "nothing was changed; check the disk (the kernel log says more) and run the "
                   "command again");
  }

 private:
  bool unchanged() const {
    FileStatus info;
    if (status_of(fd_.fd, info) != 0 || info.size != length_) {
      return false;
    }
    std::string header(header_.size(), '\0');
    std::string tail(tail_.size(), '\0');
    return read_exactly_at(fd_.fd, header, 0) == 0 && header == header_ &&
           read_exactly_at(fd_.fd, tail, tail_offset_) == 0 && tail == tail_;
  }

  static Error amended(const Error& failure, const std::string& outcome, std::string hint) {
    return Error(failure.code(), failure.detail() + outcome, failure.location(), std::move(hint));
  }

  Error damaged(const Error& failure, int error) const {
    return amended(failure,
                   "; writing the WIM's old header back failed too (" + reason("pwrite", error) +
                       "): the header may describe the failed append, whose data is not in the "
                       "file, so the WIM may not open",
                   "check it with `wimlib-imagex verify " + path_ +
                       "`; if that fails, copy the WIM again from its source or a backup");
  }

  std::string path_;
  OwnedFd fd_;
  FileVersion file_;  // the WIM as it was opened: which file it is
  uint64_t length_ = 0;
  std::string header_;
  uint64_t tail_offset_ = 0;
  std::string tail_;
};

}  // namespace

Status append_to_wim_in_place(WIMStruct* wim, const std::string& path,
                              const std::function<Error(int wimlib_code)>& describe) {
  auto saved = SavedWimBytes::save(path);
  if (!saved) return std::move(saved).error();
  errno = 0;
  // FSYNC: a committed change survives a power cut (issue 13).
  const int code = wimlib_overwrite(wim, WIMLIB_WRITE_FLAG_FSYNC, 0);
  if (code == 0) return ok_status();
  Error failure = describe(code);
  // Locked: another program is writing the WIM, and wimlib wrote nothing.
  if (code == WIMLIB_ERR_ALREADY_LOCKED || saved->pipable()) return failure;
  return saved->restore_after(std::move(failure));
}

}  // namespace kmsprep
