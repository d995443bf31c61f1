#include "image/udf_image.hpp"

#include <filesystem>

#include "core/file_system.hpp"
#include "core/text.hpp"
#include "core/utf8_path.hpp"
#include "image/udfread_library.hpp"

namespace kmsprep {
namespace {

struct UdfCloser {
  void operator()(udfread* udf) const { libudfread().udfread_close(udf); }
};
struct DirCloser {
  void operator()(UDFDIR* dir) const { libudfread().udfread_closedir(dir); }
};
struct FileCloser {
  void operator()(UDFFILE* file) const { libudfread().udfread_file_close(file); }
};
using UdfHandle = std::unique_ptr<udfread, UdfCloser>;
using UdfDir = std::unique_ptr<UDFDIR, DirCloser>;
using UdfFile = std::unique_ptr<UDFFILE, FileCloser>;

bool is_self_or_parent(const char* name) {
  return std::string_view(name) == "." || std::string_view(name) == "..";
}

constexpr uint64_t kSectorSize = 2048;

// A UDF volume is found through an anchor volume descriptor pointer (descriptor tag 2, with a
// valid tag checksum) at sector 256, at the last sector or 256 sectors before it (ECMA-167
// 3/8.4.2.1).
bool has_anchor(const std::string& path) {
  const int fd = open_file(utf8_path(path), kOpenRead);
  if (fd < 0) return false;
  FileStatus info;
  const uint64_t sectors = status_of(fd, info) == 0 ? info.size / kSectorSize : 0;
  bool found = false;
  for (uint64_t sector : {uint64_t{256}, sectors - 1, sectors - 256}) {
    if (found || sector < 256 || sector >= sectors) continue;
    unsigned char tag[16];
    if (read_some_at(fd, tag, sizeof tag, sector * kSectorSize) != sizeof tag) continue;
    unsigned checksum = 0;
    for (int i = 0; i < 16; ++i) checksum += i == 4 ? 0 : tag[i];
    found = tag[0] == 2 && tag[1] == 0 && (checksum & 0xff) == tag[4];
  }
  close_file(fd);
  return found;
}

class UdfImage final : public Image {
 public:
  UdfImage(std::string path, UdfHandle udf, std::string write_refusal)
      : Image(std::move(path)), udf_(std::move(udf)), write_refusal_(std::move(write_refusal)) {}

  std::string format_name() const override { return "udf"; }

  Capabilities capabilities() const override {
    Capabilities caps;
    caps.write = false;
    caps.write_refusal = write_refusal_;
    return caps;
  }

 protected:
  Result<std::optional<EntryInfo>> stat_original(const ImagePath& path) override {
    auto resolved = resolve(path);
    if (!resolved) return std::move(resolved).error();
    if (!*resolved) return std::optional<EntryInfo>();
    EntryInfo info{(*resolved)->spelled, (*resolved)->type, 0};
    if (info.type == EntryType::file) {
      UdfFile file(libudfread().udfread_file_open(udf_.get(), (*resolved)->udf_path.c_str()));
      if (!file) return unreadable(path);
      info.size =
          static_cast<uint64_t>(std::max<int64_t>(0, libudfread().udfread_file_size(file.get())));
    }
    return std::optional<EntryInfo>(std::move(info));
  }

  Result<std::vector<EntryInfo>> list_original(const ImagePath& directory) override {
    auto resolved = resolve(directory);
    if (!resolved) return std::move(resolved).error();
    std::vector<EntryInfo> entries;
    if (!*resolved || (*resolved)->type != EntryType::directory) return entries;
    UdfDir dir(libudfread().udfread_opendir(udf_.get(), (*resolved)->udf_path.c_str()));
    if (!dir) return unreadable(directory);
    udfread_dirent dirent{};
    while (libudfread().udfread_readdir(dir.get(), &dirent)) {
      if (!dirent.d_name || is_self_or_parent(dirent.d_name)) continue;
      EntryInfo info{(*resolved)->spelled.child(dirent.d_name),
                     dirent.d_type == UDF_DT_DIR ? EntryType::directory : EntryType::file, 0};
      if (info.type == EntryType::file) {
        UdfFile file(libudfread().udfread_file_openat(dir.get(), dirent.d_name));
        if (file)
          info.size = static_cast<uint64_t>(
              std::max<int64_t>(0, libudfread().udfread_file_size(file.get())));
      }
      entries.push_back(std::move(info));
    }
    return entries;
  }

