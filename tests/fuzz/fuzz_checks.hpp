// What the fuzz targets of tests/fuzz assert beyond "no crash, no leak, no undefined
// behaviour": hostile input is refused as bad input (exit 3) with a message, never an internal
// or environment failure, and no message carries a whole product key. A broken rule aborts,
// which libFuzzer reports like a crash and saves the input.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/error.hpp"
#include "core/product_key.hpp"

namespace kmsprep::fuzz {

[[noreturn]] inline void fail(const std::string& what) {
  std::fprintf(stderr, "fuzz check failed: %s\n", what.c_str());
  std::abort();
}

inline void expect(bool holds, const std::string& what) {
  if (!holds) fail(what);
}

// Refusing fuzzed bytes is bad input: exit 3, never exit 4 (environment, internal).
inline void expect_bad_input(const Error& error) {
  const std::string text = error.to_string();
  expect(error.kind() == ErrorKind::bad_input, "not a bad-input error: " + text);
  expect(!error.detail().empty(), "an error without detail: " + text);
}

// Product keys appear in messages only masked. The placeholder that hints show
// (XXXXX-XXXXX-XXXXX-XXXXX-XXXXX) has a key's shape but is none.
inline void expect_no_whole_key(std::string text) {
  const std::string placeholder = "XXXXX-XXXXX-XXXXX-XXXXX-XXXXX";
  for (size_t at = text.find(placeholder); at != std::string::npos; at = text.find(placeholder)) {
    text.replace(at, placeholder.size(), "(placeholder)");
  }
  expect(mask_product_keys(text) == text, "a whole product key in: " + text);
}

}  // namespace kmsprep::fuzz
