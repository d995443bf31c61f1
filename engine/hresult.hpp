// HRESULTs the engine reports (kms-facts §3, §9) and their one written form: `0x` followed by
// eight upper-case hex digits. Any module that shows an activation outcome uses these.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kmsprep {

using Hresult = uint32_t;

namespace hresult {
constexpr Hresult success = 0x00000000;
constexpr Hresult count_too_low = 0xC004F038;  // host count below the threshold
constexpr Hresult host_did_not_answer = 0xC004F039;
constexpr Hresult host_not_activated = 0xC004F041;
constexpr Hresult product_not_covered = 0xC004F042;  // host key does not cover this family
constexpr Hresult no_host_contacted = 0xC004F074;
constexpr Hresult key_invalid = 0xC004F050;
constexpr Hresult key_not_available = 0xC004F014;
// SL_E_PRODUCT_SKU_NOT_INSTALLED: the host's own failure when a CSVLK's licenses are missing on
// its OS (a newer host key on a host without the update Microsoft lists, KB 3086418).
constexpr Hresult license_not_installed = 0xC004F015;
constexpr Hresult host_key_limit = 0xC004C008;
constexpr Hresult time_invalid = 0xC004F06C;
constexpr Hresult dns_server_failure = 0x8007232A;
constexpr Hresult dns_name_missing = 0x8007232B;
constexpr Hresult dns_no_records = 0x8007251D;
constexpr Hresult rpc_unavailable = 0x800706BA;
}  // namespace hresult

// "0xC004F038"
std::string format_hresult(Hresult value);
// Accepts "0x" + 1..8 hex digits in any case.
std::optional<Hresult> parse_hresult(std::string_view text);
// One short phrase for a code the engine produces ("count too low"), "" for others. Every
// constant above has one (tests/engine/hresult_test.cpp checks, and that the engine spells no
// HRESULT that is not a constant here).
const char* hresult_meaning(Hresult value);

}  // namespace kmsprep
