#include "runtime/settings/predefined_settings.h"

namespace carte {
namespace {

using T = SettingTypeId;
constexpr uint32_t ipxe(uint32_t option) {
    return dhcp_encap_tag(kIpxeEncapOption, option);
}

const PredefinedSetting kPredefined[] = {
    // DHCPv4 options and fields (yiaddr and siaddr appear as iPXE's 175.2 and 175.3).
    {"ip", ipxe(2), T::ipv4},
    {"netmask", 1, T::ipv4},
    {"gateway", 3, T::ipv4},
    {"dns", 6, T::ipv4},
    {"syslog", 7, T::ipv4},
    {"hostname", 12, T::string},
    {"domain", 15, T::string},
    {"root-path", 17, T::string},
    {"ntp", 42, T::ipv4},
    {"dhcp-server", 54, T::ipv4},
    {"vendor-class", 60, T::string},
    {"filename", 67, T::string},
    {"user-class", 77, T::string},
    {"dnssl", 119, T::dnssl},
    {"static-routes", 121, T::hex},
    {"initiator-iqn", 203, T::string},
    {"next-server", ipxe(3), T::ipv4},
    // iPXE's encapsulated options (175.x).
    {"priority", ipxe(1), T::int8},
    {"keep-san", ipxe(8), T::int8},
    {"skip-san-boot", ipxe(9), T::int8},
    {"scriptlet", ipxe(0x51), T::string},
    {"syslogs", ipxe(0x55), T::string},
    {"trust", ipxe(0x5a), T::hex},
    {"cert", ipxe(0x5b), T::hex},
    {"privkey", ipxe(0x5c), T::hex},
    {"crosscert", ipxe(0x5d), T::string},
    {"san-retries", ipxe(0xbb), T::int8},
    {"san-filename", ipxe(0xbc), T::string},
    {"san-drive", ipxe(0xbd), T::uint8},
    {"username", ipxe(0xbe), T::string},
    {"password", ipxe(0xbf), T::string},
    {"reverse-username", ipxe(0xc0), T::string},
    {"reverse-password", ipxe(0xc1), T::string},
    {"uid", ipxe(0xc2), T::uint32},
    {"gid", ipxe(0xc3), T::uint32},
    // IPv6 (no DHCPv4 tag).
    {"ip6", 0, T::ipv6},
    {"len6", 0, T::int8},
    {"gateway6", 0, T::ipv6},
    {"dns6", 0, T::ipv6},
    // Network device blocks (netN).
    {"mac", 0, T::hex},
    {"hwaddr", 0, T::hex},
    {"bustype", 0, T::string},
    {"busloc", 0, T::uint32},
    {"busid", 0, T::hex},
    {"chip", 0, T::string},
    {"ifname", 0, T::string},
    {"linktype", 0, T::string},
    {"mtu", 0, T::int16},
    {"ssid", 0, T::string},
    {"key", 0, T::string},
    {"active-scan", 0, T::int8},
    // SMBIOS.
    {"uuid", 0, T::uuid},
    {"manufacturer", 0, T::string},
    {"product", 0, T::string},
    {"serial", 0, T::string},
    {"asset", 0, T::string},
    {"board-serial", 0, T::string},
    // Built-in and platform values.
    {"buildarch", 0, T::string},
    {"platform", 0, T::string},
    {"version", 0, T::string},
    {"unixtime", 0, T::uint32},
    {"errno", 0, T::uint32},
    {"cwuri", 0, T::string},
    {"cwduri", 0, T::string},
    {"sysmac", 0, T::hex},
    {"memsize", 0, T::int32},
    {"cpuvendor", 0, T::string},
    {"cpumodel", 0, T::string},
};

}  // namespace

const PredefinedSetting* find_predefined_setting(Str name) {
    for (const PredefinedSetting& p : kPredefined)
        if (p.name == name) return &p;
    return nullptr;
}

const PredefinedSetting* find_predefined_setting(uint32_t tag) {
    if (!tag) return nullptr;
    for (const PredefinedSetting& p : kPredefined)
        if (p.tag == tag) return &p;
    return nullptr;
}

Span<const PredefinedSetting> predefined_settings() {
    return Span<const PredefinedSetting>(kPredefined);
}

}  // namespace carte
