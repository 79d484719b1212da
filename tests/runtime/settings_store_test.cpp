// The settings tree (docs/settings.md; iPXE: src/core/settings.c): scopes, tags, types that stick,
// lookup order, priorities, netX, providers and show/enumerate.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "runtime/settings/netdev_settings.h"
#include "runtime/settings/platform_settings.h"
#include "runtime/settings/predefined_settings.h"
#include "runtime/settings/settings_store.h"

namespace carte {
namespace {

std::string get(const SettingsStore& s, const char* ref) {
    String out;
    Status st = s.fetch_text(Str::from_cstr(ref), &out);
    return st.ok() ? std::string(out.c_str()) : "<" + std::string(errc_message(st.error().code)) + ">";
}

std::string show(const SettingsStore& s, const char* ref) {
    String out;
    return s.describe(Str::from_cstr(ref), &out).ok() ? std::string(out.c_str()) : "<error>";
}

bool set(SettingsStore& s, const char* ref, const char* value) {
    return s.store_text(Str::from_cstr(ref), Str::from_cstr(value)).ok();
}

TEST(SettingsStore, SetFetchAndDelete) {
    SettingsStore s;
    EXPECT_TRUE(set(s, "foo", "bar"));
    EXPECT_EQ(get(s, "foo"), "bar");
    EXPECT_TRUE(set(s, "foo", ""));  // an empty value deletes
    EXPECT_EQ(s.fetch_text(Str("foo"), nullptr).error().code, Errc::noent);
    EXPECT_TRUE(set(s, "foo", "again"));
    EXPECT_TRUE(s.erase(Str("foo")).ok());  // `clear`
    EXPECT_TRUE(s.erase(Str("foo")).ok());  // clearing nothing is fine
    EXPECT_EQ(get(s, "foo"), "<No such file or directory>");
}

TEST(SettingsStore, StoredTypeIsRemembered) {
    SettingsStore s;
    ASSERT_TRUE(set(s, "c:int32", "7"));  // set c:int32 7
    EXPECT_EQ(get(s, "c"), "7");
    EXPECT_EQ(get(s, "c:hex"), "00:00:00:07");
    EXPECT_EQ(show(s, "c"), "c:int32 = 7");
    ASSERT_TRUE(set(s, "c", "8"));  // an untyped `set` makes it a string again
    EXPECT_EQ(show(s, "c"), "c:string = 8");
}

TEST(SettingsStore, InvalidTypeIsAnError) {
    SettingsStore s;
    EXPECT_FALSE(set(s, "x:nosuchtype", "1"));
    ASSERT_TRUE(set(s, "x", "1"));
    EXPECT_EQ(s.fetch_text(Str("x:nosuchtype"), nullptr).error().code, Errc::inval);
}

TEST(SettingsStore, PredefinedNamesForceTheirType) {
    SettingsStore s;
    EXPECT_FALSE(set(s, "ip", "1.2.3"));
    ASSERT_TRUE(set(s, "ip", "10.0.0.1"));
    EXPECT_EQ(get(s, "ip"), "10.0.0.1");
    EXPECT_EQ(get(s, "ip:hex"), "0a:00:00:01");
    ASSERT_TRUE(set(s, "priority", "300"));
    EXPECT_EQ(get(s, "priority"), "44");
}

TEST(SettingsStore, NumericNamesAreDhcpTags) {
    SettingsStore s;
    ASSERT_TRUE(set(s, "12", "myhost"));  // tag 12 is hostname
    EXPECT_EQ(get(s, "hostname"), "myhost");
    EXPECT_EQ(show(s, "12"), "hostname:string = myhost");
    ASSERT_TRUE(set(s, "209:string", "pxelinux.cfg/default"));
    EXPECT_EQ(get(s, "0xd1"), "pxelinux.cfg/default");  // same tag, other spelling
    EXPECT_EQ(get(s, "209:hex").substr(0, 5), "70:78");
    ASSERT_TRUE(set(s, "175.1", "5"));  // dotted encapsulation: priority
    EXPECT_EQ(show(s, "priority"), "priority:int8 = 5");
    EXPECT_EQ(parse_setting_tag("175.1"), 0xaf01u);
    EXPECT_EQ(parse_setting_tag("0xd1"), 209u);
    EXPECT_EQ(parse_setting_tag("12a"), 0u);
    EXPECT_EQ(parse_setting_tag("hostname"), 0u);
}

TEST(SettingsStore, ReferenceParsing) {
    auto r = parse_setting_ref(Str("net0.dhcp/209:string"));
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE(r->scoped);
    EXPECT_TRUE(r->scope == Str("net0.dhcp"));
    EXPECT_TRUE(r->name == Str("209"));
    EXPECT_EQ(r->tag, 209u);
    EXPECT_TRUE(r->type_given);
    auto m = parse_setting_ref(Str("net0/mac:hexhyp"));
    ASSERT_TRUE(m.ok());
    EXPECT_EQ(m->type, SettingTypeId::hexhyp);
    EXPECT_TRUE(m->predefined);
    auto plain = parse_setting_ref(Str("foo"));
    ASSERT_TRUE(plain.ok());
    EXPECT_FALSE(plain->scoped);
    EXPECT_EQ(plain->type, SettingTypeId::string);
}

TEST(SettingsStore, ScopesAreCreatedOnStoreButNotOnLookup) {
    SettingsStore s;
    EXPECT_EQ(get(s, "nosuchscope/a"), "<No such file or directory>");
    EXPECT_EQ(s.find_block(Str("nosuchscope")), nullptr);
    ASSERT_TRUE(set(s, "foo/bar", "baz"));  // autovivifies foo
    ASSERT_NE(s.find_block(Str("foo")), nullptr);
    EXPECT_EQ(get(s, "foo/bar"), "baz");
    EXPECT_EQ(get(s, "bar"), "baz");  // an unscoped lookup searches children too
    EXPECT_EQ(show(s, "bar"), "foo/bar:string = baz");
    ASSERT_TRUE(set(s, "a.b/c", "deep"));
    ASSERT_NE(s.find_block(Str("a.b")), nullptr);
    EXPECT_EQ(get(s, "a/c"), "deep");  // a scope searches its descendants
    EXPECT_EQ(show(s, "a/c"), "a.b/c:string = deep");
}

TEST(SettingsStore, RootOverridesChildren) {
    SettingsStore s;
    ASSERT_TRUE(set(s, "net0.dhcp/hostname", "fromdhcp"));
    EXPECT_EQ(get(s, "hostname"), "fromdhcp");
    ASSERT_TRUE(set(s, "hostname", "mine"));  // user `set` values override DHCP
    EXPECT_EQ(get(s, "hostname"), "mine");
    EXPECT_EQ(get(s, "net0/hostname"), "fromdhcp");
}

TEST(SettingsStore, ChildrenOrderedByPriorityThenRegistration) {
    SettingsStore s;
    ASSERT_TRUE(s.register_block(Str("first")).ok());
    ASSERT_TRUE(s.register_block(Str("second")).ok());
    ASSERT_TRUE(set(s, "first/x", "1"));
    ASSERT_TRUE(set(s, "second/x", "2"));
    EXPECT_EQ(get(s, "x"), "1");  // registration order
    ASSERT_TRUE(set(s, "second/priority", "10"));
    EXPECT_EQ(get(s, "x"), "2");  // higher priority first
    ASSERT_TRUE(set(s, "second/priority", "-1"));
    EXPECT_EQ(get(s, "x"), "1");
    ASSERT_TRUE(s.erase(Str("second/priority")).ok());
    EXPECT_EQ(get(s, "x"), "1");
    // A child's priority lifts its parent, as in iPXE (net0 takes net0.dhcp's priority).
    ASSERT_TRUE(set(s, "second.dhcp/priority", "3"));
    EXPECT_EQ(s.find_block(Str("second"))->priority(), 3);
    EXPECT_EQ(get(s, "x"), "2");
}

TEST(SettingsStore, RegisteringReplaces) {
    SettingsStore s;
    ASSERT_TRUE(set(s, "blk/x", "old"));
    ASSERT_TRUE(s.register_block(Str("blk")).ok());
    EXPECT_EQ(get(s, "blk/x"), "<No such file or directory>");
    s.unregister_block(Str("blk"));
    EXPECT_EQ(s.find_block(Str("blk")), nullptr);
}

TEST(SettingsStore, NetdevBlockAndNetX) {
    SettingsStore s;
    uint8_t mac0[] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
    uint8_t mac1[] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x57};
    NetdevSettingsInfo info;
    info.mac = Bytes(mac0);
    info.chip = "virtio-net";
    info.bustype = "PCI";
    info.busloc = 0x0018;
    ASSERT_TRUE(register_netdev_settings(s, 0, info).ok());
    info.mac = Bytes(mac1);
    ASSERT_TRUE(register_netdev_settings(s, 1, info).ok());
    EXPECT_EQ(get(s, "net0/mac"), "52:54:00:12:34:56");
    EXPECT_EQ(get(s, "net0/mac:hexhyp"), "52-54-00-12-34-56");
    EXPECT_EQ(get(s, "mac"), "52:54:00:12:34:56");       // the first netdev wins an unscoped lookup
    EXPECT_EQ(get(s, "netX/mac"), "52:54:00:12:34:57");  // the most recently opened
    ASSERT_TRUE(s.set_netx(Str("net0")).ok());
    EXPECT_EQ(get(s, "netX/ifname"), "net0");
    EXPECT_EQ(get(s, "net1/chip"), "virtio-net");
    EXPECT_EQ(get(s, "net0/busloc"), "0x18");
    EXPECT_EQ(get(s, "net0/busloc:busdevfn"), "0000:00:03.0");
    EXPECT_EQ(get(s, "net0/mtu"), "1500");
    EXPECT_EQ(get(s, "net0/hwaddr"), "52:54:00:12:34:56");
}

TEST(SettingsStore, DhcpLease) {
    SettingsStore s;
    NetdevSettingsInfo info;
    uint8_t mac[] = {2, 0, 0, 0, 0, 1};
    info.mac = Bytes(mac);
    ASSERT_TRUE(register_netdev_settings(s, 0, info).ok());
    uint8_t hostname[] = {'b', 'o', 'x'};
    uint8_t opt209a[] = {'p', 'x', 'e'};
    uint8_t opt209b[] = {'.', 'c', 'f', 'g'};            // a long option split in two (RFC 3396)
    uint8_t ipxe[] = {1, 1, 7, 0xbe, 3, 'b', 'o', 'b'};  // 175: priority 7, username bob
    DhcpOption options[] = {
        {12, Bytes(hostname)}, {209, Bytes(opt209a)}, {175, Bytes(ipxe)}, {209, Bytes(opt209b)}};
    Lease lease;
    lease.ip = Ipv4{{10, 0, 2, 15}};
    lease.next_server = Ipv4{{10, 0, 2, 2}};
    lease.netmask = Ipv4{{255, 255, 255, 0}};
    lease.filename = "boot.ipxe";
    lease.options = Span<const DhcpOption>(options);
    ASSERT_TRUE(register_dhcp_settings(s, Str("net0"), lease).ok());
    EXPECT_EQ(get(s, "ip"), "10.0.2.15");
    EXPECT_EQ(get(s, "net0.dhcp/ip"), "10.0.2.15");
    EXPECT_EQ(get(s, "net0/next-server"), "10.0.2.2");
    EXPECT_EQ(get(s, "netmask"), "255.255.255.0");
    EXPECT_EQ(get(s, "hostname"), "box");
    EXPECT_EQ(get(s, "12"), "box");
    EXPECT_EQ(get(s, "209"), "pxe.cfg");
    EXPECT_EQ(get(s, "net0.dhcp/209:hex"), "70:78:65:2e:63:66:67");
    EXPECT_EQ(get(s, "filename"), "boot.ipxe");
    EXPECT_EQ(get(s, "username"), "bob");
    EXPECT_EQ(get(s, "priority"), "7");
    EXPECT_EQ(s.find_block(Str("net0"))->priority(), 7);
    EXPECT_EQ(show(s, "ip"), "net0.dhcp/ip:ipv4 = 10.0.2.15");
    ASSERT_TRUE(register_netdev_settings(s, 0, info).ok());  // re-opening keeps the lease
    EXPECT_EQ(get(s, "net0/ip"), "10.0.2.15");
}

class FakePlatform final : public Platform {
  public:
    Console& console() override { return *static_cast<Console*>(nullptr); }
    int read_key(uint32_t) override { return 0; }
    uint64_t now_ms() override { return 0; }
    uint64_t unix_time() override { return 0x6b06d922; }
    Network* network() override { return nullptr; }
    Str platform_name() const override { return "pcbios"; }
    Str build_arch() const override { return "x86_64"; }
    Str smbios(Str field) const override {
        if (field == "uuid") return "36d22ed9-b64f-4fdb-941b-a54a0854f991";
        if (field == "manufacturer") return "QEMU";
        return Str();
    }
    bool cpuid(bool, bool, unsigned) const override { return false; }
    Status boot(const BootPlan&) override { return {}; }
    Status reboot(bool) override { return {}; }
    Status poweroff() override { return {}; }
    Status exit_to_firmware(int) override { return {}; }
};

TEST(SettingsStore, BuiltinAndSmbiosProviders) {
    FakePlatform platform;
    BuiltinSettings builtins(&platform, "Carte 0.1.0");
    SmbiosSettings smbios(&platform);
    SettingsStore s;
    ASSERT_TRUE(s.register_block(Str("builtin"), &builtins).ok());
    ASSERT_TRUE(s.register_block(Str("smbios"), &smbios).ok());
    EXPECT_EQ(get(s, "buildarch"), "x86_64");
    EXPECT_EQ(get(s, "builtin/platform"), "pcbios");
    EXPECT_EQ(get(s, "unixtime"), "0x6b06d922");
    EXPECT_EQ(get(s, "unixtime:int32"), "1795610914");
    builtins.set_errno(0x2e022008);
    EXPECT_EQ(get(s, "errno"), "0x2e022008");
    EXPECT_EQ(get(s, "cwuri"), "<No such file or directory>");
    ASSERT_TRUE(Uri::parse(Str("http://boot.ipxe.org/demo/boot.php")).ok());
    builtins.working_uri() = Uri::parse(Str("http://boot.ipxe.org/demo/boot.php")).take();
    EXPECT_EQ(get(s, "cwuri"), "http://boot.ipxe.org/demo/boot.php");
    EXPECT_EQ(get(s, "cwduri"), "http://boot.ipxe.org/demo/");
    EXPECT_EQ(get(s, "uuid"), "36d22ed9-b64f-4fdb-941b-a54a0854f991");
    EXPECT_EQ(get(s, "smbios/manufacturer"), "QEMU");
    EXPECT_EQ(get(s, "smbios/serial"), "<No such file or directory>");
    EXPECT_FALSE(set(s, "builtin/version", "x"));  // read-only
    ASSERT_TRUE(set(s, "version", "mine"));        // but the root may shadow it
    EXPECT_EQ(get(s, "version"), "mine");
    EXPECT_EQ(get(s, "builtin/version"), "Carte 0.1.0");
}

TEST(SettingsStore, Numbers) {
    SettingsStore s;
    EXPECT_EQ(s.fetch_number(Str("n")).error().code, Errc::noent);
    ASSERT_TRUE(s.store_number(Str("n"), 1).ok());  // a missing setting becomes int32
    EXPECT_EQ(show(s, "n"), "n:int32 = 1");
    ASSERT_TRUE(set(s, "m", "0"));
    EXPECT_EQ(s.fetch_number(Str("m")).error().code, Errc::inval);  // `inc` fails on a string
    ASSERT_TRUE(set(s, "p:uint8", "250"));
    ASSERT_TRUE(s.store_number(Str("p"), 260).ok());  // keeps its type, truncates
    EXPECT_EQ(show(s, "p"), "p:uint8 = 0x4");
    auto n = s.fetch_number(Str("p"));
    ASSERT_TRUE(n.ok());
    EXPECT_EQ(*n, 4);
}

TEST(SettingsStore, EnumerateInLookupOrder) {
    SettingsStore s;
    ASSERT_TRUE(set(s, "a", "1"));
    ASSERT_TRUE(set(s, "blk/b", "2"));
    ASSERT_TRUE(set(s, "c:int8", "3"));
    std::vector<std::string> seen;
    s.enumerate(
        nullptr, true,
        [](void* ctx, const SettingsBlock& block, const SettingInfo& info) {
            String line;
            (void)block.path(&line);
            (void)line.append('/');
            (void)line.append(info.name);
            (void)line.append('=');
            (void)format_setting(info.type, info.raw, &line);
            static_cast<std::vector<std::string>*>(ctx)->push_back(line.c_str());
        },
        &seen);
    EXPECT_EQ(seen, (std::vector<std::string>{"/a=1", "/c=3", "blk/b=2"}));
}

}  // namespace
}  // namespace carte

