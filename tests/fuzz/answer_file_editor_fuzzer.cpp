// Fuzz target: the edits install-key and configure make to an answer file, each applied to a
// fresh copy of the fuzzed file: the Setup product key (both layouts), the Shell-Setup key,
// SkipRearm, the slmgr /skms RunSynchronous command, and the low-level splices on one of its
// elements. Every edit either fails leaving the text as it was, or gives a file that parses
// again to the same text, and applying it a second time changes nothing.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "tests/fuzz/fuzz_checks.hpp"
#include "unattend/activation_catalog.hpp"
#include "unattend/activation_commands.hpp"
#include "unattend/answer_file.hpp"
#include "unattend/run_synchronous.hpp"
#include "unattend/setup_product_key.hpp"

using namespace kmsprep;

namespace {

constexpr const char* kKey = "NPPR9-FWDCX-D2C8J-H872K-2YT43";  // the published Enterprise GVLK

using Edit = std::function<Status(AnswerFile&)>;

// Refusing an edit of a strange but well-formed file is bad input or a refused step, never an
// internal or environment failure.
void expect_refusal(const Error& error) {
  fuzz::expect(error.kind() == ErrorKind::bad_input || error.kind() == ErrorKind::failed,
               "an edit failed with exit 2 or 4: " + error.to_string());
  fuzz::expect_no_whole_key(error.to_string());
}

void apply(const AnswerFile& original, const std::string& name, const Edit& edit) {
  AnswerFile file = original;
  if (auto edited = edit(file); !edited) {
    expect_refusal(edited.error());
    fuzz::expect(file.text() == original.text(), name + ": a failed edit changed the text");
    return;
  }
  const std::string bytes = file.bytes();
  auto reread = AnswerFile::parse(bytes, file.source());
  if (!reread) fuzz::fail(name + ": the edited file does not parse: " + reread.error().to_string());
  fuzz::expect(reread->text() == file.text(), name + ": the edited file reads back differently");
  fuzz::expect(reread->encoding() == original.encoding(), name + ": the encoding changed");

  const std::string once = file.text();
  if (auto again = edit(file); !again) {
    fuzz::fail(name + ": the edit fails the second time: " + again.error().to_string());
  }
  fuzz::expect(file.text() == once, name + ": applying the edit again changed the file");
}

std::string first_architecture(const AnswerFile& file) {
  for (const ComponentInfo& component : file.components()) {
    if (!component.architecture.empty()) return component.architecture;
  }
  return "amd64";
}

void collect(const XmlElement& element, std::vector<const XmlElement*>& out) {
  out.push_back(&element);
  for (const XmlElement& child : element.children) collect(child, out);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto parsed = AnswerFile::parse(bytes, "Windows/Panther/unattend.xml");
  if (!parsed) return 0;  // the reader target covers refusals
  const AnswerFile& original = *parsed;
  const std::string arch = first_architecture(original);

  apply(original, "setup product key", [&](AnswerFile& file) -> Status {
    auto written = write_setup_product_key(file, kKey, arch);
    if (!written) return written.error();
    return ok_status();
  });
  apply(original, "Shell-Setup ProductKey", [&](AnswerFile& file) {
    return file.set_setting({"specialize", kShellSetupComponent, "ProductKey"}, kKey, arch);
  });
  apply(original, "SkipRearm", [&](AnswerFile& file) {
    return file.set_setting({"generalize", kSppComponent, "SkipRearm"}, "1", arch);
  });
  apply(original, "slmgr /skms", [&](AnswerFile& file) {
    return set_run_synchronous_command(file, "specialize", kKmsHostCommandDescription,
                                       slmgr_set_kms_host_command("kms.corp.example:1688"), arch);
  });

  // The splices, on one element chosen by the input's size so every element gets its turn.
  std::vector<const XmlElement*> elements;
  collect(original.root(), elements);
  const XmlElement& target = *elements[size % elements.size()];
  const size_t offset = target.offset;
  const bool is_root = &target == &original.root();
  const XmlFragment fragment{original.qualified("Description"), {}, "kmsprep <&> \"test\"", {}};
  if (target.children.empty()) {
    apply(original, "set_element_text",
          [&](AnswerFile& file) { return file.set_element_text(offset, "value & <text>"); });
  }
  apply(original, "set_direct_text",
        [&](AnswerFile& file) { return file.set_direct_text(offset, "value"); });
  // Appending and inserting add an element each time by design: checked once, not twice.
  AnswerFile appended = original;
  if (auto done = appended.append_child(offset, fragment); done) {
    auto reread = AnswerFile::parse(appended.bytes(), appended.source());
    fuzz::expect(reread && reread->text() == appended.text(), "append_child: does not read back");
  } else {
    expect_refusal(done.error());
    fuzz::expect(appended.text() == original.text(), "append_child: a failed edit changed it");
  }
  if (!is_root) {
    AnswerFile inserted = original;
    if (auto done = inserted.insert_before(offset, fragment); done) {
      auto reread = AnswerFile::parse(inserted.bytes(), inserted.source());
      fuzz::expect(reread && reread->text() == inserted.text(),
                   "insert_before: does not read back");
    } else {
      expect_refusal(done.error());
      fuzz::expect(inserted.text() == original.text(), "insert_before: a failed edit changed it");
    }
  }
  return 0;
}
