#include "core/strings.hpp"

#include <gtest/gtest.h>

namespace kmsprep {
namespace {

TEST(EscapeForDisplay, KeepsPrintableTextAndUtf8) {
  EXPECT_EQ(escape_for_display("Windows\\Panther/unattend.xml"), "Windows\\Panther/unattend.xml");
  EXPECT_EQ(escape_for_display("Caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x92\xBE"),
            "Caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x92\xBE");
}

TEST(EscapeForDisplay, EscapesTerminalControlSequences) {
  EXPECT_EQ(escape_for_display("\x1b]0;owned\x07name"), "\\x1B]0;owned\\x07name");
  EXPECT_EQ(escape_for_display("\x1b[2J"), "\\x1B[2J");
  EXPECT_EQ(escape_for_display("line\nWINDOWS/EDITIONID: Enterprise"),
            "line\\x0AWINDOWS/EDITIONID: Enterprise");
  EXPECT_EQ(escape_for_display(std::string("a\0b\r\t\x7f", 6)), "a\\x00b\\x0D\\x09\\x7F");
  // C1 controls: U+009B is CSI on terminals that honour 8-bit controls.
  EXPECT_EQ(escape_for_display("\xC2\x9B"
                               "2J"),
            "\\xC2\\x9B2J");
}

TEST(EscapeForDisplay, EscapesBytesThatAreNotUtf8) {
  EXPECT_EQ(escape_for_display("caf\xE9.txt"), "caf\\xE9.txt");
  EXPECT_EQ(escape_for_display("\xC0\xAF"), "\\xC0\\xAF");           // overlong "/"
  EXPECT_EQ(escape_for_display("\xED\xA0\x80"), "\\xED\\xA0\\x80");  // a surrogate
  EXPECT_EQ(escape_for_display("\xE2\x82"), "\\xE2\\x82");           // cut short
  EXPECT_EQ(escape_for_display("\x9B"), "\\x9B");
}

}  // namespace
}  // namespace kmsprep
