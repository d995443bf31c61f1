#include "plugin/step_registry.hpp"

#include <algorithm>
#include <filesystem>

#include "core/text.hpp"
#include "core/utf8_path.hpp"
#include "plugin/builtin_steps.hpp"
#include "plugin/environment.hpp"
#include "plugin/plugin_file.hpp"

namespace kmsprep {
namespace {

namespace fs = std::filesystem;

// The size of a version-1 descriptor: a plugin built against a newer header may append fields
// (struct_size is larger), never remove them.
constexpr size_t kVersion1DescriptorSize = offsetof(kmsprep_step, run) + sizeof(void*);

bool is_valid_step_name(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.';
  });
}

Error abi_error(const std::string& detail, const std::string& origin, std::string hint = {}) {
  return Error(ErrorCode::plugin_abi_mismatch, detail, origin, std::move(hint));
}

}  // namespace

const char* direction_name(int32_t direction) {
  switch (direction) {
    case KMSPREP_IN:
      return "in";
    case KMSPREP_OUT:
      return "out";
    case KMSPREP_INOUT:
      return "inout";
  }
  return "in";
}

std::vector<std::string> plugin_directories(const std::vector<std::string>& plugin_dirs,
                                            const char* environment_value) {
  std::vector<std::string> directories = plugin_dirs;
  if (environment_value) {
    std::string_view rest = environment_value;
    for (;;) {
      const size_t separator = rest.find(plugin_path_separator());
      if (separator != 0 && !rest.empty()) directories.emplace_back(rest.substr(0, separator));
      if (separator == std::string_view::npos) break;
      rest.remove_prefix(separator + 1);
    }
  }
  return directories;
}

std::vector<std::string> plugin_directories(const std::vector<std::string>& plugin_dirs) {
  const auto value = environment_variable("KMSPREP_PLUGIN_PATH");
  return plugin_directories(plugin_dirs, value ? value->c_str() : nullptr);
}

Status check_step_descriptor(const kmsprep_step* descriptor, const std::string& origin) {
  if (!descriptor) return abi_error("the entry point returned no descriptor", origin);
  if (descriptor->struct_size < kVersion1DescriptorSize) {
    return abi_error("descriptor struct_size is " + std::to_string(descriptor->struct_size) +
                         ", smaller than the " + std::to_string(kVersion1DescriptorSize) +
                         " bytes of ABI version 1",
                     origin, "rebuild the plugin against this kmsprep's kmsprep_plugin.h");
  }
  if (descriptor->abi_version != KMSPREP_PLUGIN_ABI_VERSION) {
    return abi_error("plugin ABI version is " + std::to_string(descriptor->abi_version) +
                         ", this kmsprep speaks version " +
                         std::to_string(KMSPREP_PLUGIN_ABI_VERSION),
                     origin, "rebuild the plugin against this kmsprep's kmsprep_plugin.h");
  }
  if (!descriptor->name || !is_valid_step_name(descriptor->name)) {
    return abi_error("the step name is missing or not [A-Za-z0-9._-]{1,64}", origin);
  }
  if (!descriptor->run) return abi_error("the step has no run function", origin);
  if (descriptor->variable_count > 0 && !descriptor->variables) {
    return abi_error("variable_count is set but the variable table is missing", origin);
  }
  for (size_t i = 0; i < descriptor->variable_count; ++i) {
    const kmsprep_variable_spec& spec = descriptor->variables[i];
    if (!spec.name || spec.direction < KMSPREP_IN || spec.direction > KMSPREP_INOUT) {
      return abi_error(
          "variable " + std::to_string(i) + " of the step has no name or an unknown direction",
          origin);
    }
  }
  return ok_status();
}

StepRegistry::StepRegistry() {
  for (const kmsprep_step* step : builtin_steps()) {
    // A built-in that fails its own check is a kmsprep bug; leave it out rather than crash.
    (void)add(step, "built-in");
  }
}

