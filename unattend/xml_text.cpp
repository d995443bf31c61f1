#include "unattend/xml_text.hpp"

namespace kmsprep {
namespace {

// Returns the offset just after the '>' that closes the tag opened at `lt`.
size_t tag_end(std::string_view text, size_t lt) {
  size_t i = lt + 1;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '"' || c == '\'') {
      const size_t close = text.find(c, i + 1);
      if (close == std::string_view::npos) return text.size();
      i = close + 1;
      continue;
    }
    if (c == '>') return i + 1;
    ++i;
  }
  return text.size();
}

size_t skip_past(std::string_view text, size_t from, std::string_view terminator) {
  const size_t found = text.find(terminator, from);
  return found == std::string_view::npos ? text.size() : found + terminator.size();
}

}  // namespace

ElementSpan element_span(std::string_view text, size_t start) {
  ElementSpan span;
  span.start = start;
  span.start_tag_end = tag_end(text, start);
  span.self_closing = span.start_tag_end >= 2 && text[span.start_tag_end - 2] == '/';
  if (span.self_closing) {
    span.content_end = span.end = span.start_tag_end;
    return span;
  }
  int depth = 1;
  size_t i = span.start_tag_end;
  while (i < text.size()) {
    const size_t lt = text.find('<', i);
    if (lt == std::string_view::npos) break;
    const std::string_view rest = text.substr(lt);
    if (rest.substr(0, 4) == "<!--") {
      i = skip_past(text, lt + 4, "-->");
    } else if (rest.substr(0, 9) == "<![CDATA[") {
      i = skip_past(text, lt + 9, "]]>");
    } else if (rest.substr(0, 2) == "<?") {
      i = skip_past(text, lt + 2, "?>");
    } else if (rest.substr(0, 2) == "</") {
      const size_t after = tag_end(text, lt);
      if (--depth == 0) {
        span.content_end = lt;
        span.end = after;
        return span;
      }
      i = after;
    } else {
      const size_t after = tag_end(text, lt);
      if (!(after >= 2 && text[after - 2] == '/')) ++depth;
      i = after;
    }
  }
  span.content_end = span.end = text.size();
  return span;
}

std::optional<std::string> line_indentation(std::string_view text, size_t offset) {
  size_t begin = offset;
  while (begin > 0 && text[begin - 1] != '\n') {
    const char c = text[begin - 1];
    if (c != ' ' && c != '\t') return std::nullopt;
    --begin;
  }
  return std::string(text.substr(begin, offset - begin));
}

std::string detect_line_ending(std::string_view text, const std::string& fallback) {
  const size_t newline = text.find('\n');
  if (newline == std::string_view::npos) return fallback;
  return newline > 0 && text[newline - 1] == '\r' ? "\r\n" : "\n";
}

std::string escape_xml(std::string_view text, bool attribute) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += attribute ? "&quot;" : "\"";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace kmsprep
