// The TlsCaCertificate variable's EFI_SIGNATURE_LISTs: X.509 entries found, other types skipped,
// sizes that do not add up refused (platform/efi/efi_signature_list.h).
#include "platform/efi/efi_signature_list.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace carte::efi {
namespace {

void put32(std::vector<uint8_t>& b, uint32_t v) {
    for (int i = 0; i < 4; ++i) b.push_back(uint8_t(v >> (8 * i)));
}

// One list of `type` with entries of `size` bytes each (owner GUID + data).
std::vector<uint8_t> list(const uint8_t type[16], const std::vector<std::string>& entries,
                          uint32_t header = 0) {
    std::vector<uint8_t> b(type, type + 16);
    uint32_t entry = uint32_t(16 + entries.at(0).size());
    put32(b, uint32_t(28 + header + entry * entries.size()));
    put32(b, header);
    put32(b, entry);
    b.insert(b.end(), header, 0xee);
    for (const std::string& e : entries) {
        b.insert(b.end(), 16, 0x11);  // owner
        b.insert(b.end(), e.begin(), e.end());
    }
    return b;
}

std::vector<std::string> collect(const std::vector<uint8_t>& data, Status* status) {
    std::vector<std::string> got;
    *status = for_each_x509(Bytes(data.data(), data.size()), [&](Bytes der) -> Status {
        got.emplace_back(reinterpret_cast<const char*>(der.data()), der.size());
        return {};
    });
    return got;
}

TEST(EfiSignatureList, FindsX509EntriesAndSkipsOtherTypes) {
    const uint8_t sha256_type[16] = {0x26, 0x16, 0xc4, 0xc1, 0x4c, 0x50, 0x92, 0x40,
                                     0xac, 0xa9, 0x41, 0xf9, 0x36, 0x93, 0x43, 0x28};
    std::vector<uint8_t> data = list(kCertX509Guid, {"cert-one", "cert-two"});
    std::vector<uint8_t> other = list(sha256_type, {std::string(32, 'h')});
    data.insert(data.end(), other.begin(), other.end());
    std::vector<uint8_t> third = list(kCertX509Guid, {"three"}, 4);
    data.insert(data.end(), third.begin(), third.end());
    Status s;
    auto got = collect(data, &s);
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(got, (std::vector<std::string>{"cert-one", "cert-two", "three"}));
}

TEST(EfiSignatureList, RefusesSizesThatDoNotAddUp) {
    std::vector<uint8_t> good = list(kCertX509Guid, {"abc"});
    for (size_t cut = 1; cut < good.size(); ++cut) {
        std::vector<uint8_t> data(good.begin(), good.begin() + long(cut));
        Status s;
        (void)collect(data, &s);
        EXPECT_FALSE(s.ok()) << "cut at " << cut;
    }
    std::vector<uint8_t> bad = good;
    bad[24] = 3;  // SignatureSize smaller than the owner GUID
    Status s;
    (void)collect(bad, &s);
    EXPECT_FALSE(s.ok());
    bad = good;
    bad[20] = 200;  // header larger than the list
    (void)collect(bad, &s);
    EXPECT_FALSE(s.ok());
    EXPECT_TRUE(collect({}, &s).empty());
    EXPECT_TRUE(s.ok());
}

}  // namespace
}  // namespace carte::efi
