#include "tests/support/independent_hive_reader.hpp"

#include <stdexcept>

#include "tests/support/test_support.hpp"

namespace kmsprep::test {

std::string hivexget_value(const std::filesystem::path& hive, const std::string& key_path,
                           const std::string& name) {
  const ProgramResult result = run_program({"hivexget", hive.string(), "\\" + key_path, name});
  if (result.exit_code != 0) {
    throw std::runtime_error("hivexget " + key_path + " " + name + " failed: " + result.err);
  }
  std::string out = result.out;
  if (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

bool hivexget_lacks_value(const std::filesystem::path& hive, const std::string& key_path,
                          const std::string& name) {
  const ProgramResult result = run_program({"hivexget", hive.string(), "\\" + key_path, name});
  return result.exit_code != 0 && result.out.empty();
}

std::string reglookup_value(const std::filesystem::path& hive, const std::string& key_path,
                            const std::string& name) {
  std::string slash_path = "/" + key_path;
  for (char& c : slash_path) {
    if (c == '\\') c = '/';
  }
  // -H: no header; -s: no security descriptors; -p: only this key and below.
  const ProgramResult result =
      run_program({"reglookup", "-H", "-s", "-p", slash_path, hive.string()});
  if (result.exit_code != 0) {
    throw std::runtime_error("reglookup " + slash_path + " failed: " + result.err);
  }
  const std::string prefix = slash_path + "/" + name + ",";
  size_t start = 0;
  while (start < result.out.size()) {
    size_t end = result.out.find('\n', start);
    if (end == std::string::npos) end = result.out.size();
    const std::string line = result.out.substr(start, end - start);
    if (line.compare(0, prefix.size(), prefix) == 0) {
      // TYPE,VALUE then columns for keys only; reglookup escapes commas in data as %2C.
      const std::string rest = line.substr(prefix.size());
      const size_t type_end = rest.find(',');
      const size_t value_end = rest.find(',', type_end == std::string::npos ? 0 : type_end + 1);
      return rest.substr(0, value_end);
    }
    start = end + 1;
  }
  return "";
}

bool hivexml_accepts(const std::filesystem::path& hive) {
  return run_program({"hivexml", hive.string()}).exit_code == 0;
}

}  // namespace kmsprep::test
