#include "image/wim_capture.hpp"

#include <cerrno>
#include <filesystem>

#include "core/file_io.hpp"
#include "core/file_version.hpp"
#include "core/utf8_path.hpp"
#include "image/wim_append.hpp"
#include "image/wim_library.hpp"
#include "image/wim_name_pattern.hpp"
#include "image/wim_text.hpp"

namespace kmsprep {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> split_components(const std::string& text) {
  std::vector<std::string> components;
  std::string current;
  for (char c : text) {
    if (c == '/' || c == '\\') {
      if (!current.empty() && current != ".") components.push_back(current);
      current.clear();
    } else {
      current += c;
    }
  }
  if (!current.empty() && current != ".") components.push_back(current);
  return components;
}

// What the progress function needs while wimlib scans and writes.
struct CaptureContext {
  std::string source;  // canonical directory, as handed to wimlib
  std::vector<std::vector<std::string>> exclusions;
  fs::path wim_path;  // never capture the WIM being written, nor its temporary file
  const CaptureOptions* options = nullptr;
  uint64_t excluded = 0;
};

bool matches_exclusion(const CaptureContext& context, const std::string& relative) {
  const std::vector<std::string> components = split_components(relative);
  for (const auto& pattern : context.exclusions) {
    if (pattern.size() != components.size()) continue;
    bool all = true;
    for (size_t i = 0; i < pattern.size() && all; ++i) {
      all = matches_name_pattern(pattern[i], components[i]);
    }
    if (all) return true;
  }
  return false;
}

bool is_the_wim_itself(const CaptureContext& context, const fs::path& path) {
  if (path.parent_path() != context.wim_path.parent_path()) return false;
  const std::string name = utf8_string(path.filename());
  const std::string wim_name = utf8_string(context.wim_path.filename());
  return name == wim_name || is_replacement_name(name, wim_name);
}

enum wimlib_progress_status on_progress(enum wimlib_progress_msg message,
                                        union wimlib_progress_info* info, void* user) {
  auto* context = static_cast<CaptureContext*>(user);
  if (message == WIMLIB_PROGRESS_MSG_TEST_FILE_EXCLUSION) {
    const std::string path = from_wim_file_path(info->test_file_exclusion.path);
    if (path.size() > context->source.size() &&
        path.compare(0, context->source.size(), context->source) == 0) {
      const std::string relative = path.substr(context->source.size());
      if (matches_exclusion(*context, relative) || is_the_wim_itself(*context, utf8_path(path))) {
        info->test_file_exclusion.will_exclude = true;
        ++context->excluded;
        if (context->options->logger) {
          context->options->logger->info("capture", "excluded " + relative);
        }
      }
    }
    return WIMLIB_PROGRESS_STATUS_CONTINUE;
  }
  if (message == WIMLIB_PROGRESS_MSG_WRITE_STREAMS && context->options->progress) {
    if (!context->options->progress(info->write_streams.completed_bytes,
                                    info->write_streams.total_bytes)) {
      return WIMLIB_PROGRESS_STATUS_ABORT;
    }
  }
  return WIMLIB_PROGRESS_STATUS_CONTINUE;
}

Error capture_failure(int code, const std::string& what, const std::string& location) {
  if (code == WIMLIB_ERR_ABORTED_BY_PROGRESS) {
    return Error(ErrorCode::step_failed, what + ": cancelled", location,
                 "the WIM was left as it was");
  }
  return wimlib_error(code, what, location);
}

// Sets the new image's properties other than NAME (which wimlib_add_image took).
Status set_image_properties(WIMStruct* wim, int index, const CaptureOptions& options,
                            const std::string& wim_path) {
  std::map<std::string, std::string> properties = options.properties;
  if (!options.description.empty()) properties["DESCRIPTION"] = options.description;
  for (const auto& [name, value] : properties) {
    if (name == "NAME") continue;  // given to wimlib_add_image and checked for collisions
    errno = 0;
    const int code = wimlib_set_image_property(wim, index, to_wim_text(name).c_str(),
                                               to_wim_text(value).c_str());
    if (code == WIMLIB_ERR_INVALID_PARAM) {
      return Error(ErrorCode::usage_invalid_argument,
                   "\"" + name + "\" is not a valid WIM property name", wim_path,
                   "use names like DESCRIPTION, FLAGS or WINDOWS/EDITIONID");
    }
    if (code != 0) return wimlib_error(code, "cannot set property " + name, wim_path);
  }
  return ok_status();
}

Result<int> add_image(WIMStruct* wim, CaptureContext& context, const CaptureOptions& options,
                      const std::string& wim_path) {
  wimlib_register_progress_function(wim, on_progress, &context);
  errno = 0;
  const int code =
      wimlib_add_image(wim, to_wim_text(context.source).c_str(), to_wim_text(options.name).c_str(),
                       nullptr, WIMLIB_ADD_FLAG_TEST_FILE_EXCLUSION);
  if (code != 0) return capture_failure(code, "cannot capture " + context.source, wim_path);
  if (options.logger) {
    options.logger->info("capture", "captured " + context.source + " as \"" + options.name +
                                        "\"; " + std::to_string(context.excluded) +
                                        " entries excluded");
  }
  wimlib_wim_info info{};
  wimlib_get_wim_info(wim, &info);
  const int index = static_cast<int>(info.image_count);
  if (auto set = set_image_properties(wim, index, options, wim_path); !set) {
    return std::move(set).error();
  }
  return index;
}

int wimlib_compression(WimCompression compression) {
  switch (compression) {
    case WimCompression::none:
      return WIMLIB_COMPRESSION_TYPE_NONE;
    case WimCompression::xpress:
      return WIMLIB_COMPRESSION_TYPE_XPRESS;
    case WimCompression::lzx:
      return WIMLIB_COMPRESSION_TYPE_LZX;
  }
  return WIMLIB_COMPRESSION_TYPE_LZX;
}

Result<int> capture_into_new_wim(CaptureContext& context, const CaptureOptions& options,
                                 const std::string& wim_path) {
  WIMStruct* raw = nullptr;
  const int created = wimlib_create_new_wim(
      static_cast<enum wimlib_compression_type>(wimlib_compression(options.compression)), &raw);
  if (created != 0) return wimlib_error(created, "cannot create a WIM", wim_path);
  WimHandle wim(raw);
  auto index = add_image(wim.get(), context, options, wim_path);
  if (!index) return index;

  auto replacement = AtomicReplacement::begin(wim_path);
  if (!replacement) return std::move(replacement).error();
  errno = 0;
  const int written = wimlib_write_to_fd(wim.get(), replacement->fd(), WIMLIB_ALL_IMAGES,
                                         WIMLIB_WRITE_FLAG_FSYNC, 0);
  if (written != 0) return capture_failure(written, "cannot write the new WIM", wim_path);
  if (auto committed = replacement->commit(0644); !committed) return std::move(committed).error();
  return index;
}

Result<int> capture_into_existing_wim(CaptureContext& context, const CaptureOptions& options,
                                      const std::string& wim_path) {
  auto wim = open_wim_file(wim_path);
  if (!wim) return std::move(wim).error();
  const std::string refusal = wim_write_refusal(wim->get(), wim_path);
  if (!refusal.empty()) {
    return Error(ErrorCode::image_write_unsupported, "cannot add an image to this WIM", wim_path,
                 refusal);
  }
  if (wimlib_image_name_in_use(wim->get(), to_wim_text(options.name).c_str())) {
    wimlib_wim_info info{};
    wimlib_get_wim_info(wim->get(), &info);
    return Error(ErrorCode::wim_image_name_taken,
                 "an image named \"" + options.name + "\" is already in the WIM (it holds " +
                     std::to_string(info.image_count) + " images)",
                 wim_path, "choose another --name, or capture into a new WIM");
  }
  auto index = add_image(wim->get(), context, options, wim_path);
  if (!index) return index;
  // Append: the existing images and their data are not rewritten, and a failed append is
  // undone (wim_append.hpp).
  auto appended = append_to_wim_in_place(wim->get(), wim_path, [&](int code) {
    return capture_failure(code, "cannot append the image", wim_path);
  });
  if (!appended) return std::move(appended).error();
  return index;
}

}  // namespace

