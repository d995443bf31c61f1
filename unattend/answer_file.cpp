#include "unattend/answer_file.hpp"

#include <algorithm>
#include <pugixml.hpp>

#include "core/text.hpp"

namespace kmsprep {
namespace {

// Locate-only parse: keep whitespace text and literal line endings so offsets match the text.
constexpr unsigned kLocateFlags = (pugi::parse_full | pugi::parse_ws_pcdata) & ~pugi::parse_eol;

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> parts;
  size_t begin = 0;
  while (begin <= path.size()) {
    const size_t slash = path.find('/', begin);
    const size_t end = slash == std::string_view::npos ? path.size() : slash;
    if (end > begin) parts.emplace_back(path.substr(begin, end - begin));
    if (slash == std::string_view::npos) break;
    begin = slash + 1;
  }
  return parts;
}

std::string where(const std::string& source, std::string_view text, size_t offset) {
  const TextPosition position = text_position(text, offset);
  return source + ":" + std::to_string(position.line) + ":" + std::to_string(position.column);
}

// Offset of the first "<!DOCTYPE" or "<!ENTITY" (any letter case), or npos. Checked on the
// raw text before any parser sees it, so no declaration is ever processed, let alone expanded.
size_t find_declaration(std::string_view text) {
  for (size_t lt = text.find("<!"); lt != std::string_view::npos; lt = text.find("<!", lt + 2)) {
    const std::string head = to_lower_ascii(text.substr(lt + 2, 7));
    if (head.rfind("doctype", 0) == 0 || head.rfind("entity", 0) == 0) return lt;
  }
  return std::string_view::npos;
}

void build_element(const pugi::xml_node& node, const LineIndex& lines, XmlElement& out) {
  out.name = node.name();
  out.offset = static_cast<size_t>(node.offset_debug()) - 1;  // offset_debug points at the name
  const TextPosition position = lines.at(out.offset);
  out.line = position.line;
  out.column = position.column;
  for (const pugi::xml_attribute& attribute : node.attributes()) {
    out.attributes.push_back(XmlAttribute{attribute.name(), attribute.value()});
  }
  for (const pugi::xml_node& child : node.children()) {
    if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) {
      out.text += child.value();
    } else if (child.type() == pugi::node_element) {
      out.children.emplace_back();
      build_element(child, lines, out.children.back());
    }
  }
}

const XmlElement* find_by_offset(const XmlElement& element, size_t offset) {
  if (element.offset == offset) return &element;
  for (const auto& child : element.children) {
    if (child.offset <= offset) {
      if (const XmlElement* found = find_by_offset(child, offset)) return found;
    }
  }
  return nullptr;
}

bool is_blank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

// Finds an indentation step used in the file: the extra indentation of a child on its own line
// relative to its parent on its own line.
bool find_indent_unit(std::string_view text, const XmlElement& element, std::string* unit) {
  const auto parent_indent = line_indentation(text, element.offset);
  for (const auto& child : element.children) {
    const auto child_indent = line_indentation(text, child.offset);
    if (parent_indent && child_indent && child_indent->size() > parent_indent->size() &&
        child_indent->compare(0, parent_indent->size(), *parent_indent) == 0) {
      *unit = child_indent->substr(parent_indent->size());
      return true;
    }
    if (find_indent_unit(text, child, unit)) return true;
  }
  return false;
}

// The start tag of a self-closing element rewritten as an opening tag ("<a x='1' />" -> "<a
// x='1'>").
std::string opening_tag_of_self_closing(std::string_view start_tag) {
  std::string tag(start_tag.substr(0, start_tag.size() - 2));  // drop "/>"
  while (!tag.empty() &&
         (tag.back() == ' ' || tag.back() == '\t' || tag.back() == '\r' || tag.back() == '\n')) {
    tag.pop_back();
  }
  return tag + ">";
}

XmlFragment chain_fragment(const std::vector<std::string>& names, size_t from,
                           const std::string* leaf_text) {
  XmlFragment fragment;
  fragment.name = names[from];
  if (from + 1 < names.size()) {
    fragment.children.push_back(chain_fragment(names, from + 1, leaf_text));
  } else if (leaf_text) {
    fragment.text = *leaf_text;
  }
  return fragment;
}

}  // namespace

