// Reading setup media for what decides the edition and key: sources/pid.txt, sources/ei.cfg,
// and the Autounattend.xml files that make Setup ignore both. MEDIA is anything open_image
// reads (directory, ISO with UDF, archive) or a pid.txt file itself.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/log.hpp"
#include "core/result.hpp"
#include "servicing/setup_media_files.hpp"

namespace kmsprep {

struct SetupMedia {
  std::string source;  // where pid.txt was read: "media.iso: sources/pid.txt" or the file
  PidFile pid;
  std::optional<EiConfig> ei_config;
  std::vector<std::string> answer_files;  // Autounattend.xml at the root or in sources/
  std::vector<std::string> warnings;
};

Result<SetupMedia> read_setup_media(const std::string& media_path, Logger* logger);

}  // namespace kmsprep
