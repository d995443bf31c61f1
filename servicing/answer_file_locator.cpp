#include "servicing/answer_file_locator.hpp"

#include "unattend/answer_file.hpp"

namespace kmsprep {
namespace {

const std::vector<std::string> kImagePasses = {"offlineServicing", "generalize", "specialize",
                                               "auditSystem",      "auditUser",  "oobeSystem"};
// The root of the media is removable (read-only or read/write) media to Setup: an
// Autounattend.xml there serves every pass (Setup caches it into the new installation for the
// later ones). One in sources/ serves only windowsPE and offlineServicing.
const std::vector<std::string> kMediaRootPasses = {"windowsPE",  "offlineServicing", "generalize",
                                                   "specialize", "auditSystem",      "auditUser",
                                                   "oobeSystem"};
const std::vector<std::string> kMediaSourcesPasses = {"windowsPE", "offlineServicing"};
// The passes `locate` reports for an OS image; media report every pass.
const std::vector<std::string> kReportedImagePasses = {"generalize", "specialize", "oobeSystem"};

bool contains(const std::vector<std::string>& list, const std::string& value) {
  for (const auto& item : list) {
    if (item == value) return true;
  }
  return false;
}

}  // namespace

ImagePath default_answer_file_path() { return *ImagePath::parse("Windows/Panther/unattend.xml"); }

const std::vector<AnswerFileCandidate>& answer_file_search_order() {
  // Within one folder Setup's choice between Unattend.xml and Autounattend.xml is not
  // documented; Unattend.xml is listed first.
  static const std::vector<AnswerFileCandidate> order = {
      {"Windows/Panther/Unattend/Unattend.xml", kImagePasses, "%WINDIR%\\Panther\\Unattend"},
      {"Windows/Panther/Unattend/Autounattend.xml", kImagePasses, "%WINDIR%\\Panther\\Unattend"},
      {"Windows/Panther/Unattend.xml", kImagePasses, "%WINDIR%\\Panther"},
      {"Windows/Panther/Autounattend.xml", kImagePasses, "%WINDIR%\\Panther"},
      {"Autounattend.xml", kMediaRootPasses, "root of the setup media", true},
      {"sources/Autounattend.xml", kMediaSourcesPasses, "\\Sources of the setup media", true},
      {"Windows/System32/Sysprep/Unattend.xml", kImagePasses, "%WINDIR%\\System32\\Sysprep"},
      {"Unattend.xml", kImagePasses, "%SYSTEMDRIVE%"},
      {"Autounattend.xml", kImagePasses, "%SYSTEMDRIVE%"},
  };
  return order;
}

Result<bool> is_setup_media(Image& image) {
  const auto is_directory = [&](const char* name) -> Result<bool> {
    auto entry = image.stat(*ImagePath::parse(name));
    if (!entry) return std::move(entry).error();
    return entry->has_value() && (*entry)->type == EntryType::directory;
  };
  auto sources = is_directory("sources");
  if (!sources || !*sources) return sources;
  auto windows = is_directory("Windows");
  if (!windows) return std::move(windows).error();
  return !*windows;
}

Result<ImagePath> media_answer_file_path(Image& image, bool windows_pe_only) {
  std::vector<const char*> candidates = {"Autounattend.xml"};
  if (windows_pe_only) candidates.push_back("sources/Autounattend.xml");
  for (const char* candidate : candidates) {
    auto entry = image.stat(*ImagePath::parse(candidate));
    if (!entry) return std::move(entry).error();
    if (*entry && (*entry)->type == EntryType::file) return (*entry)->path;
  }
  return *ImagePath::parse("Autounattend.xml");
}

// Long on purpose: Setup's search order followed once, top to bottom: the files found, then the
// file each pass uses.
Result<AnswerFileSearch> locate_answer_files(Image& image) {
  AnswerFileSearch search;
  const auto is_directory = [&](const char* name) -> Result<bool> {
    auto entry = image.stat(*ImagePath::parse(name));
    if (!entry) return std::move(entry).error();
    return entry->has_value() && (*entry)->type == EntryType::directory;
  };
  auto windows = is_directory("Windows");
  if (!windows) return std::move(windows).error();
  auto sources = is_directory("sources");
  if (!sources) return std::move(sources).error();
  search.os_image = *windows;
  search.media = *sources;

  const auto& order = answer_file_search_order();
  for (size_t i = 0; i < order.size(); ++i) {
    const bool media_location = order[i].on_media;
    if (media_location && !search.media) continue;
    if (!media_location && search.media && !search.os_image) continue;
    const ImagePath path = *ImagePath::parse(order[i].path);
    auto entry = image.stat(path);
    if (!entry) return std::move(entry).error();
    if (!*entry || (*entry)->type != EntryType::file) continue;
    bool already_found = false;
    for (const auto& earlier : search.found) {
      already_found = already_found || ImagePath::parse(earlier.path)->matches(path);
    }
    if (already_found) continue;
    FoundAnswerFile found;
    found.path = (*entry)->path.to_string();
    found.precedence = static_cast<int>(i);
    if ((*entry)->size > kMaxAnswerFileBytes) {  // refused unread, as parse() would
      found.problem = "the file has " + std::to_string((*entry)->size) + " bytes, more than the " +
                      std::to_string(kMaxAnswerFileBytes) + " kmsprep accepts";
      search.found.push_back(std::move(found));
      continue;
    }
    auto bytes = image.read(path, kTextFileReadLimit);
    if (!bytes) return std::move(bytes).error();
    auto file = AnswerFile::parse(*bytes, found.path);
    if (!file) {
      found.problem = file.error().to_string();
    } else {
      for (const XmlElement* settings : file->settings()) {
        const std::string* pass = settings->attribute("pass");
        if (pass && !file->children(*settings, "component").empty() &&
            !contains(found.passes_with_settings, *pass)) {
          found.passes_with_settings.push_back(*pass);
        }
      }
    }
    search.found.push_back(std::move(found));
  }

  std::vector<std::string> passes;
  if (search.media && !search.os_image) {
    passes = answer_file_passes();
  } else {
    if (search.media) passes.push_back("windowsPE");
    passes.insert(passes.end(), kReportedImagePasses.begin(), kReportedImagePasses.end());
  }
  for (const auto& pass : passes) {
    PassChoice choice{pass, std::nullopt};
    for (const auto& found : search.found) {
      if (contains(order[found.precedence].passes, pass) &&
          contains(found.passes_with_settings, pass)) {
        choice.path = found.path;
        break;
      }
    }
    search.used.push_back(choice);
  }
  search.not_checked = {
      "registry HKLM\\System\\Setup\\UnattendFile (highest precedence; set at deployment time)",
      "root of removable read/write and read-only media present at deployment "
      "(Unattend.xml, Autounattend.xml)",
      "root of the drive Setup runs from at deployment",
  };
  return search;
}

std::optional<std::string> shadowing_answer_file(const AnswerFileSearch& search,
                                                 const ImagePath& edited, const std::string& pass) {
  const auto& order = answer_file_search_order();
  int edited_precedence = static_cast<int>(order.size());
  for (size_t i = 0; i < order.size(); ++i) {
    if (contains(order[i].passes, pass) && ImagePath::parse(order[i].path)->matches(edited)) {
      edited_precedence = static_cast<int>(i);
      break;
    }
  }
  for (const auto& found : search.found) {
    if (found.precedence >= edited_precedence) break;
    if (ImagePath::parse(found.path)->matches(edited)) continue;
    if (contains(order[found.precedence].passes, pass) &&
        contains(found.passes_with_settings, pass)) {
      return found.path;
    }
  }
  return std::nullopt;
}

}  // namespace kmsprep
