// The Windows side of the test helpers: temporary directories under GetTempPathW, programs
// started with CreateProcessW (no shell: the command line is quoted as the C runtime parses
// it) with stdin, stdout and stderr redirected to files, and waited for.
#include <windows.h>

#include <filesystem>
#include <random>
#include <stdexcept>

#include "tests/support/test_support.hpp"

namespace kmsprep::test {

namespace fs = std::filesystem;

namespace {

// UTF-8 to UTF-16: std::filesystem's u8path decodes it (a plain path from a std::string would
// take the bytes as the ANSI code page).
std::wstring wide(const std::string& utf8) { return std::filesystem::u8path(utf8).wstring(); }

// One argument as CommandLineToArgvW and the C runtime read it back.
std::wstring quoted(const std::wstring& argument) {
  if (!argument.empty() && argument.find_first_of(L" \t\n\v\"") == std::wstring::npos) {
    return argument;
  }
  std::wstring text = L"\"";
  size_t backslashes = 0;
  for (wchar_t c : argument) {
    if (c == L'\\') {
      ++backslashes;
      continue;
    }
    text.append(c == L'"' ? 2 * backslashes + 1 : backslashes, L'\\');
    backslashes = 0;
    text += c;
  }
  text.append(2 * backslashes, L'\\');
  return text + L"\"";
}

HANDLE inheritable_file(const fs::path& path, bool writing) {
  SECURITY_ATTRIBUTES inherit{sizeof inherit, nullptr, TRUE};
  return CreateFileW(path.wstring().c_str(), writing ? GENERIC_WRITE : GENERIC_READ,
                     FILE_SHARE_READ | FILE_SHARE_WRITE, &inherit,
                     writing ? CREATE_ALWAYS : OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, nullptr);
}

// The current environment with `overrides` (NAME=VALUE) replacing variables of the same name,
// as the block CreateProcessW takes (sorted is not required for a Unicode block).
std::wstring environment_block(const std::vector<std::string>& overrides) {
  auto name_of = [](const std::wstring& entry) { return entry.substr(0, entry.find(L'=', 1)); };
  std::vector<std::wstring> entries;
  wchar_t* inherited = GetEnvironmentStringsW();
  for (const wchar_t* entry = inherited; *entry; entry += wcslen(entry) + 1) {
    const std::wstring text = entry;
    bool overridden = false;
    for (const auto& override_entry : overrides) {
      overridden =
          overridden || _wcsicmp(name_of(wide(override_entry)).c_str(), name_of(text).c_str()) == 0;
    }
    if (!overridden) entries.push_back(text);
  }
  FreeEnvironmentStringsW(inherited);
  for (const auto& entry : overrides) entries.push_back(wide(entry));
  std::wstring block;
  for (const auto& entry : entries) block += entry + L'\0';
  return block + L'\0';
}

}  // namespace

TempDir::TempDir() {
  wchar_t base[MAX_PATH + 1] = {};
  if (GetTempPathW(MAX_PATH + 1, base) == 0) throw std::runtime_error("GetTempPathW failed");
  std::random_device random;
  for (int attempt = 0; attempt < 100; ++attempt) {
    const fs::path candidate = fs::path(base) / ("kmsprep-test-" + std::to_string(random()));
    if (CreateDirectoryW(candidate.wstring().c_str(), nullptr)) {
      path_ = candidate;
      return;
    }
  }
  throw std::runtime_error("cannot create a temporary directory");
}

ProgramResult run_program(const std::vector<std::string>& argv, const std::string& input,
                          const std::vector<std::string>& environment) {
  TempDir scratch;
  write_bytes(scratch / "stdin", input);
  STARTUPINFOW startup{};
  startup.cb = sizeof startup;
  startup.dwFlags = STARTF_USESTDHANDLES;
  startup.hStdInput = inheritable_file(scratch / "stdin", false);
  startup.hStdOutput = inheritable_file(scratch / "stdout", true);
  startup.hStdError = inheritable_file(scratch / "stderr", true);
  std::wstring command_line;
  for (const auto& argument : argv) {
    command_line += (command_line.empty() ? L"" : L" ") + quoted(wide(argument));
  }
  std::wstring block = environment_block(environment);
  PROCESS_INFORMATION process{};
  const BOOL started =
      CreateProcessW(nullptr, command_line.data(), nullptr, nullptr, TRUE,
                     CREATE_UNICODE_ENVIRONMENT, block.data(), nullptr, &startup, &process);
  CloseHandle(startup.hStdInput);
  CloseHandle(startup.hStdOutput);
  CloseHandle(startup.hStdError);
  ProgramResult result;
  if (!started) return result;
  WaitForSingleObject(process.hProcess, INFINITE);
  DWORD code = 0;
  if (GetExitCodeProcess(process.hProcess, &code)) result.exit_code = static_cast<int>(code);
  CloseHandle(process.hThread);
  CloseHandle(process.hProcess);
  result.out = read_bytes(scratch / "stdout");
  result.err = read_bytes(scratch / "stderr");
  return result;
}

bool program_exists(const std::string& name) {
  wchar_t found[MAX_PATH + 1] = {};
  return SearchPathW(nullptr, wide(name).c_str(), L".exe", MAX_PATH + 1, found, nullptr) != 0;
}

// strace is a Linux tool: the tests that need it are skipped on Windows.
bool strace_works() { return false; }

const char* c_library_name() { return "msvcrt.dll"; }

}  // namespace kmsprep::test
