// Where Windows Setup finds answer files inside an image (kms-facts §5: the implicit search
// order, file-based locations only): every answer file present, which one Setup would use for
// each pass, and the locations that cannot be checked offline. Also the default file that
// configure and install-key edit. Callers: servicing/ (configure, install-key, validate), cli/.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/image_path.hpp"
#include "core/result.hpp"
#include "image/image.hpp"

namespace kmsprep {

// Windows/Panther/unattend.xml: the documented place for an answer file shipped inside an
// offline image (Setup's cache, read on the image's first boot).
ImagePath default_answer_file_path();

struct AnswerFileCandidate {
  std::string path;                 // as Setup names it, relative to the image root
  std::vector<std::string> passes;  // the passes Setup looks here for
  std::string where;                // "%WINDIR%\\Panther\\Unattend", ...
  bool on_media = false;            // a location of setup media, not of an installed OS
};

// The file-based search order, highest precedence first.
const std::vector<AnswerFileCandidate>& answer_file_search_order();

struct FoundAnswerFile {
  std::string path;                               // spelled as in the image
  int precedence = 0;                             // index in answer_file_search_order()
  std::vector<std::string> passes_with_settings;  // passes with at least one component
  std::string problem;  // non-empty when the file cannot be parsed (the error message)
};

struct PassChoice {
  std::string pass;
  std::optional<std::string> path;  // nullopt: no file has settings for this pass
};

struct AnswerFileSearch {
  bool os_image = false;               // has Windows/
  bool media = false;                  // has sources/
  std::vector<FoundAnswerFile> found;  // in precedence order
  std::vector<PassChoice> used;        // one per pass that matters for this image
  std::vector<std::string> not_checked;
};

// Setup media: a tree with sources/ and no Windows/ (an installed OS carries Windows/; the
// media's install.wim and pid.txt sit in sources/). Reads only.
Result<bool> is_setup_media(Image& image);

// The answer file kmsprep edits on setup media: an existing Autounattend.xml at the root
// (Setup applies it to every pass), else one in sources/ when `windows_pe_only` (that one
// serves only windowsPE and offlineServicing), else the root one, to be created.
Result<ImagePath> media_answer_file_path(Image& image, bool windows_pe_only);

// Searches `image` (reads only).
Result<AnswerFileSearch> locate_answer_files(Image& image);

// The found file Setup would use for `pass` instead of `edited` (one with a higher precedence
// and settings for `pass`), if any.
std::optional<std::string> shadowing_answer_file(const AnswerFileSearch& search,
                                                 const ImagePath& edited, const std::string& pass);

}  // namespace kmsprep
