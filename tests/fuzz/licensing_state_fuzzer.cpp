// Fuzz target: the emulated licensing state file (Windows/kmsprep/licensing-state.xml,
// engine/licensing_state_xml) as inspect, validate and generalize read it. A state that parses
// must serialize to bytes that parse back to the same state, before and after generalize.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "engine/licensing_state.hpp"
#include "tests/fuzz/fuzz_checks.hpp"

using namespace kmsprep;

namespace {

void expect_round_trip(const LicensingState& state, const char* what) {
  const std::string bytes = serialize_licensing_state(state);
  auto reread = parse_licensing_state(bytes, "serialized");
  if (!reread) {
    fuzz::fail(std::string(what) + ": the serialized state does not parse: " +
               reread.error().to_string() + "\n" + bytes);
  }
  fuzz::expect(*reread == state, std::string(what) + ": the state reads back differently");
  fuzz::expect(serialize_licensing_state(*reread) == bytes,
               std::string(what) + ": serializing is not deterministic");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view xml(reinterpret_cast<const char*>(data), size);
  auto state = parse_licensing_state(xml, "Windows/kmsprep/licensing-state.xml");
  if (!state) {
    fuzz::expect_bad_input(state.error());
    return 0;
  }
  expect_round_trip(*state, "as read");
  for (bool skip_rearm : {false, true}) {
    auto generalized = generalize_licensing_state(*state, skip_rearm);
    if (generalized) {
      expect_round_trip(*generalized, "generalized");
    } else {
      fuzz::expect(generalized.error().code() == ErrorCode::rearm_exhausted,
                   "generalize failed for another reason: " + generalized.error().to_string());
    }
  }
  return 0;
}
