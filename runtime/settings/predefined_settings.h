// The settings iPXE knows by name: each has a fixed type, and the DHCP-backed ones a tag, so
// `${12}` is `${hostname}` and `set ip 1.2.3` fails (an ipv4 will not parse). One table.
#pragma once
#include "runtime/settings/setting_type.h"

namespace carte {

// Tag of option `option` encapsulated in DHCP option `encapsulator` (175.1 -> 0xaf01).
constexpr uint32_t dhcp_encap_tag(uint32_t encapsulator, uint32_t option) {
    return encapsulator << 8 | option;
}
constexpr uint32_t kIpxeEncapOption = 175;  // iPXE's own encapsulated options
constexpr uint32_t kPriorityTag = dhcp_encap_tag(kIpxeEncapOption, 1);

struct PredefinedSetting {
    Str name;
    uint32_t tag;  // DHCP option tag, 0 if the setting has none
    SettingTypeId type;
};

const PredefinedSetting* find_predefined_setting(Str name);
const PredefinedSetting* find_predefined_setting(uint32_t tag);  // tag != 0
Span<const PredefinedSetting> predefined_settings();

}  // namespace carte