const std::vector<std::string>& answer_file_passes() {
  static const std::vector<std::string> passes = {"windowsPE",  "offlineServicing", "generalize",
                                                  "specialize", "auditSystem",      "auditUser",
                                                  "oobeSystem"};
  return passes;
}

int pass_order(std::string_view pass) {
  const auto& passes = answer_file_passes();
  for (size_t i = 0; i < passes.size(); ++i) {
    if (passes[i] == pass) return static_cast<int>(i);
  }
  return -1;
}

const std::string* XmlElement::attribute(std::string_view attribute_name) const {
  for (const auto& attribute : attributes) {
    if (attribute.name == attribute_name) return &attribute.value;
  }
  return nullptr;
}

Result<AnswerFile> AnswerFile::parse(std::string_view bytes, const std::string& source) {
  if (bytes.size() > kMaxAnswerFileBytes) {
    return Error(ErrorCode::file_too_large,
                 "answer file has " + std::to_string(bytes.size()) + " bytes, more than the " +
                     std::to_string(kMaxAnswerFileBytes) + " kmsprep accepts",
                 source, "real answer files are a few kilobytes; check that this is one");
  }
  auto decoded = decode_text(bytes, source);
  if (!decoded) return std::move(decoded).error();
  AnswerFile file;
  file.source_ = source;
  file.encoding_ = decoded->encoding;
  file.original_bytes_ = std::string(bytes);
  if (auto loaded = file.load_text(std::move(decoded->utf8)); !loaded) {
    return std::move(loaded).error();
  }
  file.original_text_ = file.text_;
  return file;
}

AnswerFile AnswerFile::create(const std::string& source) {
  AnswerFile file;
  file.source_ = source;
  file.created_ = true;
  const std::string text = std::string("<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n") +
                           "<unattend xmlns=\"" + kUnattendNamespace + "\">\r\n</unattend>\r\n";
  [[maybe_unused]] const Status loaded = file.load_text(text);
  assert(loaded.ok());
  file.original_text_ = file.text_;  // modified() means "edited since created"
  return file;
}

// Long on purpose: the refusals of hostile or foreign XML (DOCTYPE, parse, depth, root, not
// unattend) in the order they must run.
Status AnswerFile::load_text(std::string text) {
  if (const size_t declaration = find_declaration(text); declaration != std::string::npos) {
    return Error(ErrorCode::xml_doctype_forbidden,
                 "the answer file declares a DOCTYPE or an entity",
                 where(source_, text, declaration),
                 "remove the declaration: answer files need none, and kmsprep never expands "
                 "entities");
  }
  pugi::xml_document document;
  const pugi::xml_parse_result parsed =
      document.load_buffer(text.data(), text.size(), kLocateFlags, pugi::encoding_utf8);
  if (!parsed) {
    return Error(ErrorCode::xml_malformed, parsed.description(),
                 where(source_, text, static_cast<size_t>(parsed.offset)),
                 "fix the XML (an editor with XML validation shows the spot)");
  }
  struct DepthWalker : pugi::xml_tree_walker {
    pugi::xml_node found;
    bool for_each(pugi::xml_node& node) override {
      if (node.type() == pugi::node_element && depth() + 1 > kMaxAnswerFileDepth) {
        found = node;
        return false;
      }
      return true;
    }
  } walker;
  document.traverse(walker);
  if (walker.found) {
    return Error(
        ErrorCode::xml_too_deep,
        "elements are nested more than " + std::to_string(kMaxAnswerFileDepth) + " levels deep",
        where(source_, text, static_cast<size_t>(walker.found.offset_debug()) - 1),
        "real answer files nest fewer than 10 levels; check that this is one");
  }
  const pugi::xml_node root = document.document_element();
  if (!root) {
    return Error(
        ErrorCode::xml_malformed, "no root element", source_,
        "an answer file starts with <unattend xmlns=\"" + std::string(kUnattendNamespace) + "\">");
  }
  const std::string root_name = root.name();
  const size_t colon = root_name.find(':');
  const std::string prefix = colon == std::string::npos ? "" : root_name.substr(0, colon);
  const std::string local = colon == std::string::npos ? root_name : root_name.substr(colon + 1);
  const std::string xmlns_name = prefix.empty() ? "xmlns" : "xmlns:" + prefix;
  if (local != "unattend" ||
      std::string(root.attribute(xmlns_name.c_str()).value()) != kUnattendNamespace) {
    return Error(
        ErrorCode::answer_file_invalid,
        "the root element is <" + root_name + ">, not an unattend element in the " +
            std::string(kUnattendNamespace) + " namespace",
        where(source_, text, static_cast<size_t>(root.offset_debug()) - 1),
        "an answer file starts with <unattend xmlns=\"" + std::string(kUnattendNamespace) + "\">");
  }
  XmlElement tree;
  const LineIndex lines(text);
  build_element(root, lines, tree);
  prefix_ = prefix;
  root_ = std::move(tree);
  line_ending_ = detect_line_ending(text, "\r\n");
  text_ = std::move(text);
  return ok_status();
}

