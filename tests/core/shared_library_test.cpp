#include "core/shared_library.hpp"

#include <gtest/gtest.h>

#include <cstring>

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
  auto library = open_shared_library("libc.so.6", "to test", "install libc6");
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

}  // namespace
}  // namespace kmsprep
