#include "servicing/setup_complete.hpp"

#include "core/text.hpp"

namespace kmsprep {
namespace {

struct Line {
  size_t begin = 0;
  size_t end = 0;   // before the line ending
  size_t next = 0;  // after the line ending
};

std::vector<Line> split_lines(std::string_view text) {
  std::vector<Line> lines;
  size_t begin = 0;
  while (begin < text.size()) {
    const size_t newline = text.find('\n', begin);
    Line line;
    line.begin = begin;
    line.next = newline == std::string_view::npos ? text.size() : newline + 1;
    line.end = newline == std::string_view::npos ? text.size() : newline;
    if (line.end > line.begin && text[line.end - 1] == '\r') --line.end;
    lines.push_back(line);
    begin = line.next;
  }
  return lines;
}

std::string trimmed(std::string_view text) {
  const size_t begin = text.find_first_not_of(" \t");
  if (begin == std::string_view::npos) return {};
  const size_t end = text.find_last_not_of(" \t");
  return std::string(text.substr(begin, end - begin + 1));
}

struct BlockSpan {
  size_t begin_line = 0;
  size_t end_line = 0;  // index of the END marker line
};

std::optional<BlockSpan> block_span(std::string_view script, const std::vector<Line>& lines) {
  std::optional<size_t> begin;
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string text = trimmed(script.substr(lines[i].begin, lines[i].end - lines[i].begin));
    if (!begin && equals_ignoring_case(text, kSetupCompleteBlockBegin)) {
      begin = i;
    } else if (begin && equals_ignoring_case(text, kSetupCompleteBlockEnd)) {
      return BlockSpan{*begin, i};
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<SetupCompleteBlock> find_kmsprep_block(std::string_view script) {
  const std::vector<Line> lines = split_lines(script);
  const auto span = block_span(script, lines);
  if (!span) return std::nullopt;
  SetupCompleteBlock block;
  block.first_line = static_cast<int>(span->begin_line) + 1;
  for (size_t i = span->begin_line + 1; i < span->end_line; ++i) {
    block.commands.emplace_back(script.substr(lines[i].begin, lines[i].end - lines[i].begin));
  }
  return block;
}

std::string with_kmsprep_block(std::string_view script, const std::vector<std::string>& commands) {
  const size_t first_newline = script.find('\n');
  const std::string eol = first_newline == std::string_view::npos ||
                                  (first_newline > 0 && script[first_newline - 1] == '\r')
                              ? "\r\n"
                              : "\n";
  std::string block = std::string(kSetupCompleteBlockBegin) + eol;
  for (const auto& command : commands) block += command + eol;
  block += std::string(kSetupCompleteBlockEnd) + eol;

  const std::vector<Line> lines = split_lines(script);
  if (const auto span = block_span(script, lines)) {
    const Line& end_line = lines[span->end_line];
    // Keep the END line's own ending (or none, at the end of a file without one).
    const bool end_had_newline = end_line.next > end_line.end;
    std::string replacement = block;
    if (!end_had_newline) replacement.resize(replacement.size() - eol.size());
    std::string result(script.substr(0, lines[span->begin_line].begin));
    result += replacement;
    result += script.substr(end_line.next);
    return result;
  }
  std::string result(script);
  if (!result.empty() && result.back() != '\n') result += eol;
  return result + block;
}

}  // namespace kmsprep