Result<WimCompression> parse_wim_compression(const std::string& text) {
  const std::string lower = [&] {
    std::string result = text;
    for (char& c : result) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return result;
  }();
  if (lower == "none") return WimCompression::none;
  if (lower == "xpress") return WimCompression::xpress;
  if (lower == "lzx") return WimCompression::lzx;
  return Error::usage("unknown compression \"" + text + "\"", "use none, xpress or lzx");
}

std::vector<std::string> default_capture_exclusions() {
  return {"$ntfs.log", "hiberfil.sys", "pagefile.sys", "swapfile.sys", "System Volume Information",
          "RECYCLER",  "$Recycle.Bin", "Windows/CSC"};
}

Status check_capture_source(const std::string& directory) {
  FileVersion info;
  if (const int error = version_of(utf8_path(directory), info)) {
    if (error == ENOENT || error == ENOTDIR) {
      return Error(ErrorCode::file_not_found, "the directory to capture does not exist", directory,
                   "check the path");
    }
    return Error::io("cannot examine the directory to capture", directory, error);
  }
  if (info.kind == EntryKind::directory) return ok_status();
  const char* what = info.kind == EntryKind::file         ? "a regular file"
                     : info.kind == EntryKind::named_pipe ? "a named pipe"
                     : info.kind == EntryKind::socket     ? "a socket"
                                                          : "a device";
  return Error(ErrorCode::capture_source_not_directory,
               directory + " is " + what + ", not a directory", directory,
               "give the root directory of an applied or mounted reference computer; a WIM is "
               "applied first (wimlib-imagex apply WIM N DIR), an archive extracted (bsdtar -xf "
               "FILE -C DIR)");
}

