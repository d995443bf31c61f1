// Fuzz target: a task sequence (ts.xml, plugin/task_sequence) as `kmsprep sequence` reads it:
// parsed without rules, against the built-in steps, and strictly; then every condition of the
// sequence is evaluated and described the way the runner does, against an image that answers
// file and folder conditions alternately yes and "unknown".
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "plugin/step_registry.hpp"
#include "plugin/task_sequence.hpp"
#include "plugin/variables.hpp"
#include "tests/fuzz/fuzz_checks.hpp"

using namespace kmsprep;

namespace {

void walk(const std::vector<SequenceItem>& items, const Variables& variables,
          const ImageEntryProbe& probe) {
  for (const SequenceItem& item : items) {
    if (item.condition) {
      evaluate_condition_here(*item.condition, variables, probe);
      evaluate_condition(*item.condition, variables, &item.defaults);
      describe_condition(*item.condition);
    }
    walk(item.children, variables, probe);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const StepRegistry registry;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const std::string source = "sequences/ts.xml";

  auto plain = parse_task_sequence(bytes, source);
  auto checked = parse_task_sequence(bytes, source, SequenceRules{&registry, false});
  auto strict = parse_task_sequence(bytes, source, SequenceRules{&registry, true});
  for (const auto* result : {&plain, &checked, &strict}) {
    if (!*result) fuzz::expect_bad_input(result->error());
  }
  fuzz::expect(plain || !checked, "checking step types accepted what plain reading refused");
  fuzz::expect(checked || !strict, "strict reading accepted what checked reading refused");
  if (!plain) return 0;

  Variables variables({{"OSFamily", "win10"}, {"Architecture", "amd64"}},
                      [](const std::string&) { return std::optional<std::string>(); });
  variables.set_sequence_globals(plain->globals);
  bool answer = false;
  const ImageEntryProbe probe = [&answer](const std::string&, bool) {
    answer = !answer;
    return answer ? ConditionResult{Truth::holds, {}}
                  : ConditionResult{Truth::unknown, "the probe does not know"};
  };
  walk(plain->items, variables, probe);
  if (auto types = check_step_types(*plain, registry, true); !types) {
    fuzz::expect_bad_input(types.error());
  }
  return 0;
}
