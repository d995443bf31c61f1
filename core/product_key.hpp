// ProductKey: a Windows product key parsed from user input, and the masking rules that keep
// full keys out of every log, report and error message (only the last five characters, the
// "partial product key" slmgr shows, may appear).
#pragma once

#include <string>
#include <string_view>

#include "core/os_family.hpp"
#include "core/result.hpp"

namespace kmsprep {

class ProductKey {
 public:
  // Trims surrounding spaces, upper-cases, accepts the 25 characters with or without dashes
  // (dashes only between groups of five). Alphabet BCDFGHJKMPQRTVWXY2346789 plus at most one N.
  // The error names the first bad character and its 1-based position, never the key.
  static Result<ProductKey> parse(std::string_view text);

  // XXXXX-XXXXX-XXXXX-XXXXX-XXXXX. Only for places the user asked for (--show-key) and for
  // writing into answer files.
  const std::string& formatted() const { return formatted_; }
  // The last five characters.
  std::string partial() const { return formatted_.substr(24); }
  // *****-*****-*****-*****-ABCDE
  std::string masked() const { return "*****-*****-*****-*****-" + partial(); }
  // Keys of Windows 8 / Server 2012 and later contain exactly one N.
  bool has_n() const { return formatted_.find('N') != std::string::npos; }

  bool operator==(const ProductKey& other) const { return formatted_ == other.formatted_; }
  bool operator!=(const ProductKey& other) const { return !(*this == other); }

 private:
  explicit ProductKey(std::string formatted) : formatted_(std::move(formatted)) {}
  std::string formatted_;
};

// Keys of Windows 8 / Server 2012 and later contain exactly one N; keys of Vista through
// 7 / 2008 R2 contain none. A key that breaks this rule for `family` cannot be valid for it.
Status check_key_fits_family(const ProductKey& key, OsFamily family);

// Replaces every 29-character dashed key and every 25-character run of key characters in
// `text` with its masked form. The logger applies it to every line as a last line of defence.
std::string mask_product_keys(std::string_view text);

}  // namespace kmsprep
