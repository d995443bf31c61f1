#include "core/exit_status.hpp"

namespace kmsprep {

// POSIX keeps only the low 8 bits of an exit status; 194 is 3010 mod 256, stated rather than
// left to truncation so that every caller and test sees the same number.
int reboot_required_exit_code() { return 194; }

}  // namespace kmsprep
