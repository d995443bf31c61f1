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
    {ErrorCode::udf_volume_missing, ErrorKind::bad_input, "ISO has no readable UDF volume"},
    {ErrorCode::image_property_unsupported, ErrorKind::bad_input,
     "this image format has no such property"},
    {ErrorCode::image_locked, ErrorKind::environment,
     "another commit of this image is still running"},
    {ErrorCode::wim_no_image, ErrorKind::bad_input, "the WIM holds no image"},
    {ErrorCode::capture_source_not_directory, ErrorKind::bad_input,
     "a capture source must be a directory"},
    {ErrorCode::wim_image_name_taken, ErrorKind::bad_input,
     "the WIM already holds an image with this name"},
    {ErrorCode::xml_malformed, ErrorKind::bad_input, "XML is malformed"},
    {ErrorCode::xml_doctype_forbidden, ErrorKind::bad_input, "XML declares a DOCTYPE or entities"},
    {ErrorCode::xml_too_deep, ErrorKind::bad_input, "XML nesting is too deep"},
    {ErrorCode::answer_file_invalid, ErrorKind::bad_input, "answer file is invalid"},
    {ErrorCode::answer_file_setting_wrong_pass, ErrorKind::failed,
     "setting is in a pass where Setup does not read it"},
    {ErrorCode::answer_file_product_key_empty, ErrorKind::failed,
     "answer-file product key is empty"},
    {ErrorCode::answer_file_product_key_malformed, ErrorKind::failed,
     "answer-file product key is not a product key"},
    {ErrorCode::answer_file_skip_rearm_invalid, ErrorKind::failed, "SkipRearm is neither 0 nor 1"},
    {ErrorCode::answer_file_skip_auto_activation_invalid, ErrorKind::failed,
     "SkipAutoActivation is neither true nor false"},
    {ErrorCode::answer_file_component_wrong_family, ErrorKind::failed,
     "component does not exist on this Windows version"},
    {ErrorCode::answer_file_component_deprecated, ErrorKind::failed,
     "component is deprecated on this Windows version"},
    {ErrorCode::answer_file_component_duplicate, ErrorKind::failed,
     "component appears twice in one pass"},
    {ErrorCode::answer_file_architecture_foreign, ErrorKind::failed,
     "component is for a foreign processor architecture"},
    {ErrorCode::answer_file_run_synchronous_order_duplicate, ErrorKind::failed,
     "two RunSynchronousCommand items share an Order"},
    {ErrorCode::answer_file_specialize_without_windowspe, ErrorKind::failed,
     "media answer file has specialize but no windowsPE settings"},
    {ErrorCode::answer_file_family_unknown, ErrorKind::failed,
     "Windows version unknown; family checks skipped"},
    {ErrorCode::answer_file_skip_rearm_set, ErrorKind::failed, "SkipRearm=1 is set for generalize"},
    {ErrorCode::media_answer_file_refused, ErrorKind::usage,
     "setup media: this answer file or script is not one Setup reads"},
    {ErrorCode::answer_file_value_replaced, ErrorKind::failed, "an answer-file value was replaced"},
    {ErrorCode::answer_file_shadowed, ErrorKind::failed,
     "another answer file takes precedence for this pass"},
    {ErrorCode::answer_file_not_searched, ErrorKind::failed,
     "answer file is not in Setup's search order"},
    {ErrorCode::product_key_layout_unsupported, ErrorKind::bad_input,
     "ProductKey text cannot be rewritten in place"},
    {ErrorCode::answer_file_only_setting, ErrorKind::failed,
     "setting exists only in the answer file"},
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
    {ErrorCode::licensing_state_missing, ErrorKind::bad_input,
     "the image has no licensing state to generalize"},
    {ErrorCode::licensing_state_malformed, ErrorKind::bad_input,
     "licensing state file is malformed"},
    {ErrorCode::licensing_state_newer_version, ErrorKind::bad_input,
     "licensing state file is from a newer kmsprep"},
    {ErrorCode::topology_invalid, ErrorKind::bad_input, "topology is invalid"},
    {ErrorCode::host_key_unhostable, ErrorKind::bad_input,
     "this KMS host key cannot be installed on the host's operating system"},
    {ErrorCode::rearm_exhausted, ErrorKind::failed,
     "A fatal error occurred while trying to sysprep the machine"},
    {ErrorCode::not_generalized, ErrorKind::failed, "image is not generalized"},
    {ErrorCode::checks_failed, ErrorKind::failed, "checks failed"},
    {ErrorCode::registry_target_unavailable, ErrorKind::bad_input,
     "the image has no registry hive to configure"},
    {ErrorCode::event_export_unrecognised, ErrorKind::bad_input,
     "file is not an event export kmsprep reads (.evtx, wevtutil XML, Event Viewer or Export-Csv "
     "CSV)"},
    {ErrorCode::evtx_corrupt, ErrorKind::bad_input, "EVTX file is corrupt or truncated"},
    {ErrorCode::event_record_malformed, ErrorKind::bad_input,
     "KMS event record has a missing or malformed field"},
    {ErrorCode::event_export_too_large, ErrorKind::bad_input,
     "event export exceeds what kmsprep holds in memory"},
    {ErrorCode::event_csv_malformed, ErrorKind::bad_input, "event CSV is malformed"},
    {ErrorCode::report_file_invalid, ErrorKind::bad_input, "file is not a kmsprep report"},
    {ErrorCode::dns_records_empty, ErrorKind::bad_input, "no KMS host to write SRV records for"},
    {ErrorCode::evtx_not_a_file, ErrorKind::bad_input, "an .evtx export must be a regular file"},
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
    {ErrorCode::platform_unsupported, ErrorKind::environment, "not available on this platform yet"},
    {ErrorCode::registry_hive_invalid, ErrorKind::bad_input,
     "registry hive is corrupt, truncated or not a REGF hive"},
    {ErrorCode::registry_key_cycle, ErrorKind::bad_input, "registry hive has a subkey cycle"},
    {ErrorCode::registry_value_too_large, ErrorKind::bad_input,
     "registry value is larger than kmsprep reads"},
    {ErrorCode::registry_value_type_mismatch, ErrorKind::bad_input,
     "registry value has an unexpected type or size"},
    {ErrorCode::registry_string_invalid, ErrorKind::bad_input,
     "registry string is not valid UTF-16"},
    {ErrorCode::registry_path_invalid, ErrorKind::bad_input, "registry key path is invalid"},
    {ErrorCode::registry_write_failed, ErrorKind::bad_input, "registry hive cannot be modified"},
    {ErrorCode::digital_product_id_malformed, ErrorKind::bad_input,
     "DigitalProductId is malformed"},
    {ErrorCode::state_ini_malformed, ErrorKind::bad_input, "State.ini is malformed"},
    {ErrorCode::hive_not_a_file, ErrorKind::bad_input, "registry hive is not a regular file"},
    {ErrorCode::hive_too_large, ErrorKind::bad_input, "registry hive is too large"},
    {ErrorCode::setup_state_not_a_file, ErrorKind::bad_input,
     "Setup state file is not a regular file"},
    {ErrorCode::registry_hive_unwritable, ErrorKind::bad_input,
     "registry hive reads but hivex cannot edit it safely"},
    {ErrorCode::registry_commit_unreadable, ErrorKind::bad_input,
     "the edited registry hive hivex wrote does not open again"},
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
    : code_(code),
      detail_(std::move(detail)),
      location_(std::move(location)),
      hint_(std::move(hint)) {}

