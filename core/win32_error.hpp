// The one place Win32 error codes become errno values, for the Windows side of the platform
// units (core/*_windows.cpp): the rest of kmsprep words errors from errno values on every
// platform. What has no close errno is EIO.
#pragma once

namespace kmsprep {

int errno_from_win32(unsigned long error);
int last_win32_errno();  // errno_from_win32(GetLastError())

}  // namespace kmsprep
