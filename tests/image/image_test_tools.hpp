// The programs some image tests need besides the code under test: the kmsprep binary, and tools
// that make or check inputs (bsdtar, wimlib-imagex). Linux test runs have them all
// (scripts/test installs the tools), so a missing one fails the test there. The Windows suite
// under Wine has neither the binary nor the tools (tests/windows.cmake defines
// KMSPREP_TEST_PROGRAMS_OPTIONAL), so there such a test is skipped, saying why.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "tests/support/test_support.hpp"

namespace kmsprep::test {

#ifdef KMSPREP_TEST_PROGRAMS_OPTIONAL
inline constexpr bool kProgramsOptional = true;
#else
inline constexpr bool kProgramsOptional = false;
#endif

}  // namespace kmsprep::test

// In a test's body: skipped (Windows) or failed (Linux) unless `name` is installed.
#define KMSPREP_REQUIRE_PROGRAM(name)                                                        \
  do {                                                                                       \
    if (!::kmsprep::test::program_exists(name)) {                                            \
      if (::kmsprep::test::kProgramsOptional) GTEST_SKIP() << (name) << " is not installed"; \
      FAIL() << (name) << " is missing: scripts/test installs it";                           \
    }                                                                                        \
  } while (0)

// In a test's body: skipped unless this build made the kmsprep binary (Windows does not yet).
#define KMSPREP_REQUIRE_KMSPREP_BINARY()                                                \
  do {                                                                                  \
    if (!::kmsprep::test::kmsprep_binary_built()) {                                     \
      GTEST_SKIP() << "no kmsprep binary in this build (issue 19: cli/ is not ported)"; \
    }                                                                                   \
  } while (0)
