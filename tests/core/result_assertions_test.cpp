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

}  // namespace
}  // namespace kmsprep