std::string AnswerFile::bytes() const {
  if (!modified() && !created_) return original_bytes_;
  return encode_text(text_, encoding_);
}

bool AnswerFile::is_element(const XmlElement& element, std::string_view local_name) const {
  if (prefix_.empty()) return element.name == local_name;
  return element.name.size() == prefix_.size() + 1 + local_name.size() &&
         element.name.compare(0, prefix_.size(), prefix_) == 0 &&
         element.name[prefix_.size()] == ':' &&
         element.name.compare(prefix_.size() + 1, std::string::npos, local_name) == 0;
}

std::string AnswerFile::qualified(std::string_view local_name) const {
  return prefix_.empty() ? std::string(local_name) : prefix_ + ":" + std::string(local_name);
}

const XmlElement* AnswerFile::child(const XmlElement& parent, std::string_view local_name) const {
  for (const auto& element : parent.children) {
    if (is_element(element, local_name)) return &element;
  }
  return nullptr;
}

std::vector<const XmlElement*> AnswerFile::children(const XmlElement& parent,
                                                    std::string_view local_name) const {
  std::vector<const XmlElement*> found;
  for (const auto& element : parent.children) {
    if (is_element(element, local_name)) found.push_back(&element);
  }
  return found;
}

std::vector<const XmlElement*> AnswerFile::settings() const { return children(root_, "settings"); }

const XmlElement* AnswerFile::find_settings(std::string_view pass) const {
  for (const XmlElement* element : settings()) {
    const std::string* value = element->attribute("pass");
    if (value && *value == pass) return element;
  }
  return nullptr;
}

std::vector<ComponentInfo> AnswerFile::components() const {
  std::vector<ComponentInfo> found;
  for (const XmlElement* settings_element : settings()) {
    const std::string* pass = settings_element->attribute("pass");
    for (const XmlElement* component : children(*settings_element, "component")) {
      const auto value = [&](const char* name) {
        const std::string* attribute = component->attribute(name);
        return attribute ? *attribute : std::string();
      };
      found.push_back(ComponentInfo{pass ? *pass : "", value("name"),
                                    value("processorArchitecture"), value("publicKeyToken"),
                                    value("language"), value("versionScope"), component});
    }
  }
  return found;
}

const XmlElement* AnswerFile::find_component(std::string_view pass, std::string_view name,
                                             std::string_view architecture) const {
  const XmlElement* settings_element = find_settings(pass);
  if (!settings_element) return nullptr;
  for (const XmlElement* component : children(*settings_element, "component")) {
    const std::string* component_name = component->attribute("name");
    if (!component_name || !equals_ignoring_case(*component_name, name)) continue;
    const std::string* arch = component->attribute("processorArchitecture");
    if (architecture.empty() || (arch && equals_ignoring_case(*arch, architecture))) {
      return component;
    }
  }
  return nullptr;
}

const XmlElement* AnswerFile::find(const SettingAddress& address) const {
  const XmlElement* current = find_component(address.pass, address.component);
  for (const auto& segment : split_path(address.path)) {
    if (!current) return nullptr;
    current = child(*current, segment);
  }
  return current;
}

