// docs/error-codes.md must list every code of the message table with its number, name and exit
// code, so users can look up any E-number kmsprep prints.
#include <gtest/gtest.h>

#include <regex>

#include "core/error.hpp"
#include "tests/support/test_support.hpp"

namespace kmsprep {
namespace {

TEST(ErrorCodesDoc, ListsEveryCodeWithItsExitCode) {
  const std::string header = test::read_bytes(test::source_dir() / "core" / "error.hpp");
  const std::string doc = test::read_bytes(test::source_dir() / "docs" / "error-codes.md");
  const std::regex enumerator(R"(\n\s+(\w+) = (\d+),)");
  int count = 0;
  for (auto it = std::sregex_iterator(header.begin(), header.end(), enumerator);
       it != std::sregex_iterator(); ++it) {
    const std::string name = (*it)[1];
    const int number = std::stoi((*it)[2]);
    const auto code = static_cast<ErrorCode>(number);
    const int exit_code = error_kind(code) == ErrorKind::usage       ? 2
                          : error_kind(code) == ErrorKind::bad_input ? 3
                          : error_kind(code) == ErrorKind::failed    ? 1
                                                                     : 4;
    const std::string row = "| " + std::to_string(number) + " | `" + name + "` | " +
                            error_title(code) + " | " + std::to_string(exit_code) + " |";
    EXPECT_NE(doc.find(row), std::string::npos) << "docs/error-codes.md lacks: " << row;
    EXPECT_STRNE(error_title(code), "unknown error") << name << " has no row in error.cpp";
    ++count;
  }
  EXPECT_GT(count, 40);
}

}  // namespace
}  // namespace kmsprep
