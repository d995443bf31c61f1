#include <windows.h>
// After windows.h, which they need.
#include <aclapi.h>
#include <sddl.h>

#include <memory>
#include <vector>

#include "core/text.hpp"
#include "core/text_decoding.hpp"
#include "core/utf8_path.hpp"
#include "core/win32_error.hpp"
#include "plugin/plugin_file.hpp"

namespace kmsprep {
namespace {

// Groups so broad that a right granted to them is granted to anyone who can log on: the
// Windows counterpart of a group- or world-writable file.
struct BroadGroup {
  WELL_KNOWN_SID_TYPE type;
  const char* name;
};
constexpr BroadGroup kBroadGroups[] = {
    {WinWorldSid, "Everyone"},       {WinAuthenticatedUserSid, "Authenticated Users"},
    {WinBuiltinUsersSid, "Users"},   {WinInteractiveSid, "INTERACTIVE"},
    {WinBuiltinGuestsSid, "Guests"}, {WinAnonymousSid, "ANONYMOUS LOGON"},
};

// What lets a holder replace the library or what it loads: writing or appending data (adding
// entries, for a directory), deleting it or its entries, changing its ACL or owner.
constexpr ACCESS_MASK kChangeRights = FILE_WRITE_DATA | FILE_APPEND_DATA | FILE_DELETE_CHILD |
                                      DELETE | WRITE_DAC | WRITE_OWNER | GENERIC_WRITE |
                                      GENERIC_ALL;

// Owned by Windows itself (what System32 belongs to).
constexpr const wchar_t* kTrustedInstallerSid =
    L"S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464";

struct LocalFreeDeleter {
  void operator()(void* memory) const { LocalFree(memory); }
};

std::string utf8_of(const std::wstring& wide) {
  return utf16_units_to_utf8(std::u16string(wide.begin(), wide.end()));
}

// "DOMAIN\user (S-1-5-21-...)", or the SID alone when it has no account name.
std::string account_text(PSID sid) {
  std::string text = "an unknown account";
  wchar_t* sid_string = nullptr;
  if (ConvertSidToStringSidW(sid, &sid_string)) {
    text = utf8_of(sid_string);
    LocalFree(sid_string);
  }
  wchar_t name[256];
  wchar_t domain[256];
  DWORD name_size = 256;
  DWORD domain_size = 256;
  SID_NAME_USE use;
  if (LookupAccountSidW(nullptr, sid, name, &name_size, domain, &domain_size, &use)) {
    const std::wstring account = domain_size ? std::wstring(domain) + L"\\" + name : name;
    text = utf8_of(account) + " (" + text + ")";
  }
  return text;
}

// The user the process runs as (its token's user SID), empty when it cannot be read.
std::vector<BYTE> current_user_sid() {
  HANDLE token = nullptr;
  if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token)) return {};
  DWORD size = 0;
  GetTokenInformation(token, TokenUser, nullptr, 0, &size);
  std::vector<BYTE> buffer(size);
  const bool read = size && GetTokenInformation(token, TokenUser, buffer.data(), size, &size);
  CloseHandle(token);
  if (!read) return {};
  const PSID sid = reinterpret_cast<TOKEN_USER*>(buffer.data())->User.Sid;
  std::vector<BYTE> copy(GetLengthSid(sid));
  CopySid(static_cast<DWORD>(copy.size()), copy.data(), sid);
  return copy;
}

// The current user, Administrators (the default owner of what an elevated administrator
// creates), SYSTEM and TrustedInstaller: what "you or root" is on Linux.
bool is_trusted_owner(PSID owner) {
  static const std::vector<BYTE> user = current_user_sid();
  if (!user.empty() && EqualSid(owner, const_cast<BYTE*>(user.data()))) return true;
  if (IsWellKnownSid(owner, WinBuiltinAdministratorsSid) ||
      IsWellKnownSid(owner, WinLocalSystemSid)) {
    return true;
  }
  PSID trusted_installer = nullptr;
  if (!ConvertStringSidToSidW(kTrustedInstallerSid, &trusted_installer)) return false;
  const bool same = EqualSid(owner, trusted_installer);
  LocalFree(trusted_installer);
  return same;
}

// The broad group that an entry of `acl` allows to change the file, or null. Entries that
// only pass on to children (INHERIT_ONLY_ACE) do not apply to the file itself. A deny entry
// before it is not weighed: such a grant is refused all the same.
const char* group_allowed_to_change(PACL acl) {
  for (DWORD i = 0; i < acl->AceCount; ++i) {
    void* entry = nullptr;
    if (!GetAce(acl, i, &entry)) continue;
    const auto* header = static_cast<const ACE_HEADER*>(entry);
    if (header->AceType != ACCESS_ALLOWED_ACE_TYPE || (header->AceFlags & INHERIT_ONLY_ACE)) {
      continue;
    }
    auto* allowed = static_cast<ACCESS_ALLOWED_ACE*>(entry);
    if (!(allowed->Mask & kChangeRights)) continue;
    const PSID sid = &allowed->SidStart;
    for (const BroadGroup& group : kBroadGroups) {
      if (IsWellKnownSid(sid, group.type)) return group.name;
    }
  }
  return nullptr;
}

}  // namespace

const char* plugin_library_extension() { return ".dll"; }

bool is_plugin_library_name(const std::filesystem::path& name) {
  return equals_ignoring_case(utf8_string(name.extension()), plugin_library_extension());
}

char plugin_path_separator() { return ';'; }

// GetNamedSecurityInfoW opens the path as CreateFileW does, so a symbolic link is judged by its
// target, as on Linux.
Status check_plugin_location(const std::string& path, const char* what) {
  PSID owner = nullptr;
  PACL acl = nullptr;
  PSECURITY_DESCRIPTOR descriptor = nullptr;
  std::wstring name = utf8_path(path).wstring();
  const DWORD result = GetNamedSecurityInfoW(name.data(), SE_FILE_OBJECT,
                                             OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION,
                                             &owner, nullptr, &acl, nullptr, &descriptor);
  if (result != ERROR_SUCCESS) {
    return Error::io(std::string("cannot examine the plugin ") + what, path,
                     errno_from_win32(result));
  }
  const std::unique_ptr<void, LocalFreeDeleter> release(descriptor);
  if (!owner || !is_trusted_owner(owner)) {
    return Error(ErrorCode::plugin_location_unsafe,
                 std::string("the ") + what + " belongs to " +
                     (owner ? account_text(owner) : std::string("no account")) +
                     ", neither you, Administrators nor SYSTEM",
                 path, "only load plugins you or an administrator own");
  }
  // No DACL at all grants every right to everyone.
  const char* group = acl ? group_allowed_to_change(acl) : "Everyone";
  if (group) {
    return Error(ErrorCode::plugin_location_unsafe,
                 std::string("the ") + what + " can be changed by " + group +
                     " (its access control list allows it)",
                 path,
                 std::string("remove that write access (Properties, Security; or icacls) if you "
                             "trust the ") +
                     what);
  }
  return ok_status();
}

}  // namespace kmsprep