namespace carte {
namespace {

// A source that registers `ip` in block `late` when first asked about a tagged setting.
class LateSettings final : public DeferredSettings {
  public:
    explicit LateSettings(SettingsStore& store) : store_(store) {}
    bool settle(const SettingRef* ref) override {
        ++calls;
        if (ref && !ref->tag) return false;  // only tagged settings can come from here
        // Registering looks settings up itself: the store must not ask us again meanwhile.
        String probe;
        (void)store_.fetch_text("netmask", &probe);
        EXPECT_TRUE(store_.store_text("late/ip", "10.0.2.15").ok());
        done = true;
        return true;
    }
    bool pending() const override { return !done; }
    int calls = 0;
    bool done = false;

  private:
    SettingsStore& store_;
};

TEST(SettingsStoreDeferred, AMissAsksTheSourceOnceThenLooksAgain) {
    SettingsStore store;
    LateSettings late(store);
    store.set_deferred(&late);
    String v;
    EXPECT_FALSE(store.fetch_text("mirror", &v).ok());  // not a DHCP tag: asked, declines
    EXPECT_EQ(late.calls, 1);
    EXPECT_FALSE(late.done);
    ASSERT_TRUE(store.fetch_text("ip", &v).ok());
    EXPECT_EQ(v.view(), Str("10.0.2.15"));
    EXPECT_EQ(late.calls, 2);  // the nested netmask lookup did not re-enter
    // Settled: later misses no longer ask.
    String w;
    EXPECT_FALSE(store.fetch_text("gateway", &w).ok());
    EXPECT_EQ(late.calls, 2);
}

TEST(SettingsStoreDeferred, HitsNeverAsk) {
    SettingsStore store;
    LateSettings late(store);
    ASSERT_TRUE(store.store_text("mirror", "http://10.0.2.100").ok());
    store.set_deferred(&late);
    String v;
    ASSERT_TRUE(store.fetch_text("mirror", &v).ok());
    EXPECT_EQ(late.calls, 0);
}

}  // namespace
}  // namespace carte
