// NetworkStartup: DHCP in the background behind an embedded menu, settled on first need (a
// network operation through the gate, or a setting DHCP could supply), and the blocking start.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "runtime/vm/network_startup.h"
#include "tests/runtime/vm_harness.h"

namespace carte::test {
namespace {

// Interfaces whose link and DHCP behave as told. Every dhcp_poll costs 10 ms of the harness's
// virtual time (a key wait with no keys), so timeouts are reached as in the ROM; tests with
// scripted keys turn that off, since the wait would eat their keys.
class FakeDhcpNetwork final : public Network {
  public:
    struct Nic {
        bool link = true;
        int polls_to_bind = 3;  // -1: never
        bool background = true;
        bool ticks = true;  // each poll costs 10 ms (a key wait); off where keys are scripted
    };
    FakeDhcpNetwork(Platform& clock, std::vector<Nic> nics) : clock_(clock), nics_(std::move(nics)) {}

    size_t interface_count() const override { return nics_.size(); }
    InterfaceInfo interface_info(size_t index) const override {
        InterfaceInfo info;
        uint8_t mac[6] = {0x52, 0x54, 0x00, 0x12, 0x34, uint8_t(0x56 + index)};
        for (int i = 0; i < 6; ++i) info.mac[i] = mac[i];
        info.link_up = nics_[index].link;
        info.chip = "fake";
        info.bus_type = "pci";
        return info;
    }
    Status open(size_t) override { return {}; }
    void close(size_t index) override { closed.push_back(index); }
    Result<Lease> dhcp(size_t index, uint32_t timeout_ms) override {
        ++blocking_dhcps;
        CARTE_TRY(begin(index));
        uint64_t deadline = clock_.now_ms() + timeout_ms;
        Lease lease;
        for (;;) {
            auto bound = poll(index, &lease);
            if (*bound) return lease;
            if (clock_.now_ms() > deadline) return Error(Errc::timedout);
        }
    }
    Result<TcpStream*> connect(Ipv4, uint16_t, uint32_t) override {
        connect_polls.push_back(polls);
        return Error(Errc::connrefused, "fake: nothing listens");
    }
    Result<size_t> udp_exchange(Ipv4, uint16_t, Bytes, Span<uint8_t>, uint16_t*, uint32_t) override {
        return Error(Errc::notsup);
    }
    Result<Ipv4> resolve(Str, uint32_t) override { return Error(Errc::notsup); }

    Status dhcp_begin(size_t index) override {
        if (!nics_[index].background) return Status(Errc::notsup);
        return begin(index);
    }
    Result<bool> dhcp_poll(size_t index, Lease* out) override { return poll(index, out); }
    void dhcp_cancel(size_t index) override { cancelled.push_back(index); }

    int polls = 0;
    int blocking_dhcps = 0;
    std::vector<int> connect_polls;  // `polls` when each connect arrived
    std::vector<size_t> closed, cancelled;

