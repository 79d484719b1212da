// Setting types beyond iPXE's vectors: the behaviours of iPXE's setting types (src/core/settings.c)
// that docs/settings.md describes.
#include <gtest/gtest.h>

#include <string>

#include "runtime/settings/setting_type.h"
#include "runtime/settings/text_codecs.h"

namespace carte {
namespace {

std::string fmt(SettingTypeId type, std::initializer_list<uint8_t> bytes) {
    std::vector<uint8_t> raw(bytes);
    String out;
    Status st = format_setting(type, Bytes(raw.data(), raw.size()), &out);
    return st.ok() ? std::string(out.c_str()) : "<error>";
}

std::string parse_hex_of(SettingTypeId type, const char* text) {
    Vec<uint8_t> raw;
    if (!parse_setting(type, Str::from_cstr(text), &raw)) return "<error>";
    String out;
    (void)format_hex(Bytes(raw.data(), raw.size()), 0, &out);
    return out.c_str();
}

TEST(SettingType, IntegerTruncationAndCForms) {
    EXPECT_EQ(parse_hex_of(SettingTypeId::int8, "300"), "2c");     // `set priority 300` stores 44
    EXPECT_EQ(parse_hex_of(SettingTypeId::int16, "010"), "0008");  // leading 0: octal
    EXPECT_EQ(parse_hex_of(SettingTypeId::int32, "-1"), "ffffffff");
    EXPECT_EQ(parse_hex_of(SettingTypeId::uint16, " +0x10"), "0010");
    EXPECT_EQ(parse_hex_of(SettingTypeId::int32, "12abc"), "<error>");
    EXPECT_EQ(parse_hex_of(SettingTypeId::int32, "08"), "<error>");  // 8 is not an octal digit
}

TEST(SettingType, UnsignedZeroIsHexZero) {
    EXPECT_EQ(fmt(SettingTypeId::uint32, {0, 0, 0, 0}), "0x0");
}

TEST(SettingType, ReinterpretingBytes) {
    EXPECT_EQ(fmt(SettingTypeId::hex, {10, 0, 0, 1}), "0a:00:00:01");  // ${ip:hex}
    EXPECT_EQ(fmt(SettingTypeId::base64, {10, 0, 0, 1}), "CgAAAQ==");  // ${ip:base64}
    EXPECT_EQ(fmt(SettingTypeId::hexhyp, {0x52, 0x54, 0, 0x12, 0x34, 0x56}), "52-54-00-12-34-56");
    EXPECT_EQ(fmt(SettingTypeId::int32, {0x6b, 0x06, 0xd9, 0x22}), "1795610914");
    EXPECT_EQ(fmt(SettingTypeId::uint32, {0x6b, 0x06, 0xd9, 0x22}), "0x6b06d922");
}

TEST(SettingType, StringStopsAtNul) {
    EXPECT_EQ(fmt(SettingTypeId::string, {'a', 'b', 0, 'c'}), "ab");
}

TEST(SettingType, UristringEscapesHighBytesProperly) {
    // iPXE prints %FFFFFFFF here (a sign-extension bug); we print the byte.
    EXPECT_EQ(fmt(SettingTypeId::uristring, {0x80, 'a', '~'}), "%80a~");
}

TEST(SettingType, Ipv4NeedsFourParts) {
    EXPECT_EQ(parse_hex_of(SettingTypeId::ipv4, "1.2.3"), "<error>");  // `set ip 1.2.3` fails
    EXPECT_EQ(parse_hex_of(SettingTypeId::ipv4, "1.2.3.256"), "<error>");
    EXPECT_EQ(parse_hex_of(SettingTypeId::ipv4, "10.0.0.1"), "0a000001");
    EXPECT_EQ(fmt(SettingTypeId::ipv4, {1, 2}), "<error>");
}

TEST(SettingType, Ipv6Forms) {
    EXPECT_EQ(parse_hex_of(SettingTypeId::ipv6, "::1"), "00000000000000000000000000000001");
    EXPECT_EQ(parse_hex_of(SettingTypeId::ipv6, "fe80::"), "fe800000000000000000000000000000");
    EXPECT_EQ(parse_hex_of(SettingTypeId::ipv6, "1:2:3:4:5:6:7:8"), "00010002000300040005000600070008");
    EXPECT_EQ(parse_hex_of(SettingTypeId::ipv6, "1::2::3"), "<error>");
    EXPECT_EQ(parse_hex_of(SettingTypeId::ipv6, "1:2"), "<error>");
    EXPECT_EQ(fmt(SettingTypeId::ipv6, {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}), "::");
    EXPECT_EQ(fmt(SettingTypeId::ipv6, {0, 1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0}), "1:0:2::3:0:0");
}

TEST(SettingType, HexParsing) {
    EXPECT_EQ(parse_hex_of(SettingTypeId::hex, "AB:cd"), "abcd");
    EXPECT_EQ(parse_hex_of(SettingTypeId::hex, "ab-cd"), "<error>");
    EXPECT_EQ(parse_hex_of(SettingTypeId::hexhyp, "ab-cd"), "abcd");
    EXPECT_EQ(parse_hex_of(SettingTypeId::hexraw, "abc"), "<error>");
}

TEST(SettingType, Base64RoundTrip) {
    EXPECT_EQ(parse_hex_of(SettingTypeId::base64, "SGVsbG8gd29ybGQ="), "48656c6c6f20776f726c64");
    EXPECT_EQ(fmt(SettingTypeId::base64, {'H', 'e', 'l', 'l', 'o', ' ', 'w', 'o', 'r', 'l', 'd'}),
              "SGVsbG8gd29ybGQ=");
    EXPECT_EQ(parse_hex_of(SettingTypeId::base64, "a*b"), "<error>");
}

TEST(SettingType, FormatOnlyTypes) {
    EXPECT_EQ(parse_hex_of(SettingTypeId::busdevfn, "0000:03:08.5"), "<error>");
    // "ipxe.org" then "boot.ipxe.org" sharing the suffix through a pointer to offset 0.
    EXPECT_EQ(fmt(SettingTypeId::dnssl,
                  {4, 'i', 'p', 'x', 'e', 3, 'o', 'r', 'g', 0, 4, 'b', 'o', 'o', 't', 0xc0, 0}),
              "ipxe.org boot.ipxe.org");
    EXPECT_EQ(fmt(SettingTypeId::dnssl, {0xc0, 0}), "<error>");  // a pointer loop
}

TEST(SettingType, TableLookup) {
    ASSERT_NE(find_setting_type("hexhyp"), nullptr);
    EXPECT_EQ(setting_type_id(*find_setting_type("hexhyp")), SettingTypeId::hexhyp);
    EXPECT_EQ(find_setting_type("nosuchtype"), nullptr);
    for (unsigned i = 0; i < static_cast<unsigned>(SettingTypeId::count); ++i)
        EXPECT_EQ(setting_type_id(setting_type(static_cast<SettingTypeId>(i))),
                  static_cast<SettingTypeId>(i));
}

}  // namespace
}  // namespace carte
