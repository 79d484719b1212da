// Host test of the receive path's copy with TCP checksum verification (platform/firmware/net/frame_copy.cpp),
// against a plain RFC 1071 checksum over real-looking Ethernet/IPv4/TCP frames.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

#include "platform/firmware/net/frame_copy.h"

using carte::Bytes;
using carte::fw::copy_frame;
using carte::fw::FrameCheck;

namespace {

uint16_t rfc1071(const std::vector<uint8_t>& data) {
    uint32_t sum = 0;
    for (size_t i = 0; i + 1 < data.size(); i += 2) sum += uint32_t(data[i]) << 8 | data[i + 1];
    if (data.size() % 2) sum += uint32_t(data.back()) << 8;
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    return uint16_t(~sum);
}

// Ethernet + IPv4 (ihl words of header) + TCP (20-byte header) + payload + padding bytes.
std::vector<uint8_t> tcp_frame(size_t payload, std::mt19937& rng, size_t ihl = 5, size_t padding = 0) {
    size_t ip_header = ihl * 4, segment = 20 + payload;
    std::vector<uint8_t> f(14 + ip_header + segment + padding);
    for (auto& b : f) b = uint8_t(rng());
    f[12] = 0x08, f[13] = 0x00;
    f[14] = uint8_t(0x40 | ihl);
    size_t total = ip_header + segment;
    f[16] = uint8_t(total >> 8), f[17] = uint8_t(total);
    f[20] = 0x40, f[21] = 0;  // DF, no fragment offset
    f[23] = 6;
    size_t tcp = 14 + ip_header;
    f[tcp + 16] = f[tcp + 17] = 0;
    std::vector<uint8_t> pseudo;  // addresses, zero, protocol, TCP length, then the segment
    for (size_t i = 26; i < 34; ++i) pseudo.push_back(f[i]);
    for (uint8_t b : {uint8_t(0), uint8_t(6), uint8_t(segment >> 8), uint8_t(segment)}) pseudo.push_back(b);
    for (size_t i = tcp; i < tcp + segment; ++i) pseudo.push_back(f[i]);
    uint16_t c = rfc1071(pseudo);
    f[tcp + 16] = uint8_t(c >> 8), f[tcp + 17] = uint8_t(c);
    return f;
}

FrameCheck check(const std::vector<uint8_t>& f) {
    std::vector<uint8_t> out(f.size() + 8, 0xee);
    FrameCheck r = copy_frame(out.data(), Bytes(f.data(), f.size()));
    EXPECT_TRUE(std::equal(f.begin(), f.end(), out.begin()));
    EXPECT_EQ(0xee, out[f.size()]);  // nothing written past the frame
    return r;
}

}  // namespace

TEST(PcFrameCopy, VerifiesGoodTcpChecksumsOfEveryLength) {
    std::mt19937 rng(7);
    for (size_t payload = 0; payload <= 1460; payload += (payload < 40 ? 1 : 97))
        EXPECT_EQ(FrameCheck::tcp_ok, check(tcp_frame(payload, rng))) << payload;
    EXPECT_EQ(FrameCheck::tcp_ok, check(tcp_frame(1460, rng)));
    EXPECT_EQ(FrameCheck::tcp_ok, check(tcp_frame(100, rng, 7)));    // IP options
    EXPECT_EQ(FrameCheck::tcp_ok, check(tcp_frame(6, rng, 5, 10)));  // Ethernet padding
    EXPECT_EQ(FrameCheck::tcp_ok, check(tcp_frame(13, rng, 6, 3)));  // odd lengths
}

TEST(PcFrameCopy, FlagsEverySingleBitErrorInTheSegment) {
    std::mt19937 rng(11);
    auto good = tcp_frame(57, rng);
    for (size_t i = 14 + 20; i < good.size(); ++i) {
        auto bad = good;
        bad[i] ^= uint8_t(1u << (i % 8));
        EXPECT_EQ(FrameCheck::tcp_bad, check(bad)) << i;
    }
    auto bad_pseudo = good;
    bad_pseudo[29] ^= 0x10;  // source address, part of the pseudo header
    EXPECT_EQ(FrameCheck::tcp_bad, check(bad_pseudo));
}

TEST(PcFrameCopy, LeavesEverythingElseToTheStack) {
    std::mt19937 rng(3);
    auto udp = tcp_frame(30, rng);
    udp[23] = 17;
    EXPECT_EQ(FrameCheck::not_tcp, check(udp));
    auto fragment = tcp_frame(30, rng);
    fragment[20] = 0x20;  // more fragments
    EXPECT_EQ(FrameCheck::not_tcp, check(fragment));
    auto offset = tcp_frame(30, rng);
    offset[21] = 1;
    EXPECT_EQ(FrameCheck::not_tcp, check(offset));
    auto arp = tcp_frame(30, rng);
    arp[12] = 0x08, arp[13] = 0x06;
    EXPECT_EQ(FrameCheck::not_tcp, check(arp));
    auto truncated = tcp_frame(30, rng);
    truncated.erase(truncated.end() - 5, truncated.end());  // IP total length beyond the frame
    EXPECT_EQ(FrameCheck::not_tcp, check(truncated));
    auto short_ihl = tcp_frame(30, rng);
    short_ihl[14] = 0x44;
    EXPECT_EQ(FrameCheck::not_tcp, check(short_ihl));
    std::vector<uint8_t> tiny = {1, 2, 3};
    EXPECT_EQ(FrameCheck::not_tcp, check(tiny));
    std::vector<uint8_t> empty;
    EXPECT_EQ(FrameCheck::not_tcp, check(empty));
}

TEST(PcFrameCopy, CopiesBytesOfEveryLengthAndAlignment) {
    std::mt19937 rng(5);
    std::vector<uint8_t> src(200), dst;
    for (auto& b : src) b = uint8_t(rng());
    for (size_t offset = 0; offset < 8; ++offset) {
        for (size_t n = 0; n + offset <= 120; ++n) {
            dst.assign(src.size(), 0xee);
            carte::fw::copy_bytes(dst.data() + 3, src.data() + offset, n);
            EXPECT_EQ(0, std::memcmp(dst.data() + 3, src.data() + offset, n)) << offset << " " << n;
            EXPECT_EQ(0xee, dst[2]);
            EXPECT_EQ(0xee, dst[3 + n]);
        }
    }
}
