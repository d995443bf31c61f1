#include "core/error.hpp"

#include <cerrno>
#include <cstring>

namespace kmsprep {
namespace {

struct MessageEntry {
  ErrorCode code;
  ErrorKind kind;
  const char* title;
};

// The one message table. A new code gets a new row here and a line in docs/error-codes.md.
constexpr MessageEntry kMessageTable[] = {
    {ErrorCode::usage_invalid_argument, ErrorKind::usage, "invalid argument"},
    {ErrorCode::usage_missing_argument, ErrorKind::usage, "missing argument"},
    {ErrorCode::usage_conflicting_arguments, ErrorKind::usage, "conflicting arguments"},
    {ErrorCode::usage_index_required, ErrorKind::usage,
     "the WIM holds several images and no index was given"},
    {ErrorCode::file_not_found, ErrorKind::bad_input, "file not found"},
    {ErrorCode::file_unreadable, ErrorKind::bad_input, "file cannot be read"},
    {ErrorCode::file_too_large, ErrorKind::bad_input, "file is too large"},
    {ErrorCode::text_encoding_invalid, ErrorKind::bad_input, "text encoding is invalid"},
    {ErrorCode::path_unsafe, ErrorKind::bad_input, "unsafe path"},
    {ErrorCode::path_not_in_image, ErrorKind::bad_input, "path not found in the image"},
    {ErrorCode::product_key_malformed, ErrorKind::bad_input, "product key is malformed"},
    {ErrorCode::os_family_unknown, ErrorKind::bad_input, "unknown OS family"},
    {ErrorCode::path_is_directory, ErrorKind::bad_input, "path is a directory"},
    {ErrorCode::image_format_unknown, ErrorKind::bad_input, "image format not recognised"},
    {ErrorCode::image_corrupt, ErrorKind::bad_input, "image is corrupt or truncated"},
    {ErrorCode::image_index_missing, ErrorKind::bad_input, "image index does not exist"},
    {ErrorCode::image_write_unsupported, ErrorKind::bad_input,
     "this image format cannot be written"},
    {ErrorCode::image_symlink_escape, ErrorKind::bad_input,
     "symbolic link leads outside the image"},
    {ErrorCode::archive_entry_unsafe, ErrorKind::bad_input, "archive entry has an unsafe path"},
    {ErrorCode::udf_volume_missing, ErrorKind::bad_input,
     "ISO has no readable UDF volume"},
    {ErrorCode::image_property_unsupported, ErrorKind::bad_input,
     "this image format has no such property"},
    {ErrorCode::wim_image_name_taken, ErrorKind::bad_input,
     "the WIM already holds an image with this name"},
    {ErrorCode::xml_malformed, ErrorKind::bad_input, "XML is malformed"},
    {ErrorCode::xml_doctype_forbidden, ErrorKind::bad_input,
     "XML declares a DOCTYPE or entities"},
    {ErrorCode::xml_too_deep, ErrorKind::bad_input, "XML nesting is too deep"},
    {ErrorCode::answer_file_invalid, ErrorKind::bad_input, "answer file is invalid"},
    {ErrorCode::pid_malformed, ErrorKind::bad_input, "pid.txt is malformed"},
    {ErrorCode::pid_not_found, ErrorKind::bad_input, "pid.txt not found"},
    {ErrorCode::key_not_gvlk, ErrorKind::bad_input,
     "product key is not a published KMS client setup key"},
    {ErrorCode::key_edition_mismatch, ErrorKind::bad_input,
     "product key does not match the image's edition"},
    {ErrorCode::key_family_mismatch, ErrorKind::bad_input,
     "product key does not match the image's Windows version"},
    {ErrorCode::ei_cfg_malformed, ErrorKind::bad_input, "ei.cfg is malformed"},
    {ErrorCode::gvlk_build_unknown, ErrorKind::bad_input,
     "no published KMS client setup key for this edition at this build"},
    {ErrorCode::image_build_missing, ErrorKind::bad_input,
     "the image's build is needed to choose between releases"},
    {ErrorCode::key_release_mismatch, ErrorKind::bad_input,
     "product key is for another release of the image's edition"},
    {ErrorCode::image_version_inconsistent, ErrorKind::bad_input,
     "the image's version metadata contradicts itself"},
    {ErrorCode::licensing_state_malformed, ErrorKind::bad_input,
     "licensing state file is malformed"},
    {ErrorCode::licensing_state_newer_version, ErrorKind::bad_input,
     "licensing state file is from a newer kmsprep"},
    {ErrorCode::topology_invalid, ErrorKind::bad_input, "topology is invalid"},
    {ErrorCode::rearm_exhausted, ErrorKind::failed,
     "A fatal error occurred while trying to sysprep the machine"},
    {ErrorCode::not_generalized, ErrorKind::failed, "image is not generalized"},
    {ErrorCode::checks_failed, ErrorKind::failed, "checks failed"},
    {ErrorCode::plugin_abi_mismatch, ErrorKind::bad_input, "plugin ABI mismatch"},
    {ErrorCode::plugin_location_unsafe, ErrorKind::bad_input, "plugin location is unsafe"},
    {ErrorCode::plugin_load_failed, ErrorKind::bad_input, "plugin cannot be loaded"},
    {ErrorCode::sequence_malformed, ErrorKind::bad_input, "task sequence is malformed"},
    {ErrorCode::step_unknown, ErrorKind::bad_input, "unknown step type"},
    {ErrorCode::step_failed, ErrorKind::failed, "step failed"},
    {ErrorCode::plugin_threw, ErrorKind::failed, "step plugin threw an exception"},
    {ErrorCode::variable_missing, ErrorKind::failed, "required task-sequence variable is not set"},
    {ErrorCode::step_cancelled, ErrorKind::failed, "cancelled"},
    {ErrorCode::sequence_problems, ErrorKind::bad_input, "task sequence has several problems"},
    {ErrorCode::io_failure, ErrorKind::environment, "input/output failure"},
    {ErrorCode::permission_denied, ErrorKind::environment, "permission denied"},
    {ErrorCode::disk_full, ErrorKind::environment, "no space left on device"},
    {ErrorCode::tool_missing, ErrorKind::environment, "required tool is missing"},
    {ErrorCode::internal, ErrorKind::environment, "internal error"},
};

const MessageEntry* find_entry(ErrorCode code) {
  for (const auto& entry : kMessageTable) {
    if (entry.code == code) return &entry;
  }
  return nullptr;
}

}  // namespace

ErrorKind error_kind(ErrorCode code) {
  const MessageEntry* entry = find_entry(code);
  return entry ? entry->kind : ErrorKind::environment;
}

const char* error_title(ErrorCode code) {
  const MessageEntry* entry = find_entry(code);
  return entry ? entry->title : "unknown error";
}

Error::Error(ErrorCode code, std::string detail, std::string location, std::string hint)
    : code_(code), detail_(std::move(detail)), location_(std::move(location)),
      hint_(std::move(hint)) {}

Error Error::usage(std::string detail, std::string hint) {
  return Error(ErrorCode::usage_invalid_argument, std::move(detail), {}, std::move(hint));
}

Error Error::not_found(std::string detail, std::string location, std::string hint) {
  return Error(ErrorCode::file_not_found, std::move(detail), std::move(location),
               std::move(hint));
}

Error Error::corrupt(ErrorCode code, std::string detail, std::string location,
                     std::string hint) {
  return Error(code, std::move(detail), std::move(location), std::move(hint));
}

Error Error::io(std::string detail, std::string location, int errno_value) {
  ErrorCode code = ErrorCode::io_failure;
  if (errno_value == EACCES || errno_value == EPERM || errno_value == EROFS) {
    code = ErrorCode::permission_denied;
  } else if (errno_value == ENOSPC || errno_value == EDQUOT) {
    code = ErrorCode::disk_full;
  } else if (errno_value == ENOENT) {
    code = ErrorCode::file_not_found;
  }
  if (errno_value != 0) detail += std::string(": ") + std::strerror(errno_value);
  return Error(code, std::move(detail), std::move(location));
}

Error& Error::within(const std::string& outer) {
  if (outer.empty()) return *this;
  location_ = location_.empty() ? outer : outer + ": " + location_;
  return *this;
}

Error& Error::with_hint(std::string hint) {
  hint_ = std::move(hint);
  return *this;
}

std::string Error::to_string() const {
  std::string text = "E" + std::to_string(static_cast<int>(code_)) + " " + error_title(code_);
  if (!detail_.empty()) text += ": " + detail_;
  if (!location_.empty()) text += " [at " + location_ + "]";
  if (!hint_.empty()) text += ". " + hint_;
  return text;
}

}  // namespace kmsprep
