// ASSERT_OK / EXPECT_OK for kmsprep's Result<T> and Status: a failed result fails the test with
// the error's whole message ("E301 WIM file is corrupt: ... [at ...]. hint"), instead of the
// bare "false" of ASSERT_TRUE(r.ok()) or the abort of dereferencing an error (`*r` asserts).
// OK_VALUE(r) is the value of an ok result where ASSERT_OK cannot stand: inside an expression,
// or in a helper that returns a value (gtest's ASSERT_* only work in void functions);
// REQUIRE_OK(r) is ASSERT_OK for such helpers. Both end the test on a failed result.
#pragma once

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <utility>

#include "core/result.hpp"

namespace kmsprep::test {

template <typename R>
::testing::AssertionResult result_is_ok(const char* expression, const R& result) {
  if (result.ok()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << expression << " failed: " << result.error().to_string();
}

// Thrown by OK_VALUE on a failed result after the failure is recorded: it ends the current test
// (gtest catches it) where `*result` would abort the whole test program on the assert.
class FailedResult : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

template <typename R>
void require_ok(const R& result, const char* expression, const char* file, int line) {
  if (result.ok()) return;
  const std::string message = std::string(expression) + " failed: " + result.error().to_string();
  ADD_FAILURE_AT(file, line) << message;
  throw FailedResult(message);
}

template <typename T>
T& ok_value(Result<T>& result, const char* expression, const char* file, int line) {
  require_ok(result, expression, file, line);
  return *result;
}

template <typename T>
const T& ok_value(const Result<T>& result, const char* expression, const char* file, int line) {
  require_ok(result, expression, file, line);
  return *result;
}

// A temporary result gives its value away: a reference into it would dangle.
template <typename T>
T ok_value(Result<T>&& result, const char* expression, const char* file, int line) {
  require_ok(result, expression, file, line);
  return std::move(result).value();
}

}  // namespace kmsprep::test

#define ASSERT_OK(result) ASSERT_PRED_FORMAT1(::kmsprep::test::result_is_ok, result)
#define EXPECT_OK(result) EXPECT_PRED_FORMAT1(::kmsprep::test::result_is_ok, result)
#define REQUIRE_OK(result) ::kmsprep::test::require_ok((result), #result, __FILE__, __LINE__)
#define OK_VALUE(result) ::kmsprep::test::ok_value((result), #result, __FILE__, __LINE__)
