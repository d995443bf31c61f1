// Fuzz target: an image file (WIM, tar, zip, cpio, 7z, ISO: whatever open_image detects by
// content) written to an in-memory file and opened by the image layer the way every command
// opens one: properties, a bounded walk of the tree with stat and list, and a capped read of
// every file met. A read never returns more than the cap it was given.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "image/image.hpp"
#include "tests/fuzz/fuzz_checks.hpp"

using namespace kmsprep;

namespace {

constexpr uint64_t kReadCap = 1024 * 1024;
constexpr int kMaxDepth = 8;
constexpr int kMaxEntries = 256;

// One memory file for the whole run, refilled with each input; open_image sees it through
// /proc/self/fd like any path.
const std::string& memory_file_path(int* fd_out) {
  static int fd = -1;
  static std::string path;
  if (fd < 0) {
    fd = memfd_create("kmsprep-fuzz-image", MFD_CLOEXEC);
    if (fd < 0) fuzz::fail("memfd_create failed");
    path = "/proc/self/fd/" + std::to_string(fd);
  }
  *fd_out = fd;
  return path;
}

bool refill(int fd, const uint8_t* data, size_t size) {
  if (ftruncate(fd, 0) != 0) return false;
  size_t done = 0;
  while (done < size) {
    const ssize_t n = pwrite(fd, data + done, size - done, static_cast<off_t>(done));
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

// Environment failures are the machine's (a missing libarchive, /dev/shm full), not the input's.
void expect_refusal(const Error& error) {
  fuzz::expect(error.kind() == ErrorKind::bad_input || error.kind() == ErrorKind::environment,
               "an image read failed with a usage or check error: " + error.to_string());
  fuzz::expect(error.code() != ErrorCode::internal, "an internal error: " + error.to_string());
}

void walk(Image& image, const ImagePath& directory, int depth, int& budget) {
  auto entries = image.list(directory);
  if (!entries) {
    expect_refusal(entries.error());
    return;
  }
  for (const EntryInfo& entry : *entries) {
    if (--budget < 0) return;
    auto info = image.stat(entry.path);
    if (!info) expect_refusal(info.error());
    if (entry.type == EntryType::directory && depth < kMaxDepth) {
      walk(image, entry.path, depth + 1, budget);
    } else if (entry.type == EntryType::file) {
      auto bytes = image.read(entry.path, kReadCap);
      if (bytes) {
        fuzz::expect(bytes->size() <= kReadCap, "a read returned more than its cap");
      } else {
        expect_refusal(bytes.error());
      }
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  int fd = -1;
  const std::string& path = memory_file_path(&fd);
  if (!refill(fd, data, size)) fuzz::fail("cannot write the memory file");

  OpenOptions options;
  auto image = open_image(path, options);
  if (!image) {
    expect_refusal(image.error());
    return 0;
  }
  (*image)->format_name();
  (*image)->capabilities();
  if (auto properties = (*image)->properties(); !properties) expect_refusal(properties.error());
  int budget = kMaxEntries;
  walk(**image, ImagePath(), 0, budget);
  for (const char* known : {"Windows/Panther/unattend.xml", "Windows/System32/config/SOFTWARE"}) {
    auto known_path = ImagePath::parse(known);
    auto bytes = (*image)->read(*known_path, kTextFileReadLimit);
    if (!bytes) expect_refusal(bytes.error());
  }
  return 0;
}
