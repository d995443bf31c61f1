// kmsprep_make_hive: writes a REGF hive from a text spec (format in hive_spec.hpp), through
// hivex, for bench scripts and sample generators. Test-only; not installed.
//   kmsprep_make_hive [--root NAME] SPEC|- OUTPUT
#include <cstdio>
#include <exception>
#include <iostream>
#include <iterator>
#include <string>

#include "tests/support/hive_builder.hpp"
#include "tests/support/hive_spec.hpp"
#include "tests/support/test_support.hpp"

int main(int argc, char** argv) {
  std::string root_name = "ROOT";
  int first = 1;
  if (argc > 2 && std::string(argv[1]) == "--root") {
    root_name = argv[2];
    first = 3;
  }
  if (argc - first != 2) {
    std::cerr << "usage: kmsprep_make_hive [--root NAME] SPEC|- OUTPUT\n";
    return 2;
  }
  const std::string spec_path = argv[first];
  const std::string output = argv[first + 1];
  try {
    const std::string spec = spec_path == "-"
                                 ? std::string(std::istreambuf_iterator<char>(std::cin), {})
                                 : kmsprep::test::read_bytes(spec_path);
    kmsprep::test::HiveBuilder hive(root_name);
    kmsprep::test::apply_hive_spec(spec, hive);
    kmsprep::test::write_bytes(output, hive.bytes());
  } catch (const std::exception& error) {
    std::cerr << "kmsprep_make_hive: " << spec_path << ": " << error.what() << "\n";
    return 3;
  }
  return 0;
}
