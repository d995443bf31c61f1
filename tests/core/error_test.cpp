#include "core/error.hpp"

#include <gtest/gtest.h>

#include <set>

#include "core/result.hpp"

namespace kmsprep {
namespace {

TEST(Error, MessageSaysWhatWhereAndWhatToDo) {
  Error error(ErrorCode::image_corrupt, "unexpected end of file", "Windows/Panther/unattend.xml",
              "re-capture the image");
  error.within("install.wim");
  EXPECT_EQ(error.to_string(),
            "E301 image is corrupt or truncated: unexpected end of file [at install.wim: "
            "Windows/Panther/unattend.xml]. re-capture the image");
}

TEST(Error, KindsFollowTheExitCodeContract) {
  EXPECT_EQ(error_kind(ErrorCode::usage_invalid_argument), ErrorKind::usage);
  EXPECT_EQ(error_kind(ErrorCode::image_index_missing), ErrorKind::bad_input);
  EXPECT_EQ(error_kind(ErrorCode::rearm_exhausted), ErrorKind::failed);
  EXPECT_EQ(error_kind(ErrorCode::disk_full), ErrorKind::environment);
  EXPECT_EQ(Error::io("write", "x", ENOSPC).code(), ErrorCode::disk_full);
  EXPECT_EQ(Error::io("open", "x", EACCES).code(), ErrorCode::permission_denied);
}

TEST(Result, CarriesValueOrError) {
  Result<int> good = 7;
  ASSERT_TRUE(good);
  EXPECT_EQ(*good, 7);
  Result<int> bad = Error::usage("no");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().kind(), ErrorKind::usage);
  Status fine;
  EXPECT_TRUE(fine);
}

}  // namespace
}  // namespace kmsprep
