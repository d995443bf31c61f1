// The examples of `kmsprep help CMD` and the man pages: two or three per command, in the
// README's paths (build/pc is the demo's reference PC directory, samples/ ships with kmsprep).
// A test runs every command's examples through its option parser, so none can name an option
// that does not exist.
#include <map>

#include "cli/option_docs.hpp"

namespace kmsprep {

// Long on purpose: a table of two or three examples per command, data rather than steps.
std::vector<CommandExample> command_examples(const std::string& name) {
  static const std::map<std::string, std::vector<CommandExample>> examples = {
      {"image info",
       {{"kmsprep image info build/demo/reference.wim", "format, every index with its edition"},
        {"kmsprep image info build/demo/reference.wim --index 1 --json", "one image as JSON"}}},
      {"image cat",
       {{"kmsprep image cat build/demo/reference.wim Windows/Panther/unattend.xml --index 1",
         "print a file of the image"},
        {"kmsprep image cat build/pc Windows/Setup/Scripts/SetupComplete.cmd",
         "the same for a directory image"}}},
      {"image put",
       {{"kmsprep image put build/pc.wim Windows/Setup/Scripts/SetupComplete.cmd "
         "--from SetupComplete.cmd --index 1",
         "replace one file inside a WIM image"},
        {"kmsprep image put build/pc.wim Windows/Panther/unattend.xml --from unattend.xml "
         "--index 1 --rebuild",
         "the same, rewriting the WIM without the old copy"}}},
      {"pid",
       {{"kmsprep pid samples/media", "which product's setup key the media's pid.txt holds"},
        {"kmsprep pid samples/media --json", "the same as JSON"}}},
      {"install-key",
       {{"kmsprep install-key build/pc --media samples/media",
         "install the GVLK that matches the setup media"},
        {"kmsprep install-key build/demo/reference.wim --key auto --index all --dry-run",
         "show which GVLK every image would get"},
        {"kmsprep install-key build/pc --key VKK3X-68KWM-X2YGT-QR4M6-4BWMV --log install.log",
         "install a given key and keep a CMTrace log"}}},
      {"configure",
       {{"kmsprep configure build/pc --kms-host kms-hq.corp.example:1688 --dry-run",
         "show the answer-file change for a fixed KMS host"},
        {"kmsprep configure build/pc --kms-host kms-hq.corp.example --target both",
         "write it to the registry and the answer file"},
        {"kmsprep configure build/pc --clear-kms-host", "go back to DNS auto-discovery"}}},
      {"inspect",
       {{"kmsprep inspect build/pc", "product, license status, grace, rearms, CMID, KMS host"},
        {"kmsprep inspect build/demo/reference.wim --index 1 --json", "one WIM image as JSON"}}},
      {"generalize",
       {{"kmsprep generalize build/pc --dry-run", "the before/after table, nothing written"},
        {"kmsprep generalize build/pc", "reset CMID, timers and rearm count as sysprep does"}}},
      {"capture",
       {{"kmsprep capture build/pc build/pc.wim --name \"Contoso reference\" --check-generalized",
         "capture a generalized directory into a new WIM image"},
        {"kmsprep capture build/pc build/pc.wim --name Lab --compress lzx --json",
         "the same, LZX-compressed, reporting the new image as JSON"}}},
      {"unattend locate",
       {{"kmsprep unattend locate build/pc", "every answer file, and which Setup uses per pass"},
        {"kmsprep unattend locate build/demo/reference.wim --index 1 --json", "as JSON"}}},
      {"unattend show",
       {{"kmsprep unattend show build/pc", "key (masked), KMS host, SkipRearm with file:line"},
        {"kmsprep unattend show samples/answer/unattend.xml --json", "one answer file as JSON"}}},
      {"unattend check",
       {{"kmsprep unattend check build/pc --os vista", "findings with line and fix"},
        {"kmsprep unattend check samples/answer/unattend.xml --os win10 --json", "as JSON"}}},
      {"simulate",
       {{"kmsprep simulate samples/topology/branch-offices.xml", "a KMS fleet over 180 days"},
        {"kmsprep simulate samples/topology/branch-offices.xml --days 210 --format json "
         "--events build/events.csv",
         "longer, as JSON, with every event in a CSV file"},
        {"kmsprep simulate --from-report build/kms-report.json --add-clones 10",
         "start from what the KMS hosts saw and add ten machines"}}},
      {"report",
       {{"kmsprep report kms01.evtx",
         "counts, duplicate CMIDs, grace and refusals of one KMS host"},
        {"kmsprep report kms01.xml clients/*.csv --json --output build/kms-report.json",
         "host and client exports together, as JSON for simulate --from-report"},
        {"kmsprep report kms01.evtx --format junit --output build/kms-report.xml",
         "JUnit for CI: each duplicate CMID is a failed test case"}}},
      {"dns records",
       {{"kmsprep dns records --topology samples/topology/branch-offices.xml",
         "the zone-file lines of every <dns-zone>"},
        {"kmsprep dns records --host kms1.corp.example --domain corp.example --format nsupdate",
         "an nsupdate script"},
        {"kmsprep dns records --host kms1.corp.example:1688 --domain corp.example --format "
         "powershell",
         "Add-DnsServerResourceRecord lines for Windows DNS"}}},
      {"gvlk",
       {{"kmsprep gvlk --family win10", "the published KMS client setup keys, masked"},
        {"kmsprep gvlk --json --show-key", "every key in full, as JSON"}}},
      {"steps",
       {{"kmsprep steps", "the built-in steps"},
        {"kmsprep steps --plugin-dir /usr/lib/x86_64-linux-gnu/kmsprep/plugins --json",
         "with the installed plugins, as JSON"}}},
      {"step",
       {{"kmsprep step install-key --var ImagePath=build/pc --var MediaPath=samples/media",
         "run one step; exit 0, 194 (reboot; 3010 on Windows) or 1"},
        {"kmsprep step stamp-build-label --plugin-dir build/release/plugins "
         "--var ImagePath=build/pc --json",
         "run a plugin step and print its result as JSON"}}},
      {"sequence",
       {{"kmsprep sequence samples/sequences/capture.xml --dry-run --plugin-dir "
         "build/release/plugins",
         "which steps would run, and why the others would not"},
        {"kmsprep sequence samples/sequences/capture.xml --var ImagePath=build/pc "
         "--log build/ts.log",
         "run it, with a CMTrace log"}}},
      {"validate",
       {{"kmsprep validate build/pc.wim --index 1 --media samples/media",
         "checks and the activation prediction for one image"},
        {"kmsprep validate build/pc.wim --index all --format junit --output report.xml",
         "a JUnit report for CI, the text summary on stdout"},
        {"kmsprep validate build/pc.wim --topology samples/topology/branch-offices.xml "
         "--site HQ --log validate.log",
         "predict for a site of a topology, one CMTrace line per check"}}},
  };
  const auto found = examples.find(name);
  return found == examples.end() ? std::vector<CommandExample>{} : found->second;
}

}  // namespace kmsprep
