// Standard output pointed at another descriptor for a while, for libraries that write only to
// standard output (wimlib's extraction of one file, image/wim_stream.cpp), and the private pipe
// such output is drained through. Linux: fcntl(F_DUPFD_CLOEXEC), dup2, pipe2
// (stdout_redirection_posix.cpp). Windows: the C runtime's _dup, _dup2 and _pipe, with standard
// output in binary mode while redirected, or the runtime would write \r\n for every \n
// (stdout_redirection_windows.cpp).
#pragma once

namespace kmsprep {

constexpr int kStandardOutput = 1;

// Standard output is `fd` for the lifetime of the object, then is put back (or closed again, when
// it was closed before). C stdio's buffer is flushed at both ends.
class StdoutRedirection {
 public:
  explicit StdoutRedirection(int fd);
  StdoutRedirection(const StdoutRedirection&) = delete;
  StdoutRedirection& operator=(const StdoutRedirection&) = delete;
  ~StdoutRedirection();
  bool redirected() const { return redirected_; }  // false: errno says why

 private:
  int saved_ = -1;  // a copy of standard output, which keeps its translation mode
  bool redirected_ = false;
};

// Standard output itself written in binary for the lifetime of the object (Windows; Linux has
// no text mode), for raw bytes written straight to it. C stdio's buffer is flushed first.
class BinaryStdout {
 public:
  BinaryStdout();
  BinaryStdout(const BinaryStdout&) = delete;
  BinaryStdout& operator=(const BinaryStdout&) = delete;
  ~BinaryStdout();

 private:
  int saved_mode_ = 0;
};

// A pipe private to the process (not inherited by child processes): ends[0] reads, ends[1]
// writes. 0, or the errno. `capacity` is a wish: Linux may refuse it, the default works too.
int open_private_pipe(int ends[2], int capacity);

}  // namespace kmsprep
