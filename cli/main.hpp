// The body of kmsprep's main, the same on every platform. main_posix.cpp's main and
// main_windows.cpp's wmain (which first turns the UTF-16 command line into UTF-8 and sets up
// the console) call it with the arguments after the program's name, in UTF-8.
#pragma once

#include <string>
#include <vector>

namespace kmsprep {

// Runs the command the arguments name; the process's exit code. Nothing escapes it: an
// unexpected exception is reported as an internal error (exit 4).
int run_main(const std::vector<std::string>& arguments);

}  // namespace kmsprep
