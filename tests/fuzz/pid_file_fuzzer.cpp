// Fuzz target: the two small files on setup media that name the edition, sources/pid.txt and
// sources/ei.cfg (servicing/setup_media_files), as `pid` and `install-key --key auto` read them.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "servicing/setup_media_files.hpp"
#include "tests/fuzz/fuzz_checks.hpp"

using namespace kmsprep;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);

  auto pid = parse_pid_file(bytes, "media.iso: sources/pid.txt");
  if (pid) {
    fuzz::expect(pid->line >= 1, "a key without the line it came from");
    auto again = ProductKey::parse(pid->key.formatted());
    fuzz::expect(again && *again == pid->key, "pid.txt gave a key that does not parse again");
    for (const std::string& warning : pid->warnings) fuzz::expect_no_whole_key(warning);
  } else {
    fuzz::expect_bad_input(pid.error());
    fuzz::expect_no_whole_key(pid.error().to_string());
  }

  auto ei = parse_ei_config(bytes, "media.iso: sources/ei.cfg");
  if (!ei) fuzz::expect_bad_input(ei.error());
  return 0;
}