const XmlElement* AnswerFile::find(const SettingAddress& address,
                                   std::string_view architecture) const {
  const XmlElement* current = writable_component(address.pass, address.component, architecture);
  for (const auto& segment : split_path(address.path)) {
    if (!current) return nullptr;
    current = child(*current, segment);
  }
  return current;
}

const XmlElement* AnswerFile::writable_component(std::string_view pass, std::string_view name,
                                                 std::string_view architecture) const {
  if (const XmlElement* exact = find_component(pass, name, architecture)) return exact;
  const XmlElement* settings_element = find_settings(pass);
  if (!settings_element) return nullptr;
  for (const XmlElement* component : children(*settings_element, "component")) {
    const std::string* component_name = component->attribute("name");
    const std::string* arch = component->attribute("processorArchitecture");
    if (component_name && equals_ignoring_case(*component_name, name) &&
        (!arch || trim_whitespace(*arch).empty())) {
      return component;
    }
  }
  return nullptr;
}

std::string AnswerFile::location(const XmlElement& element) const {
  return source_ + ":" + std::to_string(element.line) + ":" + std::to_string(element.column);
}

const XmlElement* AnswerFile::element_at(size_t offset) const {
  return find_by_offset(root_, offset);
}

Status AnswerFile::splice(size_t offset, size_t length, const std::string& replacement) {
  std::string candidate = text_;
  candidate.replace(offset, length, replacement);
  if (auto loaded = load_text(std::move(candidate)); !loaded) {
    return Error(ErrorCode::internal,
                 "an edit produced an answer file that does not parse (" +
                     loaded.error().to_string() + "); nothing was changed",
                 source_, "please report this with the answer file");
  }
  return ok_status();
}

std::string AnswerFile::indent_unit() const {
  std::string unit;
  if (find_indent_unit(text_, root_, &unit)) return unit;
  return "    ";  // Windows System Image Manager's indentation
}

std::string AnswerFile::render(const XmlFragment& fragment, const std::string& indent,
                               bool multiline) const {
  std::string out = "<" + fragment.name;
  for (const auto& attribute : fragment.attributes) {
    out += " " + attribute.name + "=\"" + escape_xml(attribute.value, true) + "\"";
  }
  if (fragment.children.empty()) {
    if (fragment.text.empty()) return out + " />";
    return out + ">" + escape_xml(fragment.text, false) + "</" + fragment.name + ">";
  }
  out += ">";
  const std::string child_indent = indent + indent_unit();
  for (const auto& child_fragment : fragment.children) {
    if (multiline) out += line_ending_ + child_indent;
    out += render(child_fragment, child_indent, multiline);
  }
  if (multiline) out += line_ending_ + indent;
  return out + "</" + fragment.name + ">";
}

XmlFragment AnswerFile::component_fragment(const std::string& name,
                                           const std::string& architecture) const {
  XmlFragment fragment;
  fragment.name = qualified("component");
  fragment.attributes = {{"name", name},
                         {"processorArchitecture", architecture},
                         {"publicKeyToken", kComponentPublicKeyToken},
                         {"language", "neutral"},
                         {"versionScope", "nonSxS"},
                         {"xmlns:wcm", kWcmNamespace},
                         {"xmlns:xsi", kXsiNamespace}};
  return fragment;
}

Status AnswerFile::set_element_text(size_t element_offset, std::string_view value) {
  const XmlElement* element = element_at(element_offset);
  if (!element) return Error(ErrorCode::internal, "no element at that offset", source_);
  if (!element->children.empty()) {
    return Error(ErrorCode::answer_file_invalid,
                 "<" + element->name + "> holds elements, not a value", location(*element),
                 "fix the answer file so the setting holds text only");
  }
  if (element->text == value) return ok_status();
  const ElementSpan span = element_span(text_, element->offset);
  const std::string escaped = escape_xml(value, false);
  if (span.self_closing) {
    const std::string opening = opening_tag_of_self_closing(
        std::string_view(text_).substr(span.start, span.start_tag_end - span.start));
    return splice(span.start, span.start_tag_end - span.start,
                  opening + escaped + "</" + element->name + ">");
  }
  // Comments and processing instructions inside the value are kept, ahead of the new text.
  const std::string_view content =
      std::string_view(text_).substr(span.start_tag_end, span.content_end - span.start_tag_end);
  std::string kept;
  for (size_t lt = content.find('<'); lt != std::string_view::npos; lt = content.find('<', lt)) {
    const bool comment = content.substr(lt, 4) == "<!--";
    const bool instruction = content.substr(lt, 2) == "<?";
    const std::string_view terminator = comment ? "-->" : instruction ? "?>" : "]]>";
    const size_t close = content.find(terminator, lt);
    const size_t end = close == std::string_view::npos ? content.size() : close + terminator.size();
    if (comment || instruction) kept += std::string(content.substr(lt, end - lt));
    lt = end;
  }
  return splice(span.start_tag_end, content.size(), kept + escaped);
}

