// Error: what went wrong, where, and what to do about it, with a stable numbered code.
// Every module reports failures through Error; only cli/ turns an Error into a message on the
// console and a process exit code (through error_kind()).
#pragma once

#include <string>

namespace kmsprep {

// Stable numbers: never reuse or renumber one. Grouped in hundreds by module. docs/error-codes.md
// lists them with the message table in error.cpp.
enum class ErrorCode : int {
  // 1xx usage
  usage_invalid_argument = 100,
  usage_missing_argument = 101,
  usage_conflicting_arguments = 102,
  usage_index_required = 103,
  // 2xx input files and paths (core)
  file_not_found = 200,
  file_unreadable = 201,
  file_too_large = 202,
  text_encoding_invalid = 203,
  path_unsafe = 204,
  path_not_in_image = 205,
  product_key_malformed = 206,
  os_family_unknown = 207,
  path_is_directory = 208,
  // 3xx images
  image_format_unknown = 300,
  image_corrupt = 301,
  image_index_missing = 302,
  image_write_unsupported = 303,
  image_symlink_escape = 304,
  archive_entry_unsafe = 305,
  udf_volume_missing = 306,
  image_property_unsupported = 307,
  image_locked = 308,
  wim_no_image = 309,
  capture_source_not_directory = 310,
  wim_image_name_taken = 320,
  // 4xx answer files (unattend)
  xml_malformed = 400,
  xml_doctype_forbidden = 401,
  xml_too_deep = 402,
  answer_file_invalid = 403,
  // 404-416: the findings of `unattend check` (warnings and errors, not failures of a command)
  answer_file_setting_wrong_pass = 404,
  answer_file_product_key_empty = 405,
  answer_file_product_key_malformed = 406,
  answer_file_skip_rearm_invalid = 407,
  answer_file_skip_auto_activation_invalid = 408,
  answer_file_component_wrong_family = 409,
  answer_file_component_deprecated = 410,
  answer_file_component_duplicate = 411,
  answer_file_architecture_foreign = 412,
  answer_file_run_synchronous_order_duplicate = 413,
  answer_file_specialize_without_windowspe = 414,
  answer_file_family_unknown = 415,
  answer_file_skip_rearm_set = 416,
  // 417-421: answer-file writing (install-key, configure)
  media_answer_file_refused = 417,
  answer_file_value_replaced = 418,
  answer_file_shadowed = 419,
  answer_file_not_searched = 420,
  product_key_layout_unsupported = 421,
  answer_file_only_setting = 422,
  // 5xx product keys and media
  pid_malformed = 500,
  pid_not_found = 501,
  key_not_gvlk = 502,
  key_edition_mismatch = 503,
  key_family_mismatch = 504,
  ei_cfg_malformed = 505,
  gvlk_build_unknown = 506,
  image_build_missing = 507,
  key_release_mismatch = 508,
  image_version_inconsistent = 509,
  licensing_state_missing = 510,
  // 6xx engine
  licensing_state_malformed = 600,
  licensing_state_newer_version = 601,
  topology_invalid = 602,
  host_key_unhostable = 610,
  // 7xx servicing and sysprep outcomes that are failures, not bad input
  rearm_exhausted = 700,
  not_generalized = 701,
  checks_failed = 702,
  // 8xx plugins and task sequences
  plugin_abi_mismatch = 800,
  plugin_location_unsafe = 801,
  plugin_load_failed = 802,
  sequence_malformed = 803,
  step_unknown = 804,
  step_failed = 805,
  plugin_threw = 806,
  variable_missing = 807,
  step_cancelled = 808,
  sequence_problems = 809,
  // 9xx environment
  io_failure = 900,
  permission_denied = 901,
  disk_full = 902,
  tool_missing = 903,
  internal = 904,
  platform_unsupported = 905,
  // 10xx registry hives
  registry_hive_invalid = 1000,
  registry_key_cycle = 1001,
  registry_value_too_large = 1002,
  registry_value_type_mismatch = 1003,
  registry_string_invalid = 1004,
  registry_path_invalid = 1005,
  registry_write_failed = 1006,
  digital_product_id_malformed = 1007,
  state_ini_malformed = 1008,
  // 1020-1039: registry hives and Setup state as found inside an image (servicing/), and
  // hives hivex cannot edit safely (registry/)
  hive_not_a_file = 1020,
  hive_too_large = 1021,
  setup_state_not_a_file = 1022,
  registry_target_unavailable = 1023,
  registry_hive_unwritable = 1024,
  registry_commit_unreadable = 1025,
  // 1200-1259: KMS event exports, the report built from them, DNS records (events/, cli/)
  event_export_unrecognised = 1200,
  evtx_corrupt = 1201,
  event_record_malformed = 1202,
  event_export_too_large = 1203,
  event_csv_malformed = 1204,
  report_file_invalid = 1205,
  dns_records_empty = 1206,
  evtx_not_a_file = 1207,
};

// How the caller should treat the error; cli/ maps each kind to one exit code.
enum class ErrorKind {
  usage,        // exit 2
  bad_input,    // exit 3
  failed,       // exit 1: a check or a step failed, input was fine
  environment,  // exit 4
};

ErrorKind error_kind(ErrorCode code);
// The one-line title of the code from the message table ("WIM file is corrupt").
const char* error_title(ErrorCode code);
// The words for an errno value: std::strerror's, except where the C library has none. The
// Windows C runtime says "Unknown error" for ELOOP and EWOULDBLOCK (Wine for EBUSY too), which
// core/file_system_windows.cpp returns; those get glibc's wording, so messages read the same.
std::string errno_message(int errno_value);

class Error {
 public:
  Error(ErrorCode code, std::string detail, std::string location = {}, std::string hint = {});

  // Named factories for the common cases; each code still has its own entry in the table.
  static Error usage(std::string detail, std::string hint = {});
  static Error not_found(std::string detail, std::string location, std::string hint = {});
  static Error corrupt(ErrorCode code, std::string detail, std::string location,
                       std::string hint = {});
  static Error io(std::string detail, std::string location, int errno_value);

  ErrorCode code() const { return code_; }
  ErrorKind kind() const { return error_kind(code_); }
  const std::string& detail() const { return detail_; }
  const std::string& location() const { return location_; }
  const std::string& hint() const { return hint_; }

  // Adds an outer location ("image.wim" around "Windows/Panther/unattend.xml:3:7").
  Error& within(const std::string& outer);
  Error& with_hint(std::string hint);

  // "E301 WIM file is corrupt: <detail> [at <location>]. <hint>"
  std::string to_string() const;

 private:
  ErrorCode code_;
  std::string detail_;
  std::string location_;
  std::string hint_;
};

}  // namespace kmsprep
