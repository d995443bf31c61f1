#include "unattend/xml_text.hpp"

#include <gtest/gtest.h>

namespace kmsprep {
namespace {

TEST(XmlText, FindsElementSpansPastQuotesCommentsAndCdata) {
  const std::string text =
      "<a x='>' y=\"/>\"><!-- </a> --><b/><![CDATA[</a>]]><?p </a>?><c></c></a >tail";
  const ElementSpan span = element_span(text, 0);
  EXPECT_FALSE(span.self_closing);
  EXPECT_EQ(text.substr(span.start, span.start_tag_end), "<a x='>' y=\"/>\">");
  EXPECT_EQ(text.substr(span.content_end, span.end - span.content_end), "</a >");
  EXPECT_EQ(text.substr(span.end), "tail");
  const ElementSpan b = element_span(text, text.find("<b/>"));
  EXPECT_TRUE(b.self_closing);
  EXPECT_EQ(b.end - b.start, 4u);
}

TEST(XmlText, IndentationLineEndingsEscapingAndPositions) {
  const std::string text = "<a>\r\n\t  <b/> <c/>\r\n</a>";
  EXPECT_EQ(line_indentation(text, text.find("<b")), "\t  ");
  EXPECT_FALSE(line_indentation(text, text.find("<c")));
  EXPECT_EQ(line_indentation(text, 0), "");
  EXPECT_EQ(detect_line_ending(text, "\n"), "\r\n");
  EXPECT_EQ(detect_line_ending("<a/>", "\r\n"), "\r\n");
  EXPECT_EQ(detect_line_ending("<a>\n</a>", "\r\n"), "\n");
  EXPECT_EQ(escape_xml("a<b>&\"c\"", false), "a&lt;b&gt;&amp;\"c\"");
  EXPECT_EQ(escape_xml("\"", true), "&quot;");
  const TextPosition position = text_position("ab\r\n\xC3\xA9z", 6);
  EXPECT_EQ(position.line, 2);
  EXPECT_EQ(position.column, 2);
}

}  // namespace
}  // namespace kmsprep
