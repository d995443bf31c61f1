#include "core/error.hpp"

#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>
#include <set>
#include <string>

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

// The Windows C runtime has no words for these (strerror says "Unknown error"); messages must
// read the same on both platforms.
TEST(ErrnoMessage, NamesTheErrnoValuesSomeCLibrariesLeaveUnnamed) {
  EXPECT_EQ(errno_message(ELOOP), "Too many levels of symbolic links");
  EXPECT_EQ(errno_message(EWOULDBLOCK), "Resource temporarily unavailable");
  EXPECT_EQ(errno_message(EBUSY), "Device or resource busy");
  EXPECT_EQ(errno_message(ENOENT), std::strerror(ENOENT));
  const Error error = Error::io("cannot open", "a/b", ELOOP);
  EXPECT_NE(error.to_string().find("cannot open: Too many levels of symbolic links"),
            std::string::npos)
      << error.to_string();
}

}  // namespace
}  // namespace kmsprep