Error Error::usage(std::string detail, std::string hint) {
  return Error(ErrorCode::usage_invalid_argument, std::move(detail), {}, std::move(hint));
}

Error Error::not_found(std::string detail, std::string location, std::string hint) {
  return Error(ErrorCode::file_not_found, std::move(detail), std::move(location), std::move(hint));
}

Error Error::corrupt(ErrorCode code, std::string detail, std::string location, std::string hint) {
  return Error(code, std::move(detail), std::move(location), std::move(hint));
}

namespace {

// EDQUOT (a quota exhausted) exists only where the C library defines it, as on Linux.
bool is_disk_full_errno(int errno_value) {
#ifdef EDQUOT
  if (errno_value == EDQUOT) return true;
#endif
  return errno_value == ENOSPC;
}

// glibc's words for the errno values that other C libraries may leave unnamed.
const char* fallback_errno_message(int errno_value) {
  switch (errno_value) {
    case ELOOP:
      return "Too many levels of symbolic links";
    case EWOULDBLOCK:
      return "Resource temporarily unavailable";
    case EBUSY:
      return "Device or resource busy";
    default:
      return nullptr;
  }
}

}  // namespace

std::string errno_message(int errno_value) {
  const std::string words = std::strerror(errno_value);
  const char* fallback = fallback_errno_message(errno_value);
  if (fallback && words.rfind("Unknown error", 0) == 0) return fallback;
  return words;
}

Error Error::io(std::string detail, std::string location, int errno_value) {
  ErrorCode code = ErrorCode::io_failure;
  if (errno_value == EACCES || errno_value == EPERM || errno_value == EROFS) {
    code = ErrorCode::permission_denied;
  } else if (is_disk_full_errno(errno_value)) {
    code = ErrorCode::disk_full;
  } else if (errno_value == ENOENT) {
    code = ErrorCode::file_not_found;
  }
  if (errno_value != 0) detail += ": " + errno_message(errno_value);
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
