#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

#include "plugin/plugin_file.hpp"

namespace kmsprep {
namespace {

std::string octal_mode(mode_t mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
  return text;
}

}  // namespace

const char* plugin_library_extension() { return ".so"; }

bool is_plugin_library_name(const std::filesystem::path& name) {
  return name.extension() == plugin_library_extension();
}

char plugin_path_separator() { return ':'; }

// stat, not core's status_of: a symbolic link is judged by its target here.
Status check_plugin_location(const std::string& path, const char* what) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    return Error::io(std::string("cannot examine the plugin ") + what, path, errno);
  }
  const uid_t owner = info.st_uid;
  if (owner != ::geteuid() && owner != 0) {
    return Error(ErrorCode::plugin_location_unsafe,
                 std::string("the ") + what + " belongs to user id " + std::to_string(owner) +
                     ", neither you nor root",
                 path, "only load plugins you or root own");
  }
  if (info.st_mode & (S_IWGRP | S_IWOTH)) {
    const bool world = info.st_mode & S_IWOTH;
    return Error(ErrorCode::plugin_location_unsafe,
                 std::string("the ") + what + " is " + (world ? "world" : "group") +
                     "-writable (mode " + octal_mode(info.st_mode) + ")",
                 path, "run `chmod go-w " + path + "` if you trust it");
  }
  return ok_status();
}

}  // namespace kmsprep
