// The module layering of docs/architecture.md, checked on the sources: every `#include "m/..."`
// of a module names itself or a module its row of "Folders and who may include whom" allows
// (with "X and below" meaning X and everything X may use), no module includes a header that
// says "Internal to <another module>", and each third-party library's headers are included only
// by the module the page says owns it. The compiler enforces the first rule too (each module
// sees only its own and its dependencies' include trees, cmake/Settings.cmake); this test also
// covers what a build of one configuration cannot see and names the rule that was broken.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "tests/support/test_support.hpp"

namespace kmsprep {
namespace {

namespace fs = std::filesystem;
using ModuleRules = std::map<std::string, std::set<std::string>>;

// Folders that hold sources but are not modules of the layering table (anything may be
// included by them, and nothing includes them).
const std::set<std::string> not_modules = {"tests", "samples", "bench", "scripts",
                                           "docs",  "cmake",   "build"};

std::string trim(const std::string& text) {
  const auto first = text.find_first_not_of(" \t");
  const auto last = text.find_last_not_of(" \t");
  return first == std::string::npos ? std::string() : text.substr(first, last - first + 1);
}

// Each row "| `m/` | holds | may depend on |" gives m the modules named in its last column
// (names of libraries and "std only" are not modules and are skipped here).
ModuleRules read_layering_table() {
  std::istringstream doc(test::read_bytes(test::source_dir() / "docs" / "architecture.md"));
  const std::regex row(R"(^\| `([a-z_]+)/` \|(.*)\|([^|]*)\|\s*$)");
  std::map<std::string, std::string> dependency_column;
  for (std::string line; std::getline(doc, line);) {
    std::smatch match;
    if (std::regex_match(line, match, row) && !not_modules.count(match[1])) {
      dependency_column[match[1]] = match[3];
    }
  }
  ModuleRules direct;
  for (const auto& [module, column] : dependency_column) {
    direct[module];
    const std::regex word(R"([a-z_]+)");
    for (auto it = std::sregex_iterator(column.begin(), column.end(), word);
         it != std::sregex_iterator(); ++it) {
      const std::string name = it->str();
      if (name != module && dependency_column.count(name)) direct[module].insert(name);
    }
  }
  // "X and below": X and, transitively, whatever X may use.
  ModuleRules closed = direct;
  for (bool grew = true; grew;) {
    grew = false;
    for (auto& [module, allowed] : closed) {
      for (const std::string& dependency : std::set<std::string>(allowed)) {
        for (const std::string& below : closed[dependency]) {
          grew |= allowed.insert(below).second;
        }
      }
    }
  }
  return closed;
}

struct Include {
  fs::path file;
  int line;
  std::string target;  // the text between the quotes or brackets
};

// The target of an `#include "x"` or `#include <x>` line, or "" (plain string scanning: a regex
// per line makes this test take seconds under the sanitizers).
std::string include_target(const std::string& line) {
  size_t at = line.find_first_not_of(" \t");
  if (at == std::string::npos || line[at] != '#') return {};
  at = line.find_first_not_of(" \t", at + 1);
  if (at == std::string::npos || line.compare(at, 7, "include") != 0) return {};
  at = line.find_first_of("<\"", at + 7);
  if (at == std::string::npos) return {};
  const size_t end = line.find(line[at] == '<' ? '>' : '"', at + 1);
  return end == std::string::npos ? std::string() : line.substr(at + 1, end - at - 1);
}

std::vector<Include> includes_of(const fs::path& folder) {
  std::vector<Include> found;
  for (const auto& entry : fs::recursive_directory_iterator(folder)) {
    const auto extension = entry.path().extension();
    if (!entry.is_regular_file() ||
        (extension != ".cpp" && extension != ".hpp" && extension != ".h" && extension != ".c")) {
      continue;
    }
    std::ifstream in(entry.path());
    int number = 0;
    for (std::string line; std::getline(in, line);) {
      ++number;
      std::string target = include_target(line);
      if (!target.empty()) found.push_back({entry.path(), number, std::move(target)});
    }
  }
  return found;
}

std::string module_of_include(const std::string& target) {
  const auto slash = target.find('/');
  return slash == std::string::npos ? std::string() : target.substr(0, slash);
}

// The module a header declares itself internal to ("Internal to engine/." or "Internal to the
// module." in its opening comment), or "" for a public header.
std::string internal_owner(const fs::path& header, const std::string& header_module) {
  std::ifstream in(header);
  std::string opening;
  for (std::string line; std::getline(in, line) && line.rfind("//", 0) == 0;) {
    opening += line.substr(2) + " ";
  }
  std::smatch match;
  static const std::regex internal(R"(Internal to (the module|[a-z_]+))");
  if (!std::regex_search(opening, match, internal)) return {};
  return match[1] == "the module" ? header_module : std::string(match[1]);
}

fs::path relative_to_source(const fs::path& path) { return fs::relative(path, test::source_dir()); }

TEST(Layering, TheTableNamesEveryModuleAndItsDependencies) {
  const ModuleRules rules = read_layering_table();
  ASSERT_TRUE(rules.count("core")) << "docs/architecture.md has no row for core/";
  EXPECT_TRUE(rules.at("core").empty());
  EXPECT_EQ(rules.at("engine"), std::set<std::string>{"core"});
  EXPECT_TRUE(rules.at("cli").count("image")) << "\"plugin and below\" reaches image/";
  // Every top-level folder with sources is either a module with a row or a known non-module.
  for (const auto& entry : fs::directory_iterator(test::source_dir())) {
    const std::string name = entry.path().filename().string();
    if (!entry.is_directory() || name[0] == '.' || not_modules.count(name) ||
        name.rfind("build", 0) == 0) {
      continue;
    }
    bool has_sources = false;
    for (const auto& file : fs::directory_iterator(entry.path())) {
      const auto extension = file.path().extension();
      has_sources |= extension == ".cpp" || extension == ".hpp";
    }
    EXPECT_TRUE(!has_sources || rules.count(name))
        << name << "/ holds sources but has no row in docs/architecture.md";
  }
}

TEST(Layering, ModulesIncludeOnlyWhatTheirRowAllows) {
  const ModuleRules rules = read_layering_table();
  int checked = 0;
  for (const auto& [module, allowed] : rules) {
    const fs::path folder = test::source_dir() / module;
    if (!fs::is_directory(folder)) continue;
    for (const Include& include : includes_of(folder)) {
      const std::string target_module = module_of_include(include.target);
      if (!rules.count(target_module)) continue;  // a system or third-party header
      ++checked;
      EXPECT_TRUE(target_module == module || allowed.count(target_module))
          << relative_to_source(include.file).string() << ":" << include.line << " includes "
          << include.target << ", but " << module << "/ may not depend on " << target_module
          << "/ (docs/architecture.md, \"Folders and who may include whom\")";
    }
  }
  EXPECT_GT(checked, 200) << "the include scan found too few includes to be real";
}

TEST(Layering, NoModuleIncludesAnotherModulesInternalHeader) {
  const ModuleRules rules = read_layering_table();
  int internal_headers = 0;
  for (const auto& [module, allowed] : rules) {
    const fs::path folder = test::source_dir() / module;
    if (!fs::is_directory(folder)) continue;
    for (const Include& include : includes_of(folder)) {
      const fs::path header = test::source_dir() / include.target;
      if (!rules.count(module_of_include(include.target)) || !fs::is_regular_file(header)) {
        continue;
      }
      const std::string owner = internal_owner(header, module_of_include(include.target));
      if (owner.empty()) continue;
      ++internal_headers;
      EXPECT_EQ(owner, module) << relative_to_source(include.file).string() << ":" << include.line
                               << " includes " << include.target << ", which is internal to "
                               << owner << "/";
    }
  }
  EXPECT_GT(internal_headers, 0) << "no internal header found: has the marker changed?";
}

// The owners named under the table: "Each third-party library is linked by the one module that
// owns it", pugixml shared by the modules the page lists.
TEST(Layering, ThirdPartyHeadersStayWithTheirOwners) {
  const std::map<std::string, std::set<std::string>> owners = {
      {"wimlib.h", {"image"}},
      {"archive.h", {"image"}},
      {"archive_entry.h", {"image"}},
      {"udfread/", {"image"}},
      {"hivex.h", {"registry"}},
      {"libevtx.h", {"events"}},
      {"libbfio.h", {"events"}},
      {"ldns/", {"servicing"}},
      {"boost/", {"cli"}},
      {"pugixml.hpp", {"unattend", "engine", "servicing", "events", "plugin"}},
  };
  for (const auto& [module, allowed] : read_layering_table()) {
    const fs::path folder = test::source_dir() / module;
    if (!fs::is_directory(folder)) continue;
    for (const Include& include : includes_of(folder)) {
      for (const auto& [prefix, owning_modules] : owners) {
        if (include.target.rfind(prefix, 0) != 0) continue;
        EXPECT_TRUE(owning_modules.count(module))
            << relative_to_source(include.file).string() << ":" << include.line << " includes <"
            << include.target << ">, a library owned by another module (docs/architecture.md)";
      }
    }
  }
}

}  // namespace
}  // namespace kmsprep
