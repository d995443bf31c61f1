#include "core/text_position.hpp"

#include <gtest/gtest.h>

#include <string>

namespace kmsprep {
namespace {

TEST(TextPosition, CountsLinesAndColumnsFromOne) {
  const std::string text = "<a>\n  <b/>\n</a>\n";
  EXPECT_EQ(to_string(text_position(text, 0)), "1:1");
  EXPECT_EQ(to_string(text_position(text, text.find("<b"))), "2:3");
  EXPECT_EQ(to_string(text_position(text, text.find("</a"))), "3:1");
}

TEST(TextPosition, CountsCharactersNotBytes) {
  // "é" is two bytes and "💾" four; each is one column.
  const std::string text = "<site name=\"Caf\xC3\xA9 \xF0\x9F\x92\xBE\" bad=\"1\"/>";
  const TextPosition position = text_position(text, text.find("bad"));
  EXPECT_EQ(position.line, 1);
  EXPECT_EQ(position.column, static_cast<int>(std::string("<site name=\"Cafe x\" ").size()) + 1);
}

TEST(TextPosition, GivesCrlfAndLfFilesTheSamePosition) {
  const std::string lf = "<a>\n<b>\n  <c/>";
  const std::string crlf = "<a>\r\n<b>\r\n  <c/>";
  EXPECT_EQ(to_string(text_position(lf, lf.find("<c"))), "3:3");
  EXPECT_EQ(to_string(text_position(crlf, crlf.find("<c"))), "3:3");
  // Just after a CR, still on its line: the CR takes no column.
  EXPECT_EQ(to_string(text_position(crlf, crlf.find('\n'))), "1:4");
}

TEST(TextPosition, ClampsAnOffsetPastTheEnd) {
  EXPECT_EQ(to_string(text_position("ab\ncd", 1000)), "2:3");
  EXPECT_EQ(to_string(text_position("", 5)), "1:1");
}

TEST(LineIndex, AgreesWithTheSingleLookUpAtEveryOffset) {
  const std::string text = "l1\r\n\xC3\xA9l2\n\n  \xE2\x82\xAC<x/>\nlast";
  const LineIndex index(text);
  for (size_t offset = 0; offset <= text.size() + 2; ++offset) {
    const TextPosition single = text_position(text, offset);
    const TextPosition indexed = index.at(offset);
    EXPECT_EQ(indexed.line, single.line) << "offset " << offset;
    EXPECT_EQ(indexed.column, single.column) << "offset " << offset;
    EXPECT_EQ(index.line_of(offset), single.line) << "offset " << offset;
  }
  EXPECT_EQ(index.line_of(text.find("last")), 5);
  EXPECT_EQ(to_string(index.at(text.find("<x"))), "4:4");
}

}  // namespace
}  // namespace kmsprep
