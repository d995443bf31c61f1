// The Windows entry point (wmain, linked with -municode): the command line arrives in UTF-16
// and is turned into UTF-8 once, here; everything after it sees the same UTF-8 strings as on
// Linux. Standard input and output carry the same bytes as on Linux too.
#include <fcntl.h>
#include <io.h>
#include <windows.h>

#include <cstdio>
#include <iostream>

#include "cli/main.hpp"
#include "core/text_decoding.hpp"

namespace {

// The C runtime's text mode would turn "\n" into "\r\n" in every line and in the bytes
// `kmsprep image cat` streams out, and read "\r\n" back as "\n".
void use_binary_standard_streams() {
  _setmode(_fileno(stdin), _O_BINARY);
  _setmode(_fileno(stdout), _O_BINARY);
  _setmode(_fileno(stderr), _O_BINARY);
}

}  // namespace

int wmain(int argc, wchar_t** argv) {
  // A missing disk or medium is an error kmsprep reports, never a dialog box: inside a task
  // sequence nobody would answer it.
  SetErrorMode(SEM_FAILCRITICALERRORS);
  use_binary_standard_streams();
  // kmsprep writes UTF-8; a console shows it as such only in code page 65001. The console's
  // code page outlives the process, so the one the user had is put back. 0: no console.
  const UINT console_code_page = GetConsoleOutputCP();
  if (console_code_page != 0) SetConsoleOutputCP(CP_UTF8);
  std::vector<std::string> arguments;
  for (int i = 1; i < argc; ++i) {
    const std::wstring_view argument = argv[i];
    arguments.push_back(
        kmsprep::utf16_units_to_utf8(std::u16string(argument.begin(), argument.end())));
  }
  const int exit_code = kmsprep::run_main(arguments);
  if (console_code_page != 0) {
    std::cout.flush();
    std::cerr.flush();
    std::fflush(nullptr);
    SetConsoleOutputCP(console_code_page);
  }
  return exit_code;
}