Result<int> capture_directory_to_wim(const std::string& directory, const std::string& wim_path,
                                     const CaptureOptions& options) {
  if (auto initialized = ensure_wimlib_initialized(); !initialized) {
    return std::move(initialized).error();
  }
  if (options.name.empty()) {
    return Error(ErrorCode::usage_missing_argument, "the new image needs a name", wim_path,
                 "give a NAME such as \"Windows 10 Enterprise\"");
  }
  if (auto checked = check_capture_source(directory); !checked) return std::move(checked).error();
  std::error_code error;
  const fs::path source = fs::canonical(utf8_path(directory), error);
  if (error) return Error::io("cannot resolve the directory to capture", directory, error.value());

  CaptureContext context;
  context.source = utf8_string(source);
  context.options = &options;
  for (const auto& pattern : options.exclusions) {
    auto components = split_components(pattern);
    if (!components.empty()) context.exclusions.push_back(std::move(components));
  }
  const fs::path wim_absolute = fs::absolute(utf8_path(wim_path), error);
  const fs::path wim_parent = fs::weakly_canonical(wim_absolute.parent_path(), error);
  context.wim_path = wim_parent / wim_absolute.filename();

  FileVersion info;
  const int examined = version_of(utf8_path(wim_path), info);
  if (examined == 0) {
    if (info.kind != EntryKind::file) {
      return Error(ErrorCode::file_unreadable, "the target WIM is not a regular file", wim_path);
    }
    return capture_into_existing_wim(context, options, wim_path);
  }
  if (examined != ENOENT) return Error::io("cannot examine the target WIM", wim_path, examined);
  return capture_into_new_wim(context, options, wim_path);
}

}  // namespace kmsprep
