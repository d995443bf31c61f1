#include "core/shared_library.hpp"

#include <gtest/gtest.h>

#include <cstring>

#include "core/exit_status.hpp"
#include "tests/support/result_assertions.hpp"
#include "tests/support/test_support.hpp"

namespace kmsprep {
namespace {

TEST(SharedLibrary, MissingLibraryIsAnEnvironmentErrorNamingThePackage) {
  auto library =
      open_shared_library("libkmsprep-no-such-library.so.9", "to test", "install libnosuch9");
  ASSERT_FALSE(library);
  EXPECT_EQ(library.error().code(), ErrorCode::tool_missing);
  EXPECT_EQ(library.error().kind(), ErrorKind::environment);
  EXPECT_NE(library.error().detail().find("libkmsprep-no-such-library.so.9"), std::string::npos);
  EXPECT_EQ(library.error().hint(), "install libnosuch9");
}

TEST(SharedLibrary, ResolvesFunctionsAndNamesTheFirstMissingOne) {
  auto library = open_shared_library(test::c_library_name(), "to test", "install libc6");
  ASSERT_TRUE(library) << library.error().to_string();
  decltype(&std::strlen) string_length = nullptr;
  decltype(&std::strlen) absent = nullptr;
  std::string missing;
  resolve_symbol(*library, "strlen", string_length, missing);
  EXPECT_TRUE(missing.empty());
  ASSERT_NE(string_length, nullptr);
  EXPECT_EQ(string_length("kmsprep"), 7u);
  resolve_symbol(*library, "kmsprep_no_such_function", absent, missing);
  resolve_symbol(*library, "kmsprep_second_missing", absent, missing);
  EXPECT_EQ(missing, "kmsprep_no_such_function");
  const Error error = missing_symbol_error(*library, missing, "too old?");
  EXPECT_EQ(error.code(), ErrorCode::tool_missing);
  EXPECT_NE(error.detail().find("lacks the function kmsprep_no_such_function"), std::string::npos);
  EXPECT_EQ(library->handle, nullptr);
}

// A table like the owners' (image/archive_library.hpp and the others): pointer types from the
// real prototypes, filled from the C library.
struct StringFunctions {
  decltype(&std::strlen) strlen = nullptr;
  decltype(&std::strcmp) strcmp = nullptr;
};

void resolve_string_functions(const SharedLibrary& library, StringFunctions& functions,
                              std::string& missing) {
  resolve_symbol(library, "strlen", functions.strlen, missing);
  resolve_symbol(library, "strcmp", functions.strcmp, missing);
}

TEST(FunctionTable, LoadsEveryFunctionOfTheLibrary) {
  const FunctionTable<StringFunctions> table(
      {test::c_library_name(), "to test", "install libc6", "old?"}, resolve_string_functions);
  auto functions = table.get();
  ASSERT_OK(functions);
  EXPECT_EQ((*functions)->strlen("kmsprep"), 7u);
  EXPECT_EQ(table.loaded().strcmp("kms", "kms"), 0);
}

TEST(FunctionTable, MissingLibraryIsToolMissingEveryTimeItIsAskedFor) {
  const FunctionTable<StringFunctions> table(
      {"libkmsprep-no-such-library.so.9", "to read test files", "install libnosuch9 (only tests)",
       "old?"},
      resolve_string_functions);
  for (int attempt = 0; attempt < 2; ++attempt) {
    auto functions = table.get();
    ASSERT_FALSE(functions);
    EXPECT_EQ(functions.error().code(), ErrorCode::tool_missing);
    EXPECT_EQ(exit_code_for(functions.error()), exit_environment);
    EXPECT_NE(functions.error().detail().find(
                  "cannot load libkmsprep-no-such-library.so.9 to read test files"),
              std::string::npos)
        << functions.error().detail();
    EXPECT_EQ(functions.error().hint(), "install libnosuch9 (only tests)");
  }
  EXPECT_DEATH(table.loaded(), "libkmsprep-no-such-library.so.9 used before it was loaded");
}

TEST(FunctionTable, MissingFunctionEmptiesTheTableAndNamesTheFunction) {
  const FunctionTable<StringFunctions> table(
      {test::c_library_name(), "to test", "install libc6", "a libc older than the test expects?"},
      [](const SharedLibrary& library, StringFunctions& functions, std::string& missing) {
        resolve_symbol(library, "strlen", functions.strlen, missing);
        resolve_symbol(library, "kmsprep_no_such_function", functions.strcmp, missing);
      });
  auto functions = table.get();
  ASSERT_FALSE(functions);
  EXPECT_EQ(functions.error().code(), ErrorCode::tool_missing);
  EXPECT_NE(functions.error().detail().find(std::string(test::c_library_name()) +
                                            " lacks the function "
                                            "kmsprep_no_such_function (a libc older than the "
                                            "test expects?)"),
            std::string::npos)
      << functions.error().detail();
  EXPECT_EQ(functions.error().hint(), "install libc6");
}

}  // namespace
}  // namespace kmsprep
