#include "runtime/settings/netdev_settings.h"

#include "runtime/settings/predefined_settings.h"

namespace carte {
namespace {

Bytes text_bytes(Str s) {
    return Bytes(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

// Stores `raw` under a predefined name (which fixes tag and type).
Status store_known(SettingsStore& store, const SettingsBlock* block, Str name, Bytes raw) {
    const PredefinedSetting* p = find_predefined_setting(name);
    if (!p) return Error(Errc::inval, "unknown predefined setting");
    return store.store_raw(block, p->name, p->tag, p->type, raw);
}

// Stores a DHCP option under its tag: named and typed if predefined, else "175.81"-style and string.
Status store_option(SettingsStore& store, const SettingsBlock* block, uint32_t tag, Bytes raw) {
    if (const PredefinedSetting* p = find_predefined_setting(tag))
        return store.store_raw(block, p->name, tag, p->type, raw);
    String name;
    bool ok = tag > 0xff ? name.append_u64(tag >> 8) && name.append('.') && name.append_u64(tag & 0xff)
                         : name.append_u64(tag);
    if (!ok) return Errc::nomem;
    return store.store_raw(block, name.view(), tag, SettingTypeId::string, raw);
}

// Walks a DHCP option list, calling fn(code, value) for each option in order.
template <class Fn>
Status each_option(Bytes options, Fn fn) {
    size_t pos = 0;
    while (pos < options.size()) {
        uint8_t code = options[pos++];
        if (code == 0) continue;  // pad
        if (code == 255) break;   // end
        if (pos >= options.size() || pos + 1 + options[pos] > options.size())
            return Error(Errc::badmsg, "truncated DHCP option");
        uint8_t len = options[pos++];
        CARTE_TRY(fn(code, options.subspan(pos, len)));
        pos += len;
    }
    return {};
}

// All instances of option `code`, concatenated (RFC 3396 long options).
Status gather_option(Bytes options, uint8_t code, Vec<uint8_t>* out) {
    out->clear();
    return each_option(options, [&](uint8_t c, Bytes value) -> Status {
        if (c != code) return {};
        if (!out->reserve(out->size() + value.size())) return Errc::nomem;
        for (uint8_t b : value) (void)out->push(b);
        return {};
    });
}

// True if `block` itself stores the predefined setting `name`.
bool holds(const SettingsBlock* block, Str name) {
    const PredefinedSetting* p = find_predefined_setting(name);
    for (const StoredSetting& e : block->stored())
        if (p && e.tag() == p->tag) return true;
    return false;
}

}  // namespace

Status register_netdev_settings(SettingsStore& store, unsigned index, const NetdevSettingsInfo& info) {
    String name;
    if (!name.append("net") || !name.append_u64(index)) return Errc::nomem;
    // Opened, not replaced: re-registering a device must keep its `dhcp` child.
    auto block = store.open_block(name.view());
    if (!block) return block.error();
    const SettingsBlock* b = *block;
    uint8_t busloc[4] = {static_cast<uint8_t>(info.busloc >> 24), static_cast<uint8_t>(info.busloc >> 16),
                         static_cast<uint8_t>(info.busloc >> 8), static_cast<uint8_t>(info.busloc)};
    uint8_t mtu[2] = {static_cast<uint8_t>(info.mtu >> 8), static_cast<uint8_t>(info.mtu)};
    CARTE_TRY(store_known(store, b, "mac", info.mac));
    CARTE_TRY(store_known(store, b, "hwaddr", info.hwaddr.empty() ? info.mac : info.hwaddr));
    if (!info.bustype.empty()) CARTE_TRY(store_known(store, b, "bustype", text_bytes(info.bustype)));
    CARTE_TRY(store_known(store, b, "busloc", Bytes(busloc)));
    if (!info.busid.empty()) CARTE_TRY(store_known(store, b, "busid", info.busid));
    if (!info.chip.empty()) CARTE_TRY(store_known(store, b, "chip", text_bytes(info.chip)));
    CARTE_TRY(store_known(store, b, "ifname", text_bytes(name.view())));
    if (!info.linktype.empty()) CARTE_TRY(store_known(store, b, "linktype", text_bytes(info.linktype)));
    CARTE_TRY(store_known(store, b, "mtu", Bytes(mtu)));
    return store.set_netx(name.view());
}

Status register_dhcp_settings(SettingsStore& store, Str parent, const Lease& lease) {
    String path;
    if (!path.append(parent) || !path.append(".dhcp")) return Errc::nomem;
    auto block = store.register_block(path.view());
    if (!block) return block.error();
    const SettingsBlock* b = *block;

    // Each distinct tag once, with all its instances joined.
    Vec<uint8_t> value;
    for (size_t i = 0; i < lease.options.size(); ++i) {
        uint32_t tag = lease.options[i].tag;
        bool repeat = false;
        for (size_t j = 0; j < i && !repeat; ++j) repeat = lease.options[j].tag == tag;
        if (repeat) continue;
        value.clear();
        for (size_t j = i; j < lease.options.size(); ++j) {
            if (lease.options[j].tag != tag) continue;
            if (!value.reserve(value.size() + lease.options[j].data.size())) return Errc::nomem;
            for (uint8_t byte : lease.options[j].data) (void)value.push(byte);
        }
        Bytes whole(value.data(), value.size());
        CARTE_TRY(store_option(store, b, tag, whole));
        if (tag != kIpxeEncapOption) continue;
        // iPXE's own options arrive encapsulated in 175; expose each as 175.N.
        Vec<uint8_t> inner;
        bool inner_seen[256] = {};
        CARTE_TRY(each_option(whole, [&](uint8_t sub, Bytes) -> Status {
            if (inner_seen[sub]) return {};
            inner_seen[sub] = true;
            CARTE_TRY(gather_option(whole, sub, &inner));
            return store_option(store, b, dhcp_encap_tag(kIpxeEncapOption, sub),
                                Bytes(inner.data(), inner.size()));
        }));
    }

    // Lease fields fill in what no option carried.
    struct Field {
        Str name;
        const Ipv4* addr;
    } fields[] = {{"ip", &lease.ip},           {"next-server", &lease.next_server},
                  {"netmask", &lease.netmask}, {"gateway", &lease.gateway},
                  {"dns", &lease.dns},         {"dhcp-server", &lease.server_id}};
    for (const Field& f : fields) {
        if (f.addr->is_zero() || holds(b, f.name)) continue;
        CARTE_TRY(store_known(store, b, f.name, Bytes(f.addr->b)));
    }
    if (!lease.filename.empty() && !holds(b, "filename")) {
        size_t n = 0;
        while (n < lease.filename.size() && lease.filename[n]) ++n;  // the BOOTP field is NUL-padded
        if (n) CARTE_TRY(store_known(store, b, "filename", text_bytes(lease.filename.substr(0, n))));
    }
    return {};
}

}  // namespace carte
