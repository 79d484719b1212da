// Host test of platform/firmware/dhcp_capture: recognising a DHCPACK frame and splitting its options,
// including iPXE's encapsulated option 175 and truncated input.
#include <gtest/gtest.h>

#include <vector>

#include "platform/firmware/net/dhcp_capture.h"

using namespace carte;
using carte::fw::DhcpCapture;

namespace {

// A BOOTP reply: fixed header (file field set), the cookie, then the given option bytes.
std::vector<uint8_t> bootp(std::vector<uint8_t> options) {
    std::vector<uint8_t> m(236, 0);
    m[0] = 2;                                     // BOOTREPLY
    m[20] = 10, m[21] = 0, m[22] = 2, m[23] = 2;  // siaddr
    const char* file = "pxe.bin";
    for (int i = 0; file[i]; ++i) m[108 + i] = uint8_t(file[i]);
    for (uint8_t b : {99, 130, 83, 99}) m.push_back(b);
    for (uint8_t b : options) m.push_back(b);
    return m;
}

// Wraps a BOOTP message in Ethernet + IPv4 + UDP 67 -> 68.
std::vector<uint8_t> frame(const std::vector<uint8_t>& msg) {
    std::vector<uint8_t> f(14 + 20 + 8 + msg.size(), 0);
    f[12] = 0x08, f[13] = 0x00;
    f[14] = 0x45, f[14 + 9] = 17;
    size_t udp_len = 8 + msg.size();
    f[34] = 0, f[35] = 67, f[36] = 0, f[37] = 68, f[38] = uint8_t(udp_len >> 8), f[39] = uint8_t(udp_len);
    for (size_t i = 0; i < msg.size(); ++i) f[42 + i] = msg[i];
    return f;
}

}  // namespace

TEST(PcDhcpCapture, SplitsOptionsAndEncapsulation) {
    auto m =
        bootp({53, 1, 5, 0, 1, 4, 255, 255, 255, 0, 175, 5, 19, 1, 1, 235, 0, 67, 3, 'a', '/', 'b', 255});
    DhcpOption out[8];
    size_t n = fw::parse_dhcp_options(Bytes(m.data(), m.size()), Span<DhcpOption>(out));
    ASSERT_EQ(n, 5u);
    EXPECT_EQ(out[0].tag, 53);
    EXPECT_EQ(out[1].tag, 1);
    EXPECT_EQ(out[1].data.size(), 4u);
    EXPECT_EQ(out[2].tag, (175 << 8) | 19);
    EXPECT_EQ(out[3].tag, (175 << 8) | 235);
    EXPECT_EQ(out[3].data.size(), 0u);
    EXPECT_EQ(out[4].tag, 67);
}

TEST(PcDhcpCapture, StopsAtTruncatedOption) {
    auto m = bootp({53, 1, 5, 12, 200, 'x'});  // option 12 claims 200 bytes
    DhcpOption out[8];
    EXPECT_EQ(fw::parse_dhcp_options(Bytes(m.data(), m.size()), Span<DhcpOption>(out)), 1u);
}

TEST(PcDhcpCapture, KeepsOnlyAcks) {
    DhcpCapture cap;
    auto offer = frame(bootp({53, 1, 2, 255}));
    cap.inspect(Bytes(offer.data(), offer.size()));
    EXPECT_FALSE(cap.have_ack());
    auto ack = frame(bootp({53, 1, 5, 6, 4, 10, 0, 2, 3, 255}));
    cap.inspect(Bytes(ack.data(), ack.size()));
    ASSERT_TRUE(cap.have_ack());
    Lease lease;
    cap.fill(lease);
    EXPECT_EQ(lease.filename, Str("pxe.bin"));
    EXPECT_EQ(lease.next_server, (Ipv4{{10, 0, 2, 2}}));
    EXPECT_EQ(lease.dns, (Ipv4{{10, 0, 2, 3}}));
    EXPECT_EQ(lease.options.size(), 2u);
    auto junk = frame({1, 2, 3});
    cap.inspect(Bytes(junk.data(), junk.size()));  // not BOOTP: ignored, ACK kept
    EXPECT_TRUE(cap.have_ack());
}

// Hostile input: every truncation of a real ACK, and random bytes behind valid Ethernet/IP/UDP
// and BOOTP headers. Nothing may read outside the frame (the ASan run checks that), and every
// option and the file name handed out must point into the capture's own copy of the message.
TEST(PcDhcpCapture, MalformedFramesNeverReadOutsideThem) {
    auto ack =
        frame(bootp({53, 1, 5, 6, 4, 10, 0, 2, 3, 175, 6, 19, 1, 1, 235, 1, 7, 67, 3, 'a', '/', 'b', 255}));
    auto check = [](DhcpCapture& cap, const std::vector<uint8_t>& f) {
        cap.inspect(Bytes(f.data(), f.size()));
        if (!cap.have_ack()) return;
        Lease lease;
        cap.fill(lease);
        auto inside = [&cap](const void* p, size_t n) {
            auto* begin = reinterpret_cast<const uint8_t*>(&cap);
            auto* at = static_cast<const uint8_t*>(p);
            return at >= begin && at + n <= begin + sizeof cap;
        };
        EXPECT_LE(lease.filename.size(), 255u);  // the BOOTP field (128) or option 67
        EXPECT_TRUE(inside(lease.filename.data(), lease.filename.size()));
        for (const DhcpOption& o : lease.options)
            EXPECT_TRUE(o.data.empty() || inside(o.data.data(), o.data.size()));
    };
    for (size_t cut = 0; cut <= ack.size(); ++cut) {
        DhcpCapture cap;
        std::vector<uint8_t> f(ack.begin(), ack.begin() + long(cut));
        check(cap, f);
    }
    uint32_t seed = 12345;
    auto next = [&seed] {
        seed = seed * 1103515245u + 12345u;
        return uint8_t(seed >> 16);
    };
    DhcpCapture cap;
    for (int round = 0; round < 2000; ++round) {
        std::vector<uint8_t> options(size_t(next()) * 6 % 1300);
        for (uint8_t& b : options) b = next();
        if (!options.empty() && round % 2) options[0] = 53;  // often claim to be an ACK
        if (options.size() > 2 && round % 2) options[1] = 1, options[2] = 5;
        auto m = bootp(options);
        for (int i = 0; i < 236; i += 17) m[size_t(i)] = next();  // damage the BOOTP header too
        m[0] = 2;
        check(cap, frame(m));
        DhcpOption out[8];  // fewer slots than options: must stop at the end of `out`
        EXPECT_LE(fw::parse_dhcp_options(Bytes(m.data(), m.size()), Span<DhcpOption>(out)), 8u);
    }
}
