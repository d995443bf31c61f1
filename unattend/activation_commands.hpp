// The command lines kmsprep writes to point a client at a KMS host (there is no answer-file
// setting for it, kms-facts §5) and to allow standard-user activation, and the recognisers
// that find such commands again in answer files and SetupComplete.cmd. Callers: unattend/,
// servicing/ (configure, setup_complete), cli/.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/os_family.hpp"

namespace kmsprep {

// Descriptions that mark kmsprep's RunSynchronousCommand items; later runs replace the item
// that carries the same description.
inline constexpr const char* kKmsHostCommandDescription = "kmsprep: KMS host (slmgr)";
inline constexpr const char* kUserOperationsCommandDescription =
    "kmsprep: standard-user activation (UserOperations)";

// cscript //B %WINDIR%\System32\slmgr.vbs /skms HOST:PORT
std::string slmgr_set_kms_host_command(const std::string& host_and_port);
// cscript //B %WINDIR%\System32\slmgr.vbs /ckms
std::string slmgr_clear_kms_host_command();
// reg add "<licensing key of the family>" /v UserOperations /t REG_DWORD /d 1 /f
std::string user_operations_command(OsFamily family);

struct SlmgrKmsCommand {
  bool clear = false;         // /ckms: back to DNS auto-discovery
  std::string host_and_port;  // the /skms argument as written
};
// Recognises an slmgr /skms or /ckms invocation in a command line (any letter case, / or -).
std::optional<SlmgrKmsCommand> parse_slmgr_kms_command(std::string_view command_line);
// Recognises a reg add of UserOperations with data 1.
bool is_user_operations_command(std::string_view command_line);

}  // namespace kmsprep
