#include "core/image_path.hpp"

#include <gtest/gtest.h>

#include "tests/support/result_assertions.hpp"

namespace kmsprep {
namespace {

TEST(ImagePath, AcceptsBothSeparatorsAndDropsLeadingDot) {
  auto path = ImagePath::parse(".\\Windows/Panther\\unattend.xml");
  ASSERT_TRUE(path);
  EXPECT_EQ(path->to_string(), "Windows/Panther/unattend.xml");
  EXPECT_EQ(path->filename(), "unattend.xml");
  EXPECT_EQ(path->parent().to_string(), "Windows/Panther");
}

TEST(ImagePath, MatchesIgnoringCase) {
  auto a = ImagePath::parse("windows/panther/UNATTEND.XML");
  auto b = ImagePath::parse("Windows/Panther/unattend.xml");
  ASSERT_TRUE(a && b);
  EXPECT_TRUE(a->matches(*b));
  EXPECT_TRUE(a->is_below(OK_VALUE(ImagePath::parse("WINDOWS"))));
  EXPECT_FALSE(a->is_below(*a));
}

TEST(ImagePath, RefusesPathsThatLeaveTheRoot) {
  for (const char* text : {"../etc/passwd", "Windows/../../x", "/etc/passwd", "\\Windows",
                           "C:\\Windows", "c:Windows", "\\\\server\\share"}) {
    auto path = ImagePath::parse(text);
    ASSERT_FALSE(path) << text;
    EXPECT_EQ(path.error().code(), ErrorCode::path_unsafe) << text;
  }
}

TEST(ImagePath, RootOnlyWhenAllowed) {
  EXPECT_FALSE(ImagePath::parse(""));
  EXPECT_FALSE(ImagePath::parse("./"));
  auto root = ImagePath::parse(".", true);
  ASSERT_TRUE(root);
  EXPECT_TRUE(root->is_root());
}

}  // namespace
}  // namespace kmsprep
