// Fuzz target: reading an answer file (unattend.xml, Autounattend.xml) the way `unattend show`,
// `unattend check`, inspect and validate do: parse (decoding, DOCTYPE refusal, depth limit,
// root check), the activation view, the checks for every OS family, components, RunSynchronous
// items and the Setup product key.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "tests/fuzz/fuzz_checks.hpp"
#include "unattend/activation_view.hpp"
#include "unattend/answer_file.hpp"
#include "unattend/answer_file_check.hpp"
#include "unattend/run_synchronous.hpp"
#include "unattend/setup_product_key.hpp"

using namespace kmsprep;

namespace {

void expect_masked(const std::optional<LocatedValue>& value) {
  if (value) fuzz::expect_no_whole_key(value->value);
}

void read_everything(const AnswerFile& file) {
  const ActivationView view = activation_view(file);
  expect_masked(view.product_key);
  expect_masked(view.setup_product_key);

  CheckContext unknown_family;
  check_answer_file(file, unknown_family);
  for (OsFamily family :
       {OsFamily::vista, OsFamily::win7, OsFamily::win8, OsFamily::win81, OsFamily::win10}) {
    CheckContext context;
    context.family = family;
    context.family_source = "--os";
    context.autounattend_on_media = family == OsFamily::win10;
    context.architecture = family == OsFamily::vista ? "x86" : "amd64";
    for (const Finding& finding : check_answer_file(file, context).findings) {
      fuzz::expect_no_whole_key(finding_text(finding, file.source()));
    }
  }
  family_from_components(file);

  for (const ComponentInfo& component : file.components()) {
    file.location(*component.element);
    file.find_component(component.pass, component.name, component.architecture);
  }
  for (const std::string& pass : answer_file_passes()) {
    run_synchronous_commands(file, pass);
    find_setup_product_key(file, pass);
    find_setup_product_key(file, pass, "amd64");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto file = AnswerFile::parse(bytes, "Windows/Panther/unattend.xml");
  if (!file) {
    fuzz::expect_bad_input(file.error());
    return 0;
  }
  fuzz::expect(!file->modified(), "a file that was only read counts as modified");
  fuzz::expect(file->bytes() == bytes, "a file that was only read does not give its own bytes");
  read_everything(*file);
  return 0;
}
