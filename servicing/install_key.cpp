#include "servicing/install_key.hpp"

#include "core/text.hpp"
#include "engine/gvlk_catalog.hpp"
#include "servicing/answer_file_locator.hpp"
#include "servicing/installation_registry.hpp"
#include "servicing/licensing_state_store.hpp"
#include "unattend/activation_catalog.hpp"
#include "unattend/activation_view.hpp"
#include "unattend/answer_file.hpp"
#include "unattend/processor_architecture.hpp"
#include "unattend/setup_product_key.hpp"

namespace kmsprep {
namespace {

// Media carry sources/; an installed OS carries Windows/.
Result<bool> has_directory(Image& image, const char* name) {
  auto entry = image.stat(*ImagePath::parse(name));
  if (!entry) return std::move(entry).error();
  return *entry && (*entry)->type == EntryType::directory;
}

std::string product_list(const std::vector<const GvlkEntry*>& products) {
  std::string list;
  for (const GvlkEntry* product : products) {
    list += (list.empty() ? "" : ", ") + std::string(product->display_name) + " (build " +
            product->builds() + ")";
  }
  return list;
}

// The catalog product `key` installs on this image: the release serving the image's build;
// without a build, or when no release of the key serves it (check_key_matches_image then
// refuses), the key's first (oldest) release.
const GvlkEntry* product_for_key(const ImageSession& session, const ProductKey& key) {
  if (auto build = session.build()) {
    if (const GvlkEntry* product = find_gvlk_by_key_and_build(key, *build)) return product;
  }
  return find_gvlk_by_key(key);
}

Status check_key_matches_image(const ImageSession& session, const GvlkEntry& product,
                               const InstallKeyOptions& options, const ProductKey& key) {
  const std::string what = "the key " + key.masked() + " is the KMS client setup key of " +
                           std::string(product.display_name);
  const auto edition = session.edition_id();
  if (edition && !product.has_edition_id(*edition)) {
    return Error(ErrorCode::key_edition_mismatch,
                 what + " (EditionID " + std::string(product.edition_id) + "), but " +
                     session.describe() + " is EditionID " + *edition,
                 session.describe(),
                 "use the GVLK of the image's edition (`kmsprep gvlk`), or --key auto");
  }
  std::optional<OsFamily> family = session.family_from_metadata();
  std::string family_source = "WINDOWS/VERSION";
  if (!family && options.os) family = options.os, family_source = "--os";
  if (family && *family != product.family) {
    return Error(ErrorCode::key_family_mismatch,
                 what + " (family " + to_string(product.family) + "), but " + family_source +
                     " of " + session.describe() + " says " + to_string(*family),
                 session.describe(),
                 "use a GVLK of the image's Windows version (`kmsprep gvlk --family " +
                     std::string(to_string(*family)) + "`)");
  }
  const auto build = session.build();
  if (build && !product.serves_build(*build)) {
    std::string needed = "--key auto chooses the image's key by EditionID and build";
    if (edition) {
      auto expected = find_gvlk_for_image(*edition, *build);
      needed = expected ? "the image needs the GVLK of " + std::string((*expected)->display_name) +
                              " (*****-*****-*****-*****-" +
                              std::string((*expected)->key.substr(24)) + "; --key auto installs it)"
                        : "no published GVLK of EditionID " + *edition + " serves build " +
                              std::to_string(*build) + ": check WINDOWS/VERSION/BUILD";
    }
    return Error(ErrorCode::key_release_mismatch,
                 "the key " + key.masked() + " serves " + product_list(find_gvlks_by_key(key)) +
                     ", but WINDOWS/VERSION/BUILD of " + session.describe() + " is " +
                     std::to_string(*build) + ": Setup and slmgr refuse a key of another release",
                 session.describe(), needed);
  }
  return ok_status();
}

// Without a build, a key shared by several releases is recorded as its first one; say so,
// because the licensing state and the engine's prediction then name that release.
std::optional<std::string> assumed_release_warning(const ImageSession& session,
                                                   const ProductKey& key,
                                                   const GvlkEntry& product) {
  const auto products = find_gvlks_by_key(key);
  if (session.build() || products.size() < 2) return std::nullopt;
  return "the image records no WINDOWS/VERSION/BUILD and " + key.masked() + " serves " +
         product_list(products) + ": recorded as " + std::string(product.display_name) + " (" +
         std::string(product.product_id) +
         "); set the build (wimlib-imagex info IMAGE N --image-property "
         "WINDOWS/VERSION/BUILD=...) to record the right release";
}

struct AnswerFileEdit {
  ImagePath path;
  AnswerFile file;
  std::string before;
};

Result<AnswerFileEdit> load_or_create(Image& image, const ImagePath& path) {
  auto entry = image.stat(path);
  if (!entry) return std::move(entry).error();
  const std::string source = image.source() + ": " + path.to_string();
  if (!*entry) return AnswerFileEdit{path, AnswerFile::create(source), std::string()};
  auto bytes = image.read((*entry)->path);
  if (!bytes) return std::move(bytes).error();
  auto file = AnswerFile::parse(*bytes, source);
  if (!file) return std::move(file).error();
  std::string before = file->text();
  return AnswerFileEdit{(*entry)->path, std::move(*file), std::move(before)};
}

// The windowsPE key of Autounattend.xml, in the layout the file already uses; the author's
// WillShowUI stays, and only a <Key> written into a file without one gets Setup's OnError
// spelled out.
Status write_media_key(AnswerFileEdit& edit, const ProductKey& key, const std::string& architecture,
                       InstallKeyResult& result) {
  auto replaced = write_setup_product_key(edit.file, key.formatted(), architecture);
  if (!replaced) return std::move(replaced).error();
  const auto written = find_setup_product_key(edit.file, "windowsPE", architecture);
  if (*replaced && written) {
    result.replaced.push_back(
        ReplacedValue{edit.path.to_string(),
                      std::string("windowsPE/") + kSetupComponent + "/" + kSetupProductKeyPath +
                          (written->text_only ? "" : "/Key"),
                      written->element->line, masked_key_text(**replaced), key.masked()});
  }
  const SettingAddress will_show_ui{"windowsPE", kSetupComponent,
                                    std::string(kSetupProductKeyPath) + "/WillShowUI"};
  if (written && !written->text_only && !edit.file.find(will_show_ui, architecture)) {
    return edit.file.set_setting(will_show_ui, "OnError", architecture);
  }
  return ok_status();
}

// specialize / Shell-Setup / ProductKey of the component of `architecture`.
Status write_image_key(AnswerFileEdit& edit, const ProductKey& key, const std::string& architecture,
                       InstallKeyResult& result) {
  const SettingAddress address{"specialize", kShellSetupComponent, "ProductKey"};
  std::string before;
  if (const XmlElement* existing = edit.file.find(address, architecture)) {
    before = trim_whitespace(existing->text);
  }
  if (auto set = edit.file.set_setting(address, key.formatted(), architecture); !set) {
    return set.error();
  }
  if (!before.empty() && before != key.formatted()) {
    result.replaced.push_back(ReplacedValue{
        edit.path.to_string(), std::string("specialize/") + kShellSetupComponent + "/ProductKey",
        edit.file.find(address, architecture)->line, masked_key_text(before), key.masked()});
  }
  return ok_status();
}

}  // namespace

namespace {

// --key auto without a build: the family's releases of the edition, if they all share one key
// (Vista to 8.1, Windows 10 and 11 Pro); refused where choosing would be a guess (EnterpriseS,
// ServerStandard in win10: each release its own key).
Result<const GvlkEntry*> automatic_product_without_build(const ImageSession& session,
                                                         const std::string& edition,
                                                         OsFamily family) {
  const auto entries = find_gvlk_by_edition(edition, family);
  if (entries.empty()) {
    return Error(
        ErrorCode::key_not_gvlk,
        "no published KMS client setup key for EditionID " + edition + " on " + to_string(family),
        session.describe(),
        "this edition cannot be a KMS client (use MAK), or give the key with --key");
  }
  for (const GvlkEntry* entry : entries) {
    if (entry->key != entries.front()->key) {
      return Error(
          ErrorCode::image_build_missing,
          "EditionID " + edition + " on " + to_string(family) +
              " is several releases with different keys (" + product_list(entries) + ") and " +
              session.describe() + " records no WINDOWS/VERSION/BUILD",
          session.describe(),
          "set the build (wimlib-imagex info IMAGE N --image-property "
          "WINDOWS/VERSION/BUILD=<the build, 17763 for 2019>), or give the key with --key");
    }
  }
  return entries.front();
}

Result<const GvlkEntry*> automatic_product_for(ImageSession& session) {
  auto edition = session.edition_id();
  auto family = session.family_from_metadata();
  auto build = session.build();
  if (!edition || !build) {
    // A real installation records both in its SOFTWARE hive even where the WIM does not.
    auto registry = read_installation_registry(session.image());
    if (!registry) return std::move(registry).error();
    if (*registry) {
      const InstallationFacts& facts = (*registry)->facts;
      if (!edition && facts.edition_id) edition = facts.edition_id->value;
      if (!build) build = facts.build();
      if (!family) family = (*registry)->family;
    }
  }
  if (!edition || (!family && !build)) {
    return Error(ErrorCode::key_not_gvlk,
                 std::string("--key auto needs the image's ") +
                     (!edition ? "EditionID (WINDOWS/EDITIONID or FLAGS, or the SOFTWARE hive's)"
                               : "Windows version (WINDOWS/VERSION, or the SOFTWARE hive's)") +
                     " and " + session.describe() + " has none",
                 session.describe(), "give the key with --key or --media");
  }
  if (!build) return automatic_product_without_build(session, *edition, *family);
  auto product = find_gvlk_for_image(*edition, *build);
  if (!product) {
    Error error = std::move(product).error();
    return error.within(session.describe());
  }
  const auto major = session.property("WINDOWS/VERSION/MAJOR");
  const auto minor = session.property("WINDOWS/VERSION/MINOR");
  const auto [product_major, product_minor] = version_of((*product)->family);
  const std::string product_version =
      std::to_string(product_major) + "." + std::to_string(product_minor);
  if (major && minor && *major + "." + *minor != product_version) {
    return Error(ErrorCode::image_version_inconsistent,
                 "WINDOWS/VERSION/MAJOR.MINOR of " + session.describe() + " is " + *major + "." +
                     *minor + " but WINDOWS/VERSION/BUILD " + std::to_string(*build) + " is " +
                     std::string((*product)->display_name) + " (" + product_version + ")",
                 session.describe(),
                 "correct the image's version properties (wimlib-imagex info --image-property), "
                 "or give the key with --key");
  }
  return product;
}

}  // namespace

Result<ProductKey> automatic_key_for(ImageSession& session) {
  auto product = automatic_product_for(session);
  if (!product) return std::move(product).error();
  return *ProductKey::parse((*product)->key);
}

namespace {

// The key's catalog product after the checks against the image: the key fits the image's
// family, is a published GVLK (unless allowed) and matches the image's edition and release.
// nullptr: an allowed non-GVLK key.
Result<const GvlkEntry*> checked_product(ImageSession& session, const ProductKey& key,
                                         const InstallKeyOptions& options,
                                         InstallKeyResult& result) {
  std::optional<OsFamily> image_family = session.family_from_metadata();
  if (!image_family) image_family = options.os;
  if (image_family) {
    if (auto fits = check_key_fits_family(key, *image_family); !fits) {
      Error error = fits.error();
      return error.within(session.describe());
    }
  }
  const GvlkEntry* product = product_for_key(session, key);
  if (!product && !options.allow_non_gvlk) {
    return Error(ErrorCode::key_not_gvlk,
                 key.masked() + " is not in the published KMS client setup key list",
                 session.describe(),
                 "KMS clients need the GVLK of their edition (`kmsprep gvlk`, or the media's "
                 "sources/pid.txt); pass --allow-non-gvlk only for a MAK or retail image");
  }
  if (product) {
    result.product_id = std::string(product->product_id);
    if (auto matches = check_key_matches_image(session, *product, options, key); !matches) {
      return matches.error();
    }
    if (auto assumed = assumed_release_warning(session, key, *product)) {
      result.warnings.push_back(*assumed);
    }
  } else {
    result.warnings.push_back(key.masked() +
                              " is not a published GVLK: no licensing state is written and "
                              "this image will not activate against a KMS host");
  }
  return product;
}

// Setup media take the key in Autounattend.xml, which Setup reads from the media; a
// Windows/Panther there would never be read. --windows-pe on an OS image is a usage error.
Result<bool> takes_key_in_windows_pe(ImageSession& session, const InstallKeyOptions& options) {
  Image& image = session.image();
  auto is_media = has_directory(image, "sources");
  if (!is_media) return std::move(is_media).error();
  auto is_os = has_directory(image, "Windows");
  if (!is_os) return std::move(is_os).error();
  if (options.windows_pe && (!*is_media || *is_os)) {
    return Error(
        ErrorCode::usage_invalid_argument,
        "--windows-pe writes Autounattend.xml on setup media, and " + session.describe() +
            (*is_os ? " is an installed OS image (it has Windows/)" : " has no sources/ folder"),
        session.describe(), "drop --windows-pe for an OS image, or point IMAGE at the media root");
  }
  return options.windows_pe || (*is_media && !*is_os);
}

// The key into the answer file Setup reads: Autounattend.xml's windowsPE on media, else
// specialize in Windows/Panther/unattend.xml, with a warning when another file shadows it.
Status stage_answer_file_key(ImageSession& session, const ProductKey& key,
                             const InstallKeyOptions& options, bool windows_pe,
                             InstallKeyResult& result) {
  Image& image = session.image();
  auto path = windows_pe ? media_answer_file_path(image, true)
                         : Result<ImagePath>(default_answer_file_path());
  if (!path) return std::move(path).error();
  auto edit = load_or_create(image, *path);
  if (!edit) return std::move(edit).error();
  const ArchitectureChoice architecture = choose_processor_architecture(
      options.architecture, &edit->file, session.property("WINDOWS/ARCH"));

  if (windows_pe) {
    // The answer file's own errors already name the image and the file.
    if (auto set = write_media_key(*edit, key, architecture.architecture, result); !set) {
      return set.error();
    }
  } else {
    if (auto set = write_image_key(*edit, key, architecture.architecture, result); !set) {
      return set.error();
    }
    auto search = locate_answer_files(image);
    if (!search) return std::move(search).error();
    if (auto shadow = shadowing_answer_file(*search, edit->path, "specialize")) {
      result.warnings.push_back(
          Error(ErrorCode::answer_file_shadowed,
                *shadow + " takes precedence over " + edit->path.to_string() +
                    " for the specialize pass: Setup will not see this key",
                session.describe() + ": " + *shadow,
                "install the key into that file too, or remove its specialize ProductKey")
              .to_string());
    }
  }
  result.answer_file = edit->path.to_string();
  if (edit->file.created() || edit->file.modified()) {
    if (auto written = image.write(edit->path, edit->file.bytes()); !written) {
      return written.error();
    }
    result.edits.push_back(
        FileEdit{edit->path.to_string(), edit->file.created(), edit->before, edit->file.text()});
  }
  return ok_status();
}

// The licensing state follows the key: a different product is a new installation with a new
// CMID and the full allowance of the image's release; the same one is left exactly as it is.
Status stage_licensing_state_for(ImageSession& session, const GvlkEntry& product,
                                 RandomSource& random, InstallKeyResult& result) {
  Image& image = session.image();
  auto state = read_licensing_state(image);
  if (!state) return std::move(state).error();
  if (*state && (*state)->product_id == product.product_id) return ok_status();
  auto build = installation_build(session);
  if (!build) return std::move(build).error();
  const LicensingState fresh = fresh_licensing_state(product, random, {}, *build);
  const std::string before = *state ? serialize_licensing_state(**state) : std::string();
  if (auto staged = stage_licensing_state(image, fresh); !staged) return staged.error();
  result.state_created = true;
  result.edits.push_back(FileEdit{std::string(kLicensingStatePath), !*state, before,
                                  serialize_licensing_state(fresh)});
  return ok_status();
}

}  // namespace

Result<InstallKeyResult> install_key(ImageSession& session, const ProductKey& key,
                                     const InstallKeyOptions& options, RandomSource& random) {
  InstallKeyResult result;
  result.image = session.describe();
  result.partial_key = key.partial();
  auto product = checked_product(session, key, options, result);
  if (!product) return std::move(product).error();
  auto windows_pe = takes_key_in_windows_pe(session, options);
  if (!windows_pe) return std::move(windows_pe).error();
  if (auto staged = stage_answer_file_key(session, key, options, *windows_pe, result); !staged) {
    return staged.error();
  }
  if (*product && !*windows_pe) {
    if (auto staged = stage_licensing_state_for(session, **product, random, result); !staged) {
      return staged.error();
    }
  }

  if (options.dry_run || result.edits.empty()) return result;
  auto committed = session.image().commit();
  if (!committed) return std::move(committed).error();
  result.committed = committed->wrote;
  return result;
}

}  // namespace kmsprep
