// Host test of platform/firmware/dhcp_request_options: the options added to lwIP's DHCP requests, and
// that they are split back by parse_dhcp_options (the same code reads replies).
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "platform/firmware/net/dhcp_capture.h"
#include "platform/firmware/net/dhcp_request_options.h"

using namespace carte;

namespace {

// What lwIP writes before the hook: message type, max size, its own 3-entry request list.
std::vector<uint8_t> lwip_options(uint8_t type) {
    return {53, 1, type, 57, 2, 0x05, 0xdc, 55, 3, 1, 3, 28};
}

// Splits options with the production parser (a fake BOOTP header + cookie in front).
std::map<uint16_t, std::vector<uint8_t>> split(const uint8_t* o, size_t n) {
    std::vector<uint8_t> msg(236, 0);
    for (uint8_t b : {99, 130, 83, 99}) msg.push_back(b);
    msg.insert(msg.end(), o, o + n);
    msg.push_back(255);
    DhcpOption opts[64];
    size_t count = fw::parse_dhcp_options(Bytes(msg.data(), msg.size()), Span<DhcpOption>(opts));
    std::map<uint16_t, std::vector<uint8_t>> out;
    for (size_t i = 0; i < count; ++i) {
        EXPECT_EQ(out.count(opts[i].tag), 0u) << "duplicate option " << opts[i].tag;
        out[opts[i].tag] = std::vector<uint8_t>(opts[i].data.begin(), opts[i].data.end());
    }
    return out;
}

std::string text(const std::vector<uint8_t>& v) {
    return std::string(v.begin(), v.end());
}

TEST(DhcpRequestOptions, DiscoverCarriesIpxeOptions) {
    uint8_t buf[312] = {};
    auto base = lwip_options(1);
    std::copy(base.begin(), base.end(), buf);
    uint16_t used = uint16_t(base.size());
    ASSERT_EQ(carte_dhcp_append_options(buf, &used, sizeof(buf), 1), 0);
    auto o = split(buf, used);
    EXPECT_EQ(o[53], std::vector<uint8_t>{1});
    EXPECT_EQ(o[57], (std::vector<uint8_t>{0x05, 0xdc}));
    // One request list, iPXE's, which asks for DNS, 66/67 and 175.
    const auto& prl = o[55];
    for (uint8_t want : {1, 3, 6, 12, 15, 17, 43, 60, 66, 67, 119, 128, 135, 175, 203})
        EXPECT_NE(std::find(prl.begin(), prl.end(), want), prl.end()) << int(want);
    EXPECT_EQ(std::find(prl.begin(), prl.end(), 28), prl.end());  // lwIP's list was replaced
    EXPECT_EQ(text(o[60]), "PXEClient:Arch:00000:UNDI:002001");
    EXPECT_EQ(text(o[77]), "iPXE");
    EXPECT_EQ(o[93], (std::vector<uint8_t>{0, 0}));
    EXPECT_EQ(o[94], (std::vector<uint8_t>{1, 2, 1}));
    for (uint16_t feature : {0x13, 0x15, 0x17, 0x18, 0x19, 0x27})
        EXPECT_EQ(o[uint16_t(175 << 8 | feature)], std::vector<uint8_t>{1}) << feature;
    EXPECT_LE(used + 1u, sizeof(buf));
}

// A UEFI build announces itself as iPXE's x86-64 EFI build does, so DHCP servers hand it .efi files.
TEST(DhcpRequestOptions, UefiArchitecture) {
    carte_dhcp_set_client_arch(7, 3, 16);
    uint8_t buf[312] = {};
    auto base = lwip_options(1);
    std::copy(base.begin(), base.end(), buf);
    uint16_t used = uint16_t(base.size());
    ASSERT_EQ(carte_dhcp_append_options(buf, &used, sizeof(buf), 1), 0);
    carte_dhcp_set_client_arch(0, 2, 1);
    auto o = split(buf, used);
    EXPECT_EQ(text(o[60]), "PXEClient:Arch:00007:UNDI:003016");
    EXPECT_EQ(o[93], (std::vector<uint8_t>{0, 7}));
    EXPECT_EQ(o[94], (std::vector<uint8_t>{1, 3, 16}));
}

TEST(DhcpRequestOptions, RequestAndInformToo) {
    for (uint8_t type : {3, 8}) {
        uint8_t buf[312] = {};
        auto base = lwip_options(type);
        std::copy(base.begin(), base.end(), buf);
        uint16_t used = uint16_t(base.size());
        ASSERT_EQ(carte_dhcp_append_options(buf, &used, sizeof(buf), type), 0);
        EXPECT_EQ(text(split(buf, used)[77]), "iPXE");
    }
}

TEST(DhcpRequestOptions, ReleaseAndDeclineUntouched) {
    for (uint8_t type : {4, 7}) {
        uint8_t buf[312] = {};
        auto base = lwip_options(type);
        std::copy(base.begin(), base.end(), buf);
        uint16_t used = uint16_t(base.size());
        ASSERT_EQ(carte_dhcp_append_options(buf, &used, sizeof(buf), type), 0);
        EXPECT_EQ(used, base.size());
        EXPECT_TRUE(std::equal(base.begin(), base.end(), buf));
    }
}

TEST(DhcpRequestOptions, TooSmallLeavesOptionsAlone) {
    uint8_t buf[68] = {};  // lwIP's default DHCP_OPTIONS_LEN
    auto base = lwip_options(1);
    std::copy(base.begin(), base.end(), buf);
    uint16_t used = uint16_t(base.size());
    EXPECT_EQ(carte_dhcp_append_options(buf, &used, sizeof(buf), 1), -1);
    EXPECT_EQ(used, base.size());
    EXPECT_TRUE(std::equal(base.begin(), base.end(), buf));
}

TEST(DhcpRequestOptions, MalformedExistingOptionsDoNotOverrun) {
    uint8_t buf[312] = {};
    const uint8_t bad[] = {53, 1, 1, 55, 200, 1};  // length runs past the used bytes
    std::copy(std::begin(bad), std::end(bad), buf);
    uint16_t used = sizeof(bad);
    ASSERT_EQ(carte_dhcp_append_options(buf, &used, sizeof(buf), 1), 0);
    auto o = split(buf, used);
    EXPECT_EQ(text(o[77]), "iPXE");
    EXPECT_LE(used + 1u, sizeof(buf));
}

}  // namespace
