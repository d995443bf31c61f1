// AnswerFile: one Windows answer file (unattend.xml) held as its original text, with a
// read-only element tree to query and edits that are spliced into the text at the offsets
// pugixml reports, so every byte outside an edit stays as it was. Callers: servicing/
// (configure, install-key, inspect, validate), sysprep/, plugin/, cli/.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "core/text_decoding.hpp"
#include "unattend/xml_text.hpp"

namespace kmsprep {

inline constexpr const char* kUnattendNamespace = "urn:schemas-microsoft-com:unattend";
inline constexpr const char* kWcmNamespace = "http://schemas.microsoft.com/WMIConfig/2002/State";
inline constexpr const char* kXsiNamespace = "http://www.w3.org/2001/XMLSchema-instance";
inline constexpr const char* kComponentPublicKeyToken = "31bf3856ad364e35";
// Hostile-input limits: larger or deeper files are refused before anything is edited.
inline constexpr size_t kMaxAnswerFileBytes = 8 * 1024 * 1024;
inline constexpr int kMaxAnswerFileDepth = 256;

// The configuration passes in the order Setup runs them.
const std::vector<std::string>& answer_file_passes();
// Position of `pass` in answer_file_passes(), or -1 when it is not a pass name.
int pass_order(std::string_view pass);

struct XmlAttribute {
  std::string name;   // literal, prefix included ("wcm:action")
  std::string value;  // references decoded
};

// A snapshot of one element. Offsets and pointers into the tree are valid until the next edit.
struct XmlElement {
  std::string name;  // literal, prefix included
  std::vector<XmlAttribute> attributes;
  std::string text;   // decoded text of the direct text and CDATA children
  size_t offset = 0;  // of the start tag's '<' in AnswerFile::text()
  int line = 0;
  int column = 0;
  std::vector<XmlElement> children;  // element children only

  const std::string* attribute(std::string_view attribute_name) const;
};

// An element to insert, rendered with the file's line ending and indentation.
struct XmlFragment {
  std::string name;
  std::vector<XmlAttribute> attributes;  // raw values, escaped when rendered
  std::string text;
  std::vector<XmlFragment> children;
};

// pass / component name / setting path ("UserData/ProductKey/Key"; element names without the
// unattend namespace prefix).
struct SettingAddress {
  std::string pass;
  std::string component;
  std::string path;
};

struct ComponentInfo {
  std::string pass;
  std::string name;
  std::string architecture;
  std::string public_key_token;
  std::string language;
  std::string version_scope;
  const XmlElement* element = nullptr;
};

class AnswerFile {
 public:
  // Decodes (UTF-8 with or without BOM, UTF-16LE/BE with BOM) and checks the file. Refuses
  // (bad_input, with source:line:column) files over kMaxAnswerFileBytes, any DOCTYPE or
  // entity declaration, malformed XML, nesting deeper than kMaxAnswerFileDepth, and a root
  // that is not <unattend xmlns="urn:schemas-microsoft-com:unattend">.
  static Result<AnswerFile> parse(std::string_view bytes, const std::string& source);
  // A new, empty answer file (UTF-8, CRLF) to be written at `source`; modified() turns true
  // with the first edit.
  static AnswerFile create(const std::string& source);

  const std::string& source() const { return source_; }
  // UTF-8 text without BOM; offsets in the tree refer to it.
  const std::string& text() const { return text_; }
  TextEncoding encoding() const { return encoding_; }
  // The file as it should be written: the original encoding, BOM kept. Without edits, the
  // bytes that were parsed.
  std::string bytes() const;
  bool modified() const { return text_ != original_text_; }
  bool created() const { return created_; }

  const XmlElement& root() const { return root_; }
  // True when `element` is the unattend-namespace element `local_name`.
  bool is_element(const XmlElement& element, std::string_view local_name) const;
  // The unattend-namespace name as this file spells it (with the root's prefix, if any).
  std::string qualified(std::string_view local_name) const;
  const XmlElement* child(const XmlElement& parent, std::string_view local_name) const;
  std::vector<const XmlElement*> children(const XmlElement& parent,
                                          std::string_view local_name) const;

