// validate: will clones of this image activate? Runs the checks (key, answer file,
// generalization, KMS host configuration with optional DNS and TCP probes) and the embedded
// client engine's prediction on one image index. Callers: cli/ (validate), plugin/.
#pragma once

#include <optional>
#include <string>

#include "core/log.hpp"
#include "core/result.hpp"
#include "engine/topology.hpp"
#include "servicing/dns_lookup.hpp"
#include "servicing/image_session.hpp"
#include "servicing/setup_media.hpp"
#include "servicing/validate_check.hpp"

namespace kmsprep {

struct ValidateOptions {
  std::string image;                   // the IMAGE argument, for the report
  std::optional<SetupMedia> media;     // --media, already read
  const Topology* topology = nullptr;  // --topology, already parsed
  std::string topology_source;         // its file name, for messages
  std::string site;                    // --site
  std::optional<int> clones;           // --clones; default: the product type's threshold
  std::optional<std::string> domain;   // --domain
  DnsLookup* dns = nullptr;            // --dns-server or --dns-zone; nullptr: no DNS checks
  bool probe = false;                  // --probe
  int days = 30;
  uint64_t seed = 1;
};

// Checks one opened image (reads only). Errors only for input that cannot be read (exit 3) and
// for DNS options without a domain on an image that uses DNS discovery (usage, exit 2); every
// finding about the image is a check in the report.
Result<ValidationReport> validate_image(ImageSession& session, const ValidateOptions& options);

}  // namespace kmsprep
