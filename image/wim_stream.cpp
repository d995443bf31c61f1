#include "image/wim_stream.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <thread>
#include <vector>

namespace kmsprep {
namespace {

// Standard output pointed at `fd` for the lifetime of the object, then put back (or closed
// again, when it was closed before).
class StdoutRedirection {
 public:
  explicit StdoutRedirection(int fd) {
    std::fflush(stdout);
    saved_ = ::fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
    redirected_ = ::dup2(fd, STDOUT_FILENO) == STDOUT_FILENO;
  }
  StdoutRedirection(const StdoutRedirection&) = delete;
  StdoutRedirection& operator=(const StdoutRedirection&) = delete;
  ~StdoutRedirection() {
    if (!redirected_) return;
    std::fflush(stdout);
    if (saved_ >= 0) {
      ::dup2(saved_, STDOUT_FILENO);
      ::close(saved_);
    } else {
      ::close(STDOUT_FILENO);
    }
  }
  bool redirected() const { return redirected_; }

 private:
  int saved_ = -1;
  bool redirected_ = false;
};

int extract_to_stdout(WIMStruct* wim, int index, const std::string& wim_path) {
  const char* paths[] = {wim_path.c_str()};
  // The target directory is unused with TO_STDOUT but must not be empty.
  return wimlib_extract_paths(wim, index, ".", paths, 1,
                              WIMLIB_EXTRACT_FLAG_TO_STDOUT | WIMLIB_EXTRACT_FLAG_NO_ACLS);
}

}  // namespace

WimStreamOutcome extract_wim_file_to(WIMStruct* wim, int index, const std::string& wim_path,
                                     ByteSink& sink) {
  WimStreamOutcome outcome;
  if (sink.fd() == STDOUT_FILENO) {
    std::fflush(stdout);
    errno = 0;
    outcome.wimlib_code = extract_to_stdout(wim, index, wim_path);
    return outcome;
  }
  if (sink.fd() >= 0) {
    StdoutRedirection redirection(sink.fd());
    if (!redirection.redirected()) {
      outcome.sink = Error::io("cannot direct the extraction", wim_path, errno);
      return outcome;
    }
    errno = 0;
    outcome.wimlib_code = extract_to_stdout(wim, index, wim_path);
    return outcome;
  }
  int pipe_ends[2];
  if (::pipe2(pipe_ends, O_CLOEXEC) != 0) {
    outcome.sink = Error::io("cannot create a pipe for the extraction", wim_path, errno);
    return outcome;
  }
  // Bigger pieces per wake-up; the default 64 KiB works too.
  ::fcntl(pipe_ends[1], F_SETPIPE_SZ, 1 << 20);
  Status drained = ok_status();
  std::thread drain([&drained, &sink, read_end = pipe_ends[0]] {
    std::vector<char> buffer(1 << 20);
    for (;;) {
      const ssize_t got = ::read(read_end, buffer.data(), buffer.size());
      if (got < 0 && errno == EINTR) continue;
      if (got <= 0) break;
      // After a failure keep reading, so that wimlib never blocks on a full pipe.
      if (drained) drained = sink.write(buffer.data(), static_cast<size_t>(got));
    }
  });
  {
    StdoutRedirection redirection(pipe_ends[1]);
    ::close(pipe_ends[1]);  // standard output holds the write end now
    if (redirection.redirected()) {
      errno = 0;
      outcome.wimlib_code = extract_to_stdout(wim, index, wim_path);
    } else {
      outcome.sink = Error::io("cannot direct the extraction", wim_path, errno);
    }
  }  // standard output is back: the pipe's last write end is closed, the drain sees its end
  drain.join();
  ::close(pipe_ends[0]);
  if (outcome.sink) outcome.sink = std::move(drained);
  return outcome;
}

}  // namespace kmsprep
