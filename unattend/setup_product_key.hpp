// The product key of Microsoft-Windows-Setup (windowsPE UserData/ProductKey) in both layouts
// answer files use: the documented <ProductKey><Key>KEY</Key><WillShowUI>..</WillShowUI>, and
// the text-only <ProductKey>KEY</ProductKey> (often with a WillShowUI child after the text)
// that public templates carry and Setup accepts. Callers: unattend/ (view, checks),
// servicing/ (install-key).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "unattend/answer_file.hpp"

namespace kmsprep {

inline constexpr const char* kSetupProductKeyPath = "UserData/ProductKey";

struct SetupProductKey {
  const XmlElement* element = nullptr;  // <Key>, or <ProductKey> itself when text_only
  bool text_only = false;
  std::string value;  // trimmed text
};

// The key of the Setup component in `pass`, in either layout; nullopt when there is neither a
// <Key> nor non-blank text in <ProductKey>. With `architecture` non-empty, only the component
// an edit for that architecture writes (see AnswerFile::find).
std::optional<SetupProductKey> find_setup_product_key(const AnswerFile& file, std::string_view pass,
                                                      std::string_view architecture = {});

// Writes `key` into the windowsPE Setup component of `architecture`: into the text of
// <ProductKey> when the file uses the text-only layout there, else into <Key> (created with
// what is missing). Returns the trimmed text that was replaced, or nullopt when the key was
// absent or already `key`.
Result<std::optional<std::string>> write_setup_product_key(AnswerFile& file, const std::string& key,
                                                           const std::string& architecture);

}  // namespace kmsprep