Status AnswerFile::set_direct_text(size_t element_offset, std::string_view value) {
  const XmlElement* element = element_at(element_offset);
  if (!element) return Error(ErrorCode::internal, "no element at that offset", source_);
  if (element->children.empty()) return set_element_text(element_offset, value);
  const ElementSpan span = element_span(text_, element->offset);
  // The text runs between the start tag, the children and the end tag.
  std::vector<std::pair<size_t, size_t>> runs;
  size_t begin = span.start_tag_end;
  for (const auto& child_element : element->children) {
    runs.emplace_back(begin, child_element.offset);
    begin = element_span(text_, child_element.offset).end;
  }
  runs.emplace_back(begin, span.content_end);
  constexpr const char* kBlank = " \t\r\n";
  for (const auto& [from, to] : runs) {
    const std::string_view run = std::string_view(text_).substr(from, to - from);
    const size_t first = run.find_first_not_of(kBlank);
    if (first == std::string_view::npos) continue;
    if (run.find('<') != std::string_view::npos) {
      return Error(ErrorCode::product_key_layout_unsupported,
                   "the text of <" + element->name + "> is mixed with comments or CDATA",
                   location(*element),
                   "write the value as plain text, or as a <Key> child element");
    }
    const size_t last = run.find_last_not_of(kBlank);
    const std::string escaped = escape_xml(value, false);
    if (run.substr(first, last - first + 1) == escaped) return ok_status();
    return splice(from + first, last - first + 1, escaped);
  }
  return Error(ErrorCode::product_key_layout_unsupported,
               "<" + element->name + "> holds elements and no text to replace", location(*element),
               "give the value as a child element");
}

Status AnswerFile::append_child(size_t parent_offset, const XmlFragment& fragment) {
  const XmlElement* parent = element_at(parent_offset);
  if (!parent) return Error(ErrorCode::internal, "no element at that offset", source_);
  const ElementSpan span = element_span(text_, parent->offset);
  const auto parent_indent = line_indentation(text_, parent->offset);
  const std::string& eol = line_ending_;
  if (!parent->children.empty()) {
    const XmlElement& last = parent->children.back();
    const ElementSpan last_span = element_span(text_, last.offset);
    const auto last_indent = line_indentation(text_, last.offset);
    const auto close_indent = line_indentation(text_, span.content_end);
    if (last_indent && close_indent) {
      return splice(span.content_end - close_indent->size(), 0,
                    *last_indent + render(fragment, *last_indent, true) + eol);
    }
    if (last_indent) {
      return splice(last_span.end, 0, eol + *last_indent + render(fragment, *last_indent, true));
    }
    return splice(last_span.end, 0, render(fragment, "", false));
  }
  if (!parent_indent) {  // the parent shares its line with other markup: stay on one line
    if (span.self_closing) {
      const std::string opening = opening_tag_of_self_closing(
          std::string_view(text_).substr(span.start, span.start_tag_end - span.start));
      return splice(span.start, span.start_tag_end - span.start,
                    opening + render(fragment, "", false) + "</" + parent->name + ">");
    }
    return splice(span.content_end, 0, render(fragment, "", false));
  }
  const std::string child_indent = *parent_indent + indent_unit();
  const std::string rendered = render(fragment, child_indent, true);
  if (span.self_closing) {
    const std::string opening = opening_tag_of_self_closing(
        std::string_view(text_).substr(span.start, span.start_tag_end - span.start));
    return splice(
        span.start, span.start_tag_end - span.start,
        opening + eol + child_indent + rendered + eol + *parent_indent + "</" + parent->name + ">");
  }
  const std::string_view content =
      std::string_view(text_).substr(span.start_tag_end, span.content_end - span.start_tag_end);
  if (is_blank(content)) {
    return splice(span.start_tag_end, content.size(),
                  eol + child_indent + rendered + eol + *parent_indent);
  }
  if (const auto close_indent = line_indentation(text_, span.content_end)) {
    return splice(span.content_end - close_indent->size(), 0, child_indent + rendered + eol);
  }
  return splice(span.content_end, 0, eol + child_indent + rendered + eol + *parent_indent);
}

