// The test helpers of tests/support/result_assertions.hpp fail with the error's message.
#include "tests/support/result_assertions.hpp"

#include <gtest/gtest-spi.h>

#include "core/product_key.hpp"
#include "core/result.hpp"

namespace kmsprep {
namespace {

TEST(ResultAssertions, PassOnAValueAndOnOkStatus) {
  auto key = ProductKey::parse("NPPR9-FWDCX-D2C8J-H872K-2YT43");
  ASSERT_OK(key);
  EXPECT_OK(ok_status());
  EXPECT_EQ(key->partial(), "2YT43");
}

TEST(ResultAssertions, FailWithTheErrorsWholeMessage) {
  EXPECT_NONFATAL_FAILURE(EXPECT_OK(ProductKey::parse("not-a-key")),
                          "ProductKey::parse(\"not-a-key\") failed: E206");
  EXPECT_FATAL_FAILURE(ASSERT_OK(Status(Error::usage("what went wrong"))),
                       "E100 invalid argument: what went wrong");
}

TEST(ResultAssertions, OkValueGivesTheValueOfAnOkResult) {
  auto key = ProductKey::parse("NPPR9-FWDCX-D2C8J-H872K-2YT43");
  EXPECT_EQ(OK_VALUE(key).partial(), "2YT43");
  EXPECT_EQ(OK_VALUE(ProductKey::parse("NPPR9-FWDCX-D2C8J-H872K-2YT43")).partial(), "2YT43");
}

// The failure names the expression and the error, and ends the test with FailedResult instead
// of aborting the program on Result's assert.
TEST(ResultAssertions, OkValueOfAFailedResultFailsTheTestWithTheMessage) {
  bool ended = false;
  EXPECT_NONFATAL_FAILURE(
      {
        try {
          (void)OK_VALUE(ProductKey::parse("not-a-key"));
        } catch (const test::FailedResult&) {
          ended = true;
        }
      },
      "ProductKey::parse(\"not-a-key\") failed: E206");
  EXPECT_TRUE(ended);
}

}  // namespace
}  // namespace kmsprep