StepRegistry::~StepRegistry() {
  steps_.clear();
  for (SharedLibrary& library : libraries_) close_shared_library(library);
}

Status StepRegistry::add(const kmsprep_step* descriptor, std::string origin) {
  if (auto checked = check_step_descriptor(descriptor, origin); !checked) return checked;
  if (const StepEntry* existing = find(descriptor->name)) {
    return Error(
        ErrorCode::plugin_load_failed,
        std::string("step \"") + descriptor->name + "\" is already provided by " + existing->origin,
        origin, "rename the step or remove one of the libraries");
  }
  steps_.push_back(StepEntry{descriptor, std::move(origin)});
  return ok_status();
}

const StepEntry* StepRegistry::find(std::string_view name) const {
  for (const auto& entry : steps_) {
    if (equals_ignoring_case(entry.descriptor->name, name)) return &entry;
  }
  return nullptr;
}

Status StepRegistry::load_library(const std::string& path) {
  if (auto safe = check_plugin_location(path, "library"); !safe) return safe;
  // A symbolic link is checked at its target too, and so is the target's directory.
  std::error_code ignored;
  const fs::path real = fs::canonical(utf8_path(path), ignored);
  if (!real.empty() && utf8_string(real) != path) {
    if (auto safe = check_plugin_location(utf8_string(real.parent_path()), "directory"); !safe) {
      return safe;
    }
  }
  std::string reason;
  SharedLibrary library{load_library_file(path, reason), path, {}};
  if (!library.handle) return Error(ErrorCode::plugin_load_failed, reason, path);
  auto entry_point = reinterpret_cast<kmsprep_step_descriptor_function>(
      find_symbol(library, KMSPREP_STEP_ENTRY_POINT));
  if (!entry_point) {
    close_shared_library(library);
    return Error(ErrorCode::plugin_load_failed,
                 "the library exports no " KMSPREP_STEP_ENTRY_POINT " function", path,
                 "declare it KMSPREP_EXPORT and extern \"C\" (docs/plugin-abi.md)");
  }
  const kmsprep_step* descriptor = nullptr;
  // A C++ plugin may throw through the C entry point: undefined by the standard, but GCC and
  // Clang unwind through it, so catch(...) keeps kmsprep alive (docs/plugin-abi.md).
  try {
    descriptor = entry_point();
  } catch (...) {
    close_shared_library(library);
    return Error(ErrorCode::plugin_threw, KMSPREP_STEP_ENTRY_POINT " threw an exception", path);
  }
  if (auto added = add(descriptor, path); !added) {
    close_shared_library(library);
    return added;
  }
  libraries_.push_back(std::move(library));
  return ok_status();
}

std::vector<Error> StepRegistry::load_directories(const std::vector<std::string>& directories,
                                                  Logger& logger) {
  std::vector<Error> refusals;
  auto refuse = [&](Error error) {
    logger.warning("plugins", "plugin left out: " + error.to_string());
    refusals.push_back(std::move(error));
  };
  for (const auto& directory : directories) {
    if (auto safe = check_plugin_location(directory, "directory"); !safe) {
      refuse(safe.error());
      continue;
    }
    std::error_code error;
    std::vector<std::string> libraries;
    for (fs::directory_iterator it(utf8_path(directory), error), end; !error && it != end;
         it.increment(error)) {
      const fs::path& path = it->path();
      if (is_plugin_library_name(path.filename()) && it->is_regular_file()) {
        libraries.push_back(utf8_string(path));
      }
    }
    if (error) {
      refuse(Error::io("cannot list the plugin directory", directory, error.value()));
      continue;
    }
    std::sort(libraries.begin(), libraries.end());
    for (const auto& library : libraries) {
      if (auto loaded = load_library(library); !loaded) {
        refuse(loaded.error());
      } else {
        logger.info("plugins", "loaded step \"" + std::string(steps_.back().descriptor->name) +
                                   "\" from " + library);
      }
    }
  }
  return refusals;
}

}  // namespace kmsprep