  private:
    Status begin(size_t index) {
        polls_left_ = nics_[index].polls_to_bind;
        return {};
    }
    Result<bool> poll(size_t index, Lease* out) {
        ++polls;
        if (nics_[index].ticks) (void)clock_.read_key(10);
        if (!nics_[index].link || polls_left_ < 0 || polls_left_-- > 0) return false;
        out->ip = Ipv4{{10, 0, 2, uint8_t(15 + index)}};
        out->netmask = Ipv4{{255, 255, 255, 0}};
        out->gateway = Ipv4{{10, 0, 2, 2}};
        return true;
    }
    Platform& clock_;
    std::vector<Nic> nics_;
    int polls_left_ = 0;
};

std::string lookup(Harness& h, const char* name) {
    return h.setting(name);
}

TEST(NetworkStartup, BackgroundStartReturnsAtOnceAndSettlesWhenASettingNeedsTheLease) {
    Harness h;
    FakeDhcpNetwork net(h.platform, {{}});
    NetworkStartup startup(h.platform, net);
    startup.start(h.in.settings());
    EXPECT_TRUE(startup.pending());
    EXPECT_EQ(net.polls, 0);
    // The device's own settings are there at once; nothing has been printed yet.
    EXPECT_EQ(lookup(h, "net0/mac"), "52:54:00:12:34:56");
    EXPECT_EQ(h.out().find("Configuring"), std::string::npos);
    // `${ip}` is something DHCP supplies: the lookup waits for the lease.
    EXPECT_EQ(lookup(h, "ip"), "10.0.2.15");
    EXPECT_FALSE(startup.pending());
    EXPECT_EQ(net.polls, 4);
    EXPECT_NE(h.out().find("Configuring (net0 52:54:00:12:34:56)... ok (10.0.2.15, "), std::string::npos)
        << h.out();
    EXPECT_EQ(lookup(h, "net0.dhcp/gateway"), "10.0.2.2");
}

TEST(NetworkStartup, NamesDhcpCannotSupplyNeverWait) {
    Harness h;
    FakeDhcpNetwork net(h.platform, {{}});
    NetworkStartup startup(h.platform, net);
    startup.start(h.in.settings());
    // The catalogue's `setting debian_mirror = …` default checks an unset user setting.
    EXPECT_EQ(lookup(h, "debian_mirror"), "<unset>");
    EXPECT_EQ(lookup(h, "platform"), "host");
    EXPECT_EQ(net.polls, 0);
    EXPECT_TRUE(startup.pending());
    // A DHCP tag by number does wait.
    EXPECT_EQ(lookup(h, "3:ipv4"), "10.0.2.2");
    EXPECT_FALSE(startup.pending());
}

TEST(NetworkStartup, KeyWaitStepsBindSilentlyAndTheGateReportsBeforeTheFirstOperation) {
    Harness h;
    FakeDhcpNetwork net(h.platform, {{}});
    NetworkStartup startup(h.platform, net);
    startup.start(h.in.settings());
    while (startup.pending()) startup.step();  // what the ROM's key waits do behind the menu
    EXPECT_EQ(h.out().find("Configuring"), std::string::npos) << "printed on top of the menu";
    auto stream = startup.network().connect(Ipv4{{10, 0, 2, 100}}, 80, 1000);
    ASSERT_FALSE(stream);
    EXPECT_EQ(stream.error().code, Errc::connrefused);  // forwarded to the real network
    EXPECT_NE(h.out().find("ok (10.0.2.15"), std::string::npos);
    // Reported once, not per operation.
    (void)startup.network().connect(Ipv4{{10, 0, 2, 100}}, 80, 1000);
    EXPECT_EQ(h.out().find("Configuring"), h.out().rfind("Configuring"));
}

TEST(NetworkStartup, GateWaitsForTheLeaseBeforeConnecting) {
    Harness h;
    FakeDhcpNetwork net(h.platform, {{}});
    NetworkStartup startup(h.platform, net);
    startup.start(h.in.settings());
    (void)startup.network().connect(Ipv4{{10, 0, 2, 100}}, 80, 1000);
    ASSERT_EQ(net.connect_polls.size(), 1u);
    EXPECT_EQ(net.connect_polls[0], 4);  // bound on the 4th poll, then connected
}

TEST(NetworkStartup, LinkDownMovesToTheNextInterface) {
    Harness h;
    FakeDhcpNetwork net(h.platform, {{false, 3, true}, {true, 2, true}});
    NetworkStartup startup(h.platform, net);
    startup.start(h.in.settings());
    auto settled = startup.settle();
    ASSERT_TRUE(settled) << h.out();
    EXPECT_EQ(*settled, 1u);
    EXPECT_NE(h.out().find("Configuring (net0 52:54:00:12:34:56)... link down"), std::string::npos)
        << h.out();
    EXPECT_NE(h.out().find("Configuring (net1 52:54:00:12:34:57)... ok (10.0.2.16"), std::string::npos);
    EXPECT_EQ(net.closed, std::vector<size_t>{0});
    EXPECT_EQ(lookup(h, "net1/ip"), "10.0.2.16");
    // About the 3 s link wait of virtual time went by, not the 30 s DHCP timeout.
    EXPECT_LT(h.platform.now_ms(), 5000u);
}

TEST(NetworkStartup, NoLeaseTimesOutWithTheLastError) {
    Harness h;
    FakeDhcpNetwork net(h.platform, {{true, -1, true}});
    NetworkStartup startup(h.platform, net);
    startup.start(h.in.settings(), 2000);
    auto settled = startup.settle();
    ASSERT_FALSE(settled);
    EXPECT_EQ(settled.error().code, Errc::timedout);
    EXPECT_EQ(net.cancelled, std::vector<size_t>{0});
    EXPECT_FALSE(startup.pending());
    EXPECT_EQ(lookup(h, "ip"), "<unset>");
    EXPECT_GE(h.platform.now_ms(), 2000u);
}

TEST(NetworkStartup, NoInterfaceIsReportedWhenTheNetworkIsFirstNeeded) {
    Harness h;
    FakeDhcpNetwork net(h.platform, {});
    NetworkStartup startup(h.platform, net);
    startup.start(h.in.settings());
    EXPECT_FALSE(startup.pending());
    EXPECT_EQ(h.out().find("network:"), std::string::npos);
    (void)startup.network().connect(Ipv4{{10, 0, 2, 100}}, 80, 1000);
    EXPECT_NE(h.out().find("network: no supported network card found"), std::string::npos) << h.out();
}

TEST(NetworkStartup, WithoutBackgroundDhcpTheBlockingStartRunsWhenFirstNeeded) {
    Harness h;
    FakeDhcpNetwork net(h.platform, {{true, 3, false}});
    NetworkStartup startup(h.platform, net);
    startup.start(h.in.settings());
    EXPECT_TRUE(startup.pending());
    EXPECT_EQ(net.blocking_dhcps, 0);
    EXPECT_EQ(lookup(h, "ip"), "10.0.2.15");
    EXPECT_EQ(net.blocking_dhcps, 1);
    EXPECT_FALSE(startup.pending());
}

TEST(NetworkStartup, CtrlCGivesUpTheWaitAndLeavesDhcpRunning) {
    Harness h("ctrl-c");
    FakeDhcpNetwork net(h.platform, {{true, 3, true, false}});
    NetworkStartup startup(h.platform, net);
    startup.start(h.in.settings());
    auto settled = startup.settle();
    ASSERT_FALSE(settled);
    EXPECT_EQ(settled.error().code, Errc::canceled);
    EXPECT_TRUE(startup.pending());
    // No key this time: the wait goes on to the lease.
    auto again = startup.settle();
    ASSERT_TRUE(again);
    EXPECT_FALSE(startup.pending());
}

// Keys typed while the program waits for the lease are kept for it, in order.
TEST(NetworkStartup, KeysTypedDuringTheWaitAreKeptInOrder) {
    Harness h("2,enter");
    FakeDhcpNetwork net(h.platform, {{true, 5, true, false}});
    NetworkStartup startup(h.platform, net);
    startup.start(h.in.settings());
    ASSERT_TRUE(startup.settle());
    EXPECT_EQ(h.platform.read_key(0), '2');
    EXPECT_EQ(h.platform.read_key(0), key::enter);
    EXPECT_EQ(h.platform.read_key(0), key::none);
}

// Ctrl-C ends the wait and what was typed before it goes with it.
TEST(NetworkStartup, CtrlCDropsTheKeysTypedBeforeIt) {
    Harness h("x,ctrl-c,y");
    FakeDhcpNetwork net(h.platform, {{true, 5, true, false}});
    NetworkStartup startup(h.platform, net);
    startup.start(h.in.settings());
    ASSERT_FALSE(startup.settle());
    EXPECT_EQ(h.platform.read_key(0), 'y');
}

TEST(NetworkStartup, TheGatePassesACancelledWaitOnWithoutTouchingTheNetwork) {
    Harness h("ctrl-c");
    FakeDhcpNetwork net(h.platform, {{true, 3, true, false}});
    NetworkStartup startup(h.platform, net);
    startup.start(h.in.settings());
    auto stream = startup.network().connect(Ipv4{{10, 0, 2, 100}}, 80, 1000);
    ASSERT_FALSE(stream);
    EXPECT_EQ(stream.error().code, Errc::canceled);
    EXPECT_TRUE(net.connect_polls.empty());
}

TEST(NetworkStartup, BlockingRunPrintsAsItGoesAndRegistersTheLease) {
    Harness h;
    FakeDhcpNetwork net(h.platform, {{}});
    NetworkStartup startup(h.platform, net);
    auto itf = startup.run(h.in.settings());
    ASSERT_TRUE(itf);
    EXPECT_EQ(*itf, 0u);
    EXPECT_NE(h.out().find("Configuring (net0 52:54:00:12:34:56)... ok (10.0.2.15, "), std::string::npos);
    EXPECT_EQ(lookup(h, "net0.dhcp/ip"), "10.0.2.15");
    EXPECT_FALSE(startup.pending());
}

}  // namespace
}  // namespace carte::test
