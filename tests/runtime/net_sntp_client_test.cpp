#include "runtime/net/sntp_client.h"

#include <gtest/gtest.h>

#include <vector>

namespace carte {
namespace {

// A server reply to `request` at Unix time `unix`.
std::vector<uint8_t> reply_to(const uint8_t request[48], uint64_t unix, uint8_t stratum = 2, uint8_t li = 0) {
    std::vector<uint8_t> r(48, 0);
    r[0] = uint8_t(li << 6 | 4 << 3 | 4);
    r[1] = stratum;
    for (int i = 0; i < 8; ++i) r[24 + i] = request[40 + i];  // originate = our transmit
    uint64_t ntp = (unix + 2208988800u) << 32;
    for (int i = 0; i < 8; ++i) r[40 + i] = uint8_t(ntp >> (56 - 8 * i));
    return r;
}

TEST(Sntp, RequestAndReply) {
    uint8_t req[48];
    sntp_request(0x0123456789abcdefull, req);
    EXPECT_EQ(req[0], 0x23);  // version 4, client
    EXPECT_EQ(req[40], 0x01);
    EXPECT_EQ(req[47], 0xef);
    auto r = reply_to(req, 1800000000);
    auto t = sntp_parse_reply(Bytes(r.data(), r.size()), 0x0123456789abcdefull);
    ASSERT_TRUE(t.ok());
    EXPECT_EQ(*t, 1800000000u);
}

TEST(Sntp, RefusesWhatIsNotAnAnswerToUs) {
    uint8_t req[48];
    sntp_request(42, req);
    auto good = reply_to(req, 1800000000);
    EXPECT_FALSE(sntp_parse_reply(Bytes(good.data(), 47), 42).ok());  // short
    EXPECT_FALSE(sntp_parse_reply(Bytes(good.data(), 48), 43).ok());  // another request's
    auto kod = reply_to(req, 1800000000, 0);
    EXPECT_EQ(sntp_parse_reply(Bytes(kod.data(), 48), 42).error().code, Errc::connrefused);
    auto unsynced = reply_to(req, 1800000000, 2, 3);
    EXPECT_FALSE(sntp_parse_reply(Bytes(unsynced.data(), 48), 42).ok());
    auto client = good;
    client[0] = 0x23;  // a client packet echoed back
    EXPECT_FALSE(sntp_parse_reply(Bytes(client.data(), 48), 42).ok());
    auto zero = reply_to(req, 0);
    for (int i = 40; i < 48; ++i) zero[i] = 0;
    EXPECT_FALSE(sntp_parse_reply(Bytes(zero.data(), 48), 42).ok());
}

}  // namespace
}  // namespace carte
