// wimlib-imagex's commands done through libwim, for the suites where the program is not
// installed (the Windows suite under Wine): the WIMs are still real ones, written by wimlib.
// Included by tests/image/wim_test_fixtures.hpp only, in suites that link the image module.
#pragma once

#include <wimlib.h>

#include <filesystem>
#include <string>
#include <vector>

#include "image/wim_library.hpp"
#include "tests/support/test_support.hpp"

namespace kmsprep::test {

// The wimlib-imagex commands the fixtures and tests use, done with libwim as wimlib-imagex does
// them: capture and append (--compress=none|LZX, --pipable, --solid), apply, verify, delete,
// split, and info of a whole WIM (its "Image Count" and "Compression" lines only). Any other
// command says it needs the program. Exit status: wimlib's error code.
inline ProgramResult wimlib_through_library(const std::vector<std::string>& args) {
  const auto path = [&](size_t at) { return std::filesystem::path(args.at(at)); };
  const auto done = [](int code) {
    return ProgramResult{code, {}, code ? "wimlib error " + std::to_string(code) : std::string()};
  };
  if (!ensure_wimlib_initialized()) return done(WIMLIB_ERR_NOMEM);  // the same flags as kmsprep
  const std::string command = args.empty() ? std::string() : args[0];
  WIMStruct* wim = nullptr;
  int code = 0;
  if (command == "capture" || command == "append") {
    int compression = WIMLIB_COMPRESSION_TYPE_LZX;
    int write_flags = 0;
    for (size_t i = 4; i < args.size(); ++i) {
      if (args[i] == "--compress=none") compression = WIMLIB_COMPRESSION_TYPE_NONE;
      if (args[i] == "--pipable") write_flags |= WIMLIB_WRITE_FLAG_PIPABLE;
      if (args[i] == "--solid") {
        write_flags |= WIMLIB_WRITE_FLAG_SOLID;
        compression = WIMLIB_COMPRESSION_TYPE_LZMS;
      }
    }
    code = command == "capture"
               ? wimlib_create_new_wim(static_cast<wimlib_compression_type>(compression), &wim)
               : wimlib_open_wim(path(2).c_str(), WIMLIB_OPEN_FLAG_WRITE_ACCESS, &wim);
    const std::filesystem::path name(args.at(3));
    if (!code) {
      code = wimlib_add_image(wim, path(1).c_str(), name.c_str(), nullptr, WIMLIB_ADD_FLAG_NO_ACLS);
    }
    if (!code && command == "capture") {
      code = wimlib_write(wim, path(2).c_str(), WIMLIB_ALL_IMAGES, write_flags, 0);
    } else if (!code) {
      code = wimlib_overwrite(wim, write_flags, 0);
    }
  } else if (command == "info" && args.size() == 2) {
    code = wimlib_open_wim(path(1).c_str(), 0, &wim);
    wimlib_wim_info info{};
    if (!code) code = wimlib_get_wim_info(wim, &info);
    wimlib_free(wim);
    if (code) return done(code);
    const auto compression = static_cast<wimlib_compression_type>(info.compression_type);
    return ProgramResult{
        0,
        "WIM Information:\nImage Count:    " + std::to_string(info.image_count) +
            "\nCompression:    " +
            std::filesystem::path(wimlib_get_compression_type_string(compression)).string() + "\n",
        {}};
  } else if (command == "apply" || command == "verify" || command == "delete" ||
             command == "split") {
    const int open_flags = command == "delete" ? WIMLIB_OPEN_FLAG_WRITE_ACCESS : 0;
    code = wimlib_open_wim(path(1).c_str(), open_flags, &wim);
    if (!code && command == "apply") {
      code = wimlib_extract_image(wim, std::stoi(args.at(2)), path(3).c_str(),
                                  WIMLIB_EXTRACT_FLAG_NO_ACLS);
    } else if (!code && command == "verify") {
      code = wimlib_verify_wim(wim, 0);
    } else if (!code && command == "delete") {
      code = wimlib_delete_image(wim, std::stoi(args.at(2)));
      if (!code) code = wimlib_overwrite(wim, 0, 0);
    } else if (!code) {
      code = wimlib_split(wim, path(2).c_str(), std::stoull(args.at(3)) << 20, 0);
    }
  } else {
    return ProgramResult{127, {}, "`wimlib-imagex " + command + "` needs wimlib-imagex"};
  }
  wimlib_free(wim);
  return done(code);
}

}  // namespace kmsprep::test
