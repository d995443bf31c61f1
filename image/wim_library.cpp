#include "image/wim_library.hpp"

#include <cerrno>
#include <filesystem>
#include <mutex>

#include "core/utf8_path.hpp"
#include "image/wim_text.hpp"

namespace kmsprep {

Status ensure_wimlib_initialized() {
  // The one piece of process-wide state kmsprep keeps: wimlib's own initialisation, which
  // must happen exactly once and before any other wimlib call (a later call ignores the flag).
  static std::once_flag once;
  static int result = 0;
  std::call_once(once,
                 [] { result = wimlib_global_init(WIMLIB_INIT_FLAG_DEFAULT_CASE_INSENSITIVE); });
  if (result != 0) return wimlib_error(result, "cannot initialise wimlib", {});
  return ok_status();
}

// Long on purpose: one case per wimlib error code: a table in a switch.
Error wimlib_error(int code, const std::string& what, const std::string& location) {
  const std::string detail =
      what + " (wimlib error " + std::to_string(code) + ": " +
      from_wim_text(wimlib_get_error_string(static_cast<enum wimlib_error_code>(code))) + ")";
  switch (code) {
    case WIMLIB_ERR_OPEN:
      if (errno == ENOENT || errno == ENOTDIR) {
        return Error(ErrorCode::file_not_found, detail, location, "check the path");
      }
      return Error::io(detail, location, errno);
    case WIMLIB_ERR_READ:
      // wimlib's pread on Windows fails at the end of the file (ERROR_HANDLE_EOF, as ENODATA)
      // where POSIX pread returns 0, which wimlib reports as UNEXPECTED_END_OF_FILE.
      if (errno != ENODATA) return Error::io(detail, location, errno);
      [[fallthrough]];
    case WIMLIB_ERR_UNEXPECTED_END_OF_FILE:
      return Error(ErrorCode::image_corrupt, detail + "; the file is truncated", location,
                   "copy the WIM again from its source");
    case WIMLIB_ERR_NOT_A_WIM_FILE:
    case WIMLIB_ERR_INVALID_HEADER:
    case WIMLIB_ERR_UNKNOWN_VERSION:
    case WIMLIB_ERR_INVALID_PIPABLE_WIM:
      return Error(ErrorCode::image_corrupt, detail + "; the WIM header is not valid", location,
                   "check that this is a WIM or ESD file and that it was copied completely");
    case WIMLIB_ERR_DECOMPRESSION:
    case WIMLIB_ERR_INTEGRITY:
    case WIMLIB_ERR_INVALID_CHUNK_SIZE:
    case WIMLIB_ERR_INVALID_COMPRESSION_TYPE:
    case WIMLIB_ERR_INVALID_INTEGRITY_TABLE:
    case WIMLIB_ERR_INVALID_LOOKUP_TABLE_ENTRY:
    case WIMLIB_ERR_INVALID_METADATA_RESOURCE:
    case WIMLIB_ERR_INVALID_PART_NUMBER:
    case WIMLIB_ERR_INVALID_REPARSE_DATA:
    case WIMLIB_ERR_INVALID_RESOURCE_HASH:
    case WIMLIB_ERR_INVALID_UTF16_STRING:
    case WIMLIB_ERR_METADATA_NOT_FOUND:
    case WIMLIB_ERR_RESOURCE_NOT_FOUND:
    case WIMLIB_ERR_RESOURCE_ORDER:
    case WIMLIB_ERR_SPLIT_INVALID:
    case WIMLIB_ERR_XML:
    case WIMLIB_ERR_WIM_IS_INCOMPLETE:
    case WIMLIB_ERR_INVALID_XATTR:
      return Error(ErrorCode::image_corrupt, detail, location,
                   "run `wimlib-imagex verify` on it and copy it again from its source");
    case WIMLIB_ERR_WIM_IS_ENCRYPTED:
      return Error(ErrorCode::image_format_unknown, detail + "; this is an encrypted ESD", location,
                   "decrypt it with an ESD decrypter, or use a plain WIM or ESD");
    case WIMLIB_ERR_IS_SPLIT_WIM:
      return Error(ErrorCode::image_write_unsupported, detail, location,
                   "join the parts first: wimlib-imagex join joined.wim part*.swm");
    case WIMLIB_ERR_INVALID_IMAGE:
    case WIMLIB_ERR_IMAGE_COUNT:
      return Error(ErrorCode::image_index_missing, detail, location,
                   "run `kmsprep image info` to see the images it holds");
    case WIMLIB_ERR_PATH_DOES_NOT_EXIST:
    case WIMLIB_ERR_NOTDIR:
      return Error(ErrorCode::path_not_in_image, detail, location,
                   "run `kmsprep image info` to see what the image holds");
    case WIMLIB_ERR_IS_DIRECTORY:
    case WIMLIB_ERR_INVALID_OVERLAY:
      return Error(ErrorCode::path_is_directory, detail, location);
    case WIMLIB_ERR_ALREADY_LOCKED:
      return Error(ErrorCode::io_failure, detail + "; another program is writing it", location,
                   "wait for the other program to finish and run the step again");
    case WIMLIB_ERR_WIM_IS_READONLY:
      return Error(ErrorCode::permission_denied, detail, location,
                   "check the file's permissions and its read-only header flag");
    case WIMLIB_ERR_INSUFFICIENT_PRIVILEGES:
      return Error(ErrorCode::permission_denied, detail, location);
    case WIMLIB_ERR_INVALID_PARAM:
    case WIMLIB_ERR_UNSUPPORTED:
      return Error(ErrorCode::internal, detail, location,
                   "this is a kmsprep bug; please report it with the command line");
    default:
      // Read, write, stat, rename, mkdir, ...: the operating system said no; errno still
      // holds its reason.
      return Error::io(detail, location, errno);
  }
}

Result<WimHandle> open_wim_file(const std::string& path) {
  if (auto initialized = ensure_wimlib_initialized(); !initialized) {
    return std::move(initialized).error();
  }
  WIMStruct* raw = nullptr;
  errno = 0;
  const int code = wimlib_open_wim(to_wim_text(path).c_str(), 0, &raw);
  if (code == WIMLIB_ERR_NOMEM) {
    // On open wimlib allocates what the header announces (the XML data, the blob table): a
    // header claiming petabytes is damage or a crafted file, not a machine short of memory.
    return Error(ErrorCode::image_corrupt,
                 "corrupt WIM header: it announces an XML or blob table larger than memory "
                 "(wimlib: out of memory)",
                 path,
                 "check that the WIM is complete (re-copy it) and that wimlib-imagex info "
                 "reads it");
  }
  if (code != 0) return wimlib_error(code, "cannot open the WIM", path);
  WimHandle wim(raw);
  wimlib_wim_info info{};
  wimlib_get_wim_info(wim.get(), &info);
  if (info.total_parts > 1) {
    // The other parts of a split WIM sit beside the first as install2.swm, install3.swm, ...
    // (the names wimlib-imagex split and DISM /Split-Image give them): reference them so file
    // data in any part can be read. Missing parts surface later as a read error.
    const std::filesystem::path first = utf8_path(path);
    const std::string pattern = utf8_string(first.stem()) + "*" + utf8_string(first.extension());
    const WimText wim_glob = to_wim_text(utf8_string(first.parent_path() / utf8_path(pattern)));
    const wimlib_tchar* globs[] = {wim_glob.c_str()};
    wimlib_reference_resource_files(wim.get(), globs, 1, WIMLIB_REF_FLAG_GLOB_ENABLE, 0);
  }
  return wim;
}

std::string wim_write_refusal(WIMStruct* wim, const std::string& path) {
  wimlib_wim_info info{};
  wimlib_get_wim_info(wim, &info);
  if (info.total_parts != 1 || info.part_number != 1) {
    return "it is part " + std::to_string(info.part_number) + " of a split WIM of " +
           std::to_string(info.total_parts) +
           " parts; join them first (wimlib-imagex join joined.wim " + path +
           " <other parts>) and put into the joined WIM";
  }
  // 0xE00 is the version of WIMs holding solid resources (ESDs); LZMS is their compression.
  if (info.wim_version == 0xE00 || info.compression_type == WIMLIB_COMPRESSION_TYPE_LZMS) {
    return "it is a solid (ESD) WIM, which kmsprep only reads; export the image to a plain WIM "
           "first (wimlib-imagex export " +
           path + " 1 install.wim --compress=lzx)";
  }
  return {};
}

}  // namespace kmsprep
