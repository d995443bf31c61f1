// ASSERT_OK / EXPECT_OK for kmsprep's Result<T> and Status: a failed result fails the test with
// the error's whole message ("E301 WIM file is corrupt: ... [at ...]. hint"), instead of the
// bare "false" of ASSERT_TRUE(r.ok()) or the abort of dereferencing an error (`*r` asserts).
#pragma once

#include <gtest/gtest.h>

#include <string>

namespace kmsprep::test {

template <typename R>
::testing::AssertionResult result_is_ok(const char* expression, const R& result) {
  if (result.ok()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << expression << " failed: " << result.error().to_string();
}

}  // namespace kmsprep::test

#define ASSERT_OK(result) ASSERT_PRED_FORMAT1(::kmsprep::test::result_is_ok, result)
#define EXPECT_OK(result) EXPECT_PRED_FORMAT1(::kmsprep::test::result_is_ok, result)
