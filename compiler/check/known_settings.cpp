#include "compiler/check/known_settings.h"

#include <algorithm>

namespace carte::check {

SettingRef split_setting_ref(const std::string& ref) {
    SettingRef r;
    std::string rest = ref;
    size_t slash = rest.find('/');
    if (slash != std::string::npos) r.scope = rest.substr(0, slash), rest = rest.substr(slash + 1);
    size_t colon = rest.find(':');
    if (colon != std::string::npos) r.type = rest.substr(colon + 1), rest = rest.substr(0, colon);
    r.name = rest;
    return r;
}

const std::vector<std::string>& predefined_setting_names() {
    static const std::vector<std::string> names = {
        // DHCP-backed
        "ip", "netmask", "gateway", "dns", "hostname", "domain", "root-path", "dnssl", "ntp", "syslog",
        "next-server", "filename", "user-class", "vendor-class", "dhcp-server", "static-routes",
        "initiator-iqn",
        // iPXE encapsulated options
        "priority", "keep-san", "skip-san-boot", "scriptlet", "syslogs", "trust", "cert", "privkey",
        "crosscert", "san-retries", "san-filename", "san-drive", "username", "password", "reverse-username",
        "reverse-password", "uid", "gid",
        // IPv6
        "ip6", "len6", "gateway6", "dns6",
        // per network device
        "mac", "hwaddr", "bustype", "busloc", "busid", "chip", "ifname", "linktype", "mtu", "ssid", "key",
        "active-scan",
        // SMBIOS
        "uuid", "manufacturer", "product", "serial", "asset", "board-serial",
        // built-in
        "buildarch", "platform", "version", "unixtime", "errno", "cwuri", "cwduri", "dmesg", "sysmac", "vram",
        // other blocks
        "memsize", "cpuvendor", "cpumodel",
        // menu idioms used by iPXE scripts
        "menu-timeout", "menu-default", "selected"};
    return names;
}

const std::vector<std::string>& setting_type_names() {
    static const std::vector<std::string> types = {
        "string", "uristring", "ipv4",   "ipv6",   "int8",   "int16", "int32", "uint8",    "uint16",
        "uint32", "hex",       "hexhyp", "hexraw", "base64", "uuid",  "guid",  "busdevfn", "dnssl"};
    return types;
}

bool is_predefined_setting(const std::string& name) {
    const auto& n = predefined_setting_names();
    if (std::find(n.begin(), n.end(), name) != n.end()) return true;
    // Numeric names are DHCP option tags: 209, 0xd1, 175.1.
    return !name.empty() && name.find_first_not_of("0123456789abcdefx.") == std::string::npos &&
           name[0] >= '0' && name[0] <= '9';
}

bool is_setting_type(const std::string& type) {
    const auto& t = setting_type_names();
    return std::find(t.begin(), t.end(), type) != t.end();
}

bool is_known_scope(const std::string& scope) {
    std::string base = scope.substr(0, scope.find('.'));
    if (base == "netX") return true;
    if (base.size() > 3 && base.compare(0, 3, "net") == 0 &&
        base.find_first_not_of("0123456789", 3) == std::string::npos)
        return true;
    static const char* const kScopes[] = {"smbios", "builtin",   "pci",  "usb", "acpi",
                                          "memmap", "cpuid",     "efi",  "nvo", "proxydhcp",
                                          "pxebs",  "guestinfo", "local"};
    for (const char* s : kScopes)
        if (base == s) return true;
    return false;
}

}  // namespace carte::check