Status AnswerFile::insert_before(size_t sibling_offset, const XmlFragment& fragment) {
  const XmlElement* sibling = element_at(sibling_offset);
  if (!sibling) return Error(ErrorCode::internal, "no element at that offset", source_);
  if (const auto indent = line_indentation(text_, sibling->offset)) {
    return splice(sibling->offset, 0, render(fragment, *indent, true) + line_ending_ + *indent);
  }
  return splice(sibling->offset, 0, render(fragment, "", false));
}

// Long on purpose: the rounds share the path names and the insertion point; each round is the same
// few steps.
Result<size_t> AnswerFile::ensure_path(const SettingAddress& address,
                                       const std::string& architecture,
                                       const std::string* leaf_text) {
  std::vector<std::string> names;
  for (const auto& segment : split_path(address.path)) names.push_back(qualified(segment));
  // Each round creates the first missing level (the pass's settings, the component, or the
  // setting's path inside it) with everything below it, so the second round finds the whole
  // path. The third round is a margin: if a lookup does not accept what a round created, it
  // is created once more, and the final find() below reports the failure.
  for (int round = 0; round < 3; ++round) {
    const XmlElement* settings_element = find_settings(address.pass);
    if (!settings_element) {
      XmlFragment settings_fragment;
      settings_fragment.name = qualified("settings");
      settings_fragment.attributes = {{"pass", address.pass}};
      XmlFragment component = component_fragment(address.component, architecture);
      if (!names.empty()) component.children.push_back(chain_fragment(names, 0, leaf_text));
      settings_fragment.children.push_back(std::move(component));
      // Keep passes in Setup's order when the file does.
      const XmlElement* before = nullptr;
      for (const XmlElement* existing : settings()) {
        const std::string* pass = existing->attribute("pass");
        if (pass && pass_order(*pass) > pass_order(address.pass)) {
          before = existing;
          break;
        }
      }
      Status inserted = before ? insert_before(before->offset, settings_fragment)
                               : append_child(root_.offset, settings_fragment);
      if (!inserted) return std::move(inserted).error();
      continue;
    }
    const XmlElement* component = writable_component(address.pass, address.component, architecture);
    if (!component) {
      XmlFragment component_element = component_fragment(address.component, architecture);
      if (!names.empty()) {
        component_element.children.push_back(chain_fragment(names, 0, leaf_text));
      }
      if (auto appended = append_child(settings_element->offset, component_element); !appended) {
        return std::move(appended).error();
      }
      continue;
    }
    const XmlElement* current = component;
    size_t depth = 0;
    for (; depth < names.size(); ++depth) {
      const XmlElement* next = nullptr;
      for (const auto& element : current->children) {
        if (element.name == names[depth]) {
          next = &element;
          break;
        }
      }
      if (!next) break;
      current = next;
    }
    if (depth == names.size()) return current->offset;
    if (auto appended = append_child(current->offset, chain_fragment(names, depth, leaf_text));
        !appended) {
      return std::move(appended).error();
    }
  }
  const XmlElement* found = find(address, architecture);
  if (!found) return Error(ErrorCode::internal, "could not create " + address.path, source_);
  return found->offset;
}

Result<size_t> AnswerFile::ensure_element(const SettingAddress& address,
                                          const std::string& architecture) {
  return ensure_path(address, architecture, nullptr);
}

Status AnswerFile::set_setting(const SettingAddress& address, std::string_view value,
                               const std::string& architecture) {
  const std::string text(value);
  auto offset = ensure_path(address, architecture, &text);
  if (!offset) return std::move(offset).error();
  return set_element_text(*offset, value);
}

}  // namespace kmsprep
