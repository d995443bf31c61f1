#include "core/exit_status.hpp"

namespace kmsprep {

// ERROR_SUCCESS_REBOOT_REQUIRED: MDT and ConfigMgr treat it as success with a reboot (it is in
// every step's default successCodeList "0 3010").
int reboot_required_exit_code() { return 3010; }

}  // namespace kmsprep
