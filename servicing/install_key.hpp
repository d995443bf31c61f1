// install-key: `slmgr -ipk` for an offline image. Writes the key into the image's answer file
// (specialize / Microsoft-Windows-Shell-Setup / ProductKey, or for setup media the windowsPE
// UserData/ProductKey of Autounattend.xml, in whichever layout the file uses) and creates or
// renews the emulated licensing state (not on media). Only the key changes: the author's
// WillShowUI and every other value stay.
// Callers: cli/ (install-key), plugin/ (the install-key step).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/os_family.hpp"
#include "core/product_key.hpp"
#include "core/result.hpp"
#include "engine/random_source.hpp"
#include "servicing/configure.hpp"
#include "servicing/image_session.hpp"

namespace kmsprep {

struct InstallKeyOptions {
  std::optional<OsFamily> os;               // --os: the image's family when metadata has none
  std::optional<std::string> architecture;  // --arch, already parsed
  bool windows_pe = false;                  // write Autounattend.xml on setup media (implied
                                            // when IMAGE is setup media)
  bool allow_non_gvlk = false;
  bool dry_run = false;
};

struct InstallKeyResult {
  std::string image;  // ImageSession::describe()
  std::string partial_key;
  std::optional<std::string> product_id;  // nullopt for an allowed non-GVLK key
  std::string answer_file;                // the file written (inside the image)
  std::vector<FileEdit> edits;            // files whose bytes change
  std::vector<ReplacedValue> replaced;    // the key (masked) this run replaced, if any
  bool state_created = false;             // a new licensing state (and CMID) was written
  bool committed = false;
  std::vector<std::string> warnings;
};

// The GVLK for an image, for --key auto: the catalog product of its EditionID at its build,
// both from the WIM metadata (WINDOWS/EDITIONID, WINDOWS/VERSION/BUILD), else from the SOFTWARE
// hive's CurrentVersion (an applied image, or a WIM captured without that metadata). Without a
// build, the edition's releases in its family when they all share one key; otherwise, and for a
// build the catalog does not know, an error (image_build_missing, gvlk_build_unknown) rather
// than a guess. Reads the hive only when the metadata lacks an answer.
Result<ProductKey> automatic_key_for(ImageSession& session);

// Installs `key` into the image of `session`. Refuses (bad input, image untouched) a key that is
// not a published GVLK unless allowed, and a GVLK whose edition, family or release (build)
// differs from the image's metadata. Installing the key the image already has changes nothing and
// commits nothing. `random` supplies the CMID of a new licensing state.
Result<InstallKeyResult> install_key(ImageSession& session, const ProductKey& key,
                                     const InstallKeyOptions& options, RandomSource& random);

}  // namespace kmsprep
