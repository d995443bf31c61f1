// The top-level handler in cli/main.cpp: an exception that escapes every command (a bug, or
// memory running out) ends kmsprep with exit 4 and an E904 message, never an abort and a core
// dump. Made to happen with the hidden `--debug-throw` switch (CONTRIBUTING.md).
#include <gtest/gtest.h>

#include <string>

#include "tests/support/test_support.hpp"

namespace kmsprep {
namespace {

using test::run_kmsprep;

TEST(MainHandler, AnEscapedExceptionIsExitFourWithE904AndNoAbort) {
  for (const std::string kind : {"logic_error", "bad_alloc", "unknown"}) {
    auto ran = run_kmsprep({"--debug-throw", kind});
    EXPECT_EQ(ran.exit_code, 4) << kind << ": " << ran.err;  // a signal would be -1 or 134
    EXPECT_NE(ran.err.find("E904"), std::string::npos) << kind << ": " << ran.err;
    EXPECT_NE(ran.err.find("kmsprep stopped on"), std::string::npos) << ran.err;
    EXPECT_EQ(ran.err.find("terminate called"), std::string::npos) << ran.err;
  }
  EXPECT_NE(run_kmsprep({"--debug-throw", "bad_alloc"}).err.find("out of memory"),
            std::string::npos);
  EXPECT_NE(run_kmsprep({"--debug-throw", "logic_error"}).err.find("--debug-throw"),
            std::string::npos);
}

TEST(MainHandler, TheDebugSwitchIsNotInTheHelp) {
  EXPECT_EQ(run_kmsprep({"--help"}).out.find("debug-throw"), std::string::npos);
}

}  // namespace
}  // namespace kmsprep