  Result<std::string> read_original(const ImagePath& path, uint64_t max_bytes) override {
    auto resolved = resolve(path);
    if (!resolved) return std::move(resolved).error();
    if (!*resolved) {
      return Error(ErrorCode::path_not_in_image, path.to_string() + " is not on the disc", source(),
                   "run `kmsprep image info` to see what the image holds");
    }
    if ((*resolved)->type == EntryType::directory) {
      return Error(ErrorCode::path_is_directory, path.to_string() + " is a directory", source());
    }
    UdfFile file(libudfread().udfread_file_open(udf_.get(), (*resolved)->udf_path.c_str()));
    if (!file) return unreadable(path);
    const int64_t size = libudfread().udfread_file_size(file.get());
    if (size > 0 && static_cast<uint64_t>(size) > max_bytes) {
      return image_file_too_large((*resolved)->spelled, static_cast<uint64_t>(size), max_bytes,
                                  source());
    }
    std::string content;
    content.reserve(static_cast<size_t>(std::max<int64_t>(0, size)));
    std::string buffer(1 << 20, '\0');
    for (;;) {
      const ssize_t got = libudfread().udfread_file_read(file.get(), buffer.data(), buffer.size());
      if (got < 0) return unreadable(path);
      if (got == 0) break;
      if (content.size() + static_cast<size_t>(got) > max_bytes) {
        return image_file_too_large((*resolved)->spelled, content.size() + got, max_bytes,
                                    source());
      }
      content.append(buffer.data(), static_cast<size_t>(got));
    }
    if (size >= 0 && content.size() != static_cast<uint64_t>(size)) return unreadable(path);
    return content;
  }

  Status commit_changes(const std::vector<StagedChange>&,
                        const std::map<std::string, std::string>&) override {
    return Error(ErrorCode::image_write_unsupported, "UDF discs are read-only", source(),
                 write_refusal_);
  }

 private:
  struct Resolved {
    std::string udf_path;  // as libudfread names it, exact case
    ImagePath spelled;
    EntryType type = EntryType::directory;
  };

  Error unreadable(const ImagePath& path) const {
    return Error(ErrorCode::image_corrupt,
                 "the UDF volume cannot be read at " + (path.is_root() ? "/" : path.to_string()),
                 source(), "check that the ISO is complete (re-copy it)");
  }

  // libudfread looks names up case-sensitively; Windows media are matched ignoring case, so
  // walk each directory and prefer an exact match over a case-insensitive one.
  Result<std::optional<Resolved>> resolve(const ImagePath& path) const {
    Resolved current{"/", ImagePath(), EntryType::directory};
    for (const auto& component : path.components()) {
      if (current.type != EntryType::directory) return std::optional<Resolved>();
      UdfDir dir(libudfread().udfread_opendir(udf_.get(), current.udf_path.c_str()));
      if (!dir) return unreadable(current.spelled);
      std::optional<std::pair<std::string, unsigned>> match;
      udfread_dirent dirent{};
      while (libudfread().udfread_readdir(dir.get(), &dirent)) {
        if (!dirent.d_name || is_self_or_parent(dirent.d_name)) continue;
        if (component == dirent.d_name) {
          match.emplace(dirent.d_name, dirent.d_type);
          break;
        }
        if (!match && equals_ignoring_case(component, dirent.d_name)) {
          match.emplace(dirent.d_name, dirent.d_type);
        }
      }
      if (!match) return std::optional<Resolved>();
      current.udf_path += (current.udf_path.size() > 1 ? "/" : "") + match->first;
      current.spelled = current.spelled.child(match->first);
      current.type = match->second == UDF_DT_DIR ? EntryType::directory : EntryType::file;
    }
    return std::optional<Resolved>(std::move(current));
  }

  UdfHandle udf_;
  std::string write_refusal_;
};

}  // namespace

Result<std::unique_ptr<Image>> open_udf_image(const std::string& path, std::string write_refusal) {
  const auto unreadable = [&](const std::string& why) {
    return Error(ErrorCode::udf_volume_missing, "the ISO announces a UDF volume, but " + why, path,
                 "Windows install media keep their files on UDF; check that the ISO is complete "
                 "(re-copy or re-download it), or extract it on a system that reads it and pass "
                 "the directory");
  };
  // libudfread prints its own error on stderr when it finds no anchor; look first.
  if (!has_anchor(path)) return unreadable("it has no anchor volume descriptor pointer");
  if (auto library = load_udfread_library(); !library) return std::move(library).error();
  UdfHandle udf(libudfread().udfread_init());
  if (!udf) return Error(ErrorCode::internal, "libudfread could not allocate a reader", path);
  if (libudfread().udfread_open(udf.get(), path.c_str()) != 0)
    return unreadable("libudfread cannot read it");
  return std::unique_ptr<Image>(new UdfImage(path, std::move(udf), std::move(write_refusal)));
}

}  // namespace kmsprep