  // Every <settings> element, in file order, with its pass attribute.
  std::vector<const XmlElement*> settings() const;
  const XmlElement* find_settings(std::string_view pass) const;  // the first one
  std::vector<ComponentInfo> components() const;
  // The first component called `name` (ignoring case) in `pass`; with `architecture`
  // non-empty, the first one with that processorArchitecture.
  const XmlElement* find_component(std::string_view pass, std::string_view name,
                                   std::string_view architecture = {}) const;
  const XmlElement* find(const SettingAddress& address) const;
  // The same, inside the component of `architecture` (or one without processorArchitecture):
  // the element an edit for that architecture writes.
  const XmlElement* find(const SettingAddress& address, std::string_view architecture) const;
  TextPosition position(const XmlElement& element) const {
    return TextPosition{element.line, element.column};
  }
  // "source:line:column" of an element, for messages.
  std::string location(const XmlElement& element) const;

  // ---- Edits. Each one is spliced into the text, the result is re-parsed and checked, and
  // the tree is rebuilt (earlier pointers become invalid). A failed edit changes nothing.

  // Sets the text of the element at `address`, creating the pass, the component (with the
  // five identifying attributes and the wcm/xsi declarations, processorArchitecture
  // `architecture`) and the path elements that are missing. Only a component of
  // `architecture` (or one without processorArchitecture) is written: a wow64 or foreign one
  // of the same name is left alone and a new component is added. Setting the text it already
  // has changes nothing.
  Status set_setting(const SettingAddress& address, std::string_view value,
                     const std::string& architecture);
  // Makes sure the element at `address` exists (creating what is missing, as set_setting
  // does) and returns its offset in text().
  Result<size_t> ensure_element(const SettingAddress& address, const std::string& architecture);
  // Replaces the text of the element starting at `element_offset` (a leaf element).
  Status set_element_text(size_t element_offset, std::string_view value);
  // Replaces the non-blank direct text of the element at `element_offset` that also holds
  // child elements (<ProductKey>KEY<WillShowUI>Never</WillShowUI></ProductKey>), keeping the
  // whitespace around it and every child. A leaf element is set as set_element_text does.
  // Refuses (product_key_layout_unsupported) text that is interleaved with comments or CDATA.
  Status set_direct_text(size_t element_offset, std::string_view value);
  // Appends `fragment` as the last element child of the element at `parent_offset`.
  Status append_child(size_t parent_offset, const XmlFragment& fragment);
  // Inserts `fragment` just before the element at `sibling_offset`.
  Status insert_before(size_t sibling_offset, const XmlFragment& fragment);

  const XmlElement* element_at(size_t offset) const;

 private:
  AnswerFile() = default;
  // Parses `text` (UTF-8) and, when it is acceptable, makes it the current text and tree.
  Status load_text(std::string text);
  // The component an edit for `architecture` writes: that architecture's, else one without
  // processorArchitecture; never a wow64 or foreign one.
  const XmlElement* writable_component(std::string_view pass, std::string_view name,
                                       std::string_view architecture) const;
  Result<size_t> ensure_path(const SettingAddress& address, const std::string& architecture,
                             const std::string* leaf_text);
  Status splice(size_t offset, size_t length, const std::string& replacement);
  XmlFragment component_fragment(const std::string& name, const std::string& architecture) const;
  std::string indent_unit() const;
  std::string render(const XmlFragment& fragment, const std::string& indent, bool multiline) const;

  std::string source_;
  std::string original_bytes_;
  std::string original_text_;
  std::string text_;
  TextEncoding encoding_ = TextEncoding::utf8;
  bool created_ = false;
  std::string prefix_;  // the root's unattend namespace prefix, usually empty
  std::string line_ending_ = "\r\n";
  XmlElement root_;
};

}  // namespace kmsprep
