// Fuzz target: product keys as users and files give them (core/product_key: parse, the
// family rule, the masking every log line goes through) and the GVLK catalog look-ups a parsed
// key leads to (engine/gvlk_catalog).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/product_key.hpp"
#include "engine/gvlk_catalog.hpp"
#include "tests/fuzz/fuzz_checks.hpp"

using namespace kmsprep;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  const std::string masked = mask_product_keys(text);
  fuzz::expect(mask_product_keys(masked) == masked, "masking a masked text changed it again");

  auto key = ProductKey::parse(text);
  if (!key) {
    fuzz::expect_bad_input(key.error());
    fuzz::expect_no_whole_key(key.error().to_string());
    return 0;
  }
  fuzz::expect(key->formatted().size() == 29, "a formatted key that is not 29 characters");
  auto again = ProductKey::parse(key->formatted());
  fuzz::expect(again && *again == *key, "a formatted key does not parse to itself");
  fuzz::expect(masked != std::string(text), "a text that parses as a key is not masked");
  fuzz::expect_no_whole_key(key->masked());

  for (OsFamily family :
       {OsFamily::vista, OsFamily::win7, OsFamily::win8, OsFamily::win81, OsFamily::win10}) {
    if (auto fits = check_key_fits_family(*key, family); !fits) {
      fuzz::expect_no_whole_key(fits.error().to_string());
    }
  }
  if (const GvlkEntry* entry = find_gvlk_by_key(*key)) {
    fuzz::expect(entry->key == key->formatted(), "the catalog answered with another key");
    fuzz::expect(find_gvlk_by_key_and_build(*key, entry->min_build) != nullptr,
                 "a GVLK serves no build of its own row");
  }
  return 0;
}
