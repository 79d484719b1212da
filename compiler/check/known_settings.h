// iPXE's predefined setting names and types (its `__setting` and `__setting_type` definitions, e.g.
// src/core/settings.c, src/net/netdev_settings.c), so the checks can
// warn about `${platfrom}` while accepting `${net0/mac:hexhyp}` and `${smbios/serial}`.
#pragma once
#include <string>
#include <vector>

namespace carte::check {

// A reference `${scope/name:type}` split into its parts (scope and type may be empty).
struct SettingRef {
    std::string scope, name, type;
};
SettingRef split_setting_ref(const std::string& ref);

// Names iPXE defines without a scope (DHCP, built-in, SMBIOS, per-netdev, …).
const std::vector<std::string>& predefined_setting_names();
// Setting types usable after ':' (string, hex, hexhyp, uristring, …).
const std::vector<std::string>& setting_type_names();

bool is_predefined_setting(const std::string& name);
bool is_setting_type(const std::string& type);
// Scopes iPXE knows: netN, netX, netN.dhcp, smbios, builtin, pci, cpuid, memmap, …
bool is_known_scope(const std::string& scope);

}  // namespace carte::check
