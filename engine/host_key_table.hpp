// The KMS host key (CSVLK) groups: which catalog products a host key activates and which host
// operating systems can carry it, as Microsoft's "Activation versions" and "KMS host required
// updates" tables say (engine/data/kms_host_keys.csv and kms_host_os.csv, compiled into
// host_key_table_data.cpp). The topology reader resolves `<kms-host host-key os>` with it; the
// fleet simulation answers 0xC004F042 for a product no row of the host's key names.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/os_family.hpp"
#include "engine/gvlk_catalog.hpp"

namespace kmsprep {

struct HostOsEntry {
  std::string_view id;            // "server2019", "win10"
  std::string_view display_name;  // "Windows Server 2019"
  ProductType kind;               // a client OS host activates client products only
  OsFamily family;                // the family the legacy `family` attribute would say
};

struct HostKeyEntry {
  std::string_view id;                   // "server2019", "server2008-b"
  std::string_view display_name;         // "Volume License for Windows Server 2019"
  ProductType kind;                      // which kind of OS the key installs on
  std::string_view hosted_on;            // host OS ids, ' '-separated, needing no update
  std::string_view hosted_after_update;  // "os:UPDATE" pairs, ' '-separated
  std::string_view activates;            // product id patterns, ' '-separated; "x-*" = prefix

  bool activates_product(std::string_view product_id) const;
  bool hosted_natively_on(std::string_view os_id) const;
  // The update a host of `os_id` needs before it can carry this key ("KB5034768"), if any.
  std::optional<std::string> update_needed_on(std::string_view os_id) const;
  // "Windows Server 2019, Windows Server 2016 (after KB4478877), ..." for messages.
  std::string hosts_text() const;
};

const std::vector<HostKeyEntry>& host_key_table();
const std::vector<HostOsEntry>& host_os_table();
const HostKeyEntry* find_host_key(std::string_view id);
const HostOsEntry* find_host_os(std::string_view id);
// "vista, server2008-a, ..." for messages.
std::string host_key_ids_text();
std::string host_os_ids_text();

}  // namespace kmsprep
