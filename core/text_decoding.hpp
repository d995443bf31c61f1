// Decoding of small text files (answer files, pid.txt, ei.cfg, scripts) into UTF-8 and back,
// remembering the original encoding so an edited file is written the way it was found.
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace kmsprep {

enum class TextEncoding { utf8, utf8_bom, utf16le_bom, utf16be_bom };

const char* to_string(TextEncoding encoding);

struct DecodedText {
  std::string utf8;  // without BOM
  TextEncoding encoding = TextEncoding::utf8;
};

// Detects the encoding by BOM; bytes without a BOM must be valid UTF-8 (ASCII included).
// `source` names the file in error messages.
Result<DecodedText> decode_text(std::string_view bytes, const std::string& source);

// Encodes UTF-8 text back into `encoding`, BOM included where the encoding has one.
std::string encode_text(std::string_view utf8, TextEncoding encoding);

// UTF-16 without BOM to UTF-8 (registry strings, BOM-less files). An odd length or an unpaired
// surrogate gives text_encoding_invalid naming `source`.
Result<std::string> utf16_to_utf8(std::string_view bytes, bool little_endian,
                                  const std::string& source);
// UTF-16 code units in memory (Windows' wide strings: the command line, the environment,
// account names) to UTF-8. An unpaired surrogate, which such text may hold and which is nobody's
// error to report, becomes U+FFFD, as WideCharToMultiByte does.
std::string utf16_units_to_utf8(std::u16string_view units);
// UTF-8 to UTF-16 without BOM; invalid UTF-8 sequences become U+FFFD.
std::string utf8_to_utf16(std::string_view utf8, bool little_endian);

// True when `bytes` is well-formed UTF-8; on failure `bad_offset` is the first bad byte.
bool is_valid_utf8(std::string_view bytes, size_t* bad_offset = nullptr);

}  // namespace kmsprep
