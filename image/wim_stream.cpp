#include "image/wim_stream.hpp"

#include <cerrno>
#include <cstdio>
#include <thread>
#include <vector>

#include "core/file_system.hpp"
#include "core/stdout_redirection.hpp"
#include "image/wim_text.hpp"

namespace kmsprep {
namespace {

int extract_to_stdout(WIMStruct* wim, int index, const std::string& wim_path) {
  const WimText path = to_wim_text(wim_path);
  const wimlib_tchar* paths[] = {path.c_str()};
  // The target directory is unused with TO_STDOUT but must not be empty.
  return wimlib_extract_paths(wim, index, to_wim_text(".").c_str(), paths, 1,
                              WIMLIB_EXTRACT_FLAG_TO_STDOUT | WIMLIB_EXTRACT_FLAG_NO_ACLS);
}

}  // namespace

WimStreamOutcome extract_wim_file_to(WIMStruct* wim, int index, const std::string& wim_path,
                                     ByteSink& sink) {
  WimStreamOutcome outcome;
  if (sink.fd() == kStandardOutput) {
    BinaryStdout binary;
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
  if (const int error = open_private_pipe(pipe_ends, 1 << 20)) {
    outcome.sink = Error::io("cannot create a pipe for the extraction", wim_path, error);
    return outcome;
  }
  Status drained = ok_status();
  std::thread drain([&drained, &sink, read_end = pipe_ends[0]] {
    std::vector<char> buffer(1 << 20);
    for (;;) {
      const int64_t got = read_some(read_end, buffer.data(), buffer.size());
      if (got < 0 && errno == EINTR) continue;
      if (got <= 0) break;
      // After a failure keep reading, so that wimlib never blocks on a full pipe.
      if (drained) drained = sink.write(buffer.data(), static_cast<size_t>(got));
    }
  });
  {
    StdoutRedirection redirection(pipe_ends[1]);
    close_file(pipe_ends[1]);  // standard output holds the write end now
    if (redirection.redirected()) {
      errno = 0;
      outcome.wimlib_code = extract_to_stdout(wim, index, wim_path);
    } else {
      outcome.sink = Error::io("cannot direct the extraction", wim_path, errno);
    }
  }  // standard output is back: the pipe's last write end is closed, the drain sees its end
  drain.join();
  close_file(pipe_ends[0]);
  if (outcome.sink) outcome.sink = std::move(drained);
  return outcome;
}

}  // namespace kmsprep
