// URI behaviour beyond iPXE's vectors: escaping per field, default ports, IPv6 PXE servers,
// setting and clearing fields, and resolution corner cases.
#include <gtest/gtest.h>

#include <string>

#include "runtime/uri/uri.h"
#include "runtime/uri/uri_resolve.h"

namespace carte {
namespace {

std::string text(const Uri& u) {
    String out;
    EXPECT_TRUE(u.format(&out).ok());
    return out.c_str();
}

std::string encode(const char* s, UriField f) {
    String out;
    EXPECT_TRUE(uri_encode(Str::from_cstr(s), f, &out));
    return out.c_str();
}

TEST(UriEscape, PerFieldSets) {
    EXPECT_EQ(encode("a b/c:d@e?f#g=h&i%", UriField::scheme), "a%20b%2Fc%3Ad%40e%3Ff%23g%3Dh%26i%25");
    EXPECT_EQ(encode("10.0.0.1::iqn:x@y", UriField::opaque), "10.0.0.1::iqn:x@y");
    EXPECT_EQ(encode("[fe80::1%net0]", UriField::host), "[fe80::1%25net0]");
    EXPECT_EQ(encode("/a b/c:d", UriField::path), "/a%20b/c%3Ad");
    EXPECT_EQ(encode("already%20encoded", UriField::epath), "already%20encoded");
    EXPECT_EQ(encode("\x7f\x80", UriField::epath), "%7F%80");  // non-printing bytes, always
}

TEST(UriEscape, DecodeLeavesBrokenEscapes) {
    String out;
    ASSERT_TRUE(uri_decode(Str("%41%4a%zz%4"), &out));
    EXPECT_STREQ(out.c_str(), "AJ%zz%4");
}

TEST(Uri, HasSchemeIsCaseInsensitiveAndNeedsTheSlashes) {
    EXPECT_TRUE(uri_has_scheme("http://10.0.2.100/x", "http"));
    EXPECT_TRUE(uri_has_scheme("HTTP://10.0.2.100/x", "http"));
    EXPECT_TRUE(uri_has_scheme("TftP://10.0.2.2/f", "tftp"));
    EXPECT_FALSE(uri_has_scheme("https://h/x", "http"));
    EXPECT_FALSE(uri_has_scheme("http:/x", "http"));
    EXPECT_FALSE(uri_has_scheme("http:", "http"));
    EXPECT_FALSE(uri_has_scheme("file:///x", "http"));
    EXPECT_TRUE(uri_has_scheme("http://", "http"));
}

TEST(Uri, DefaultPorts) {
    EXPECT_EQ(uri_default_port("http"), 80);
    EXPECT_EQ(uri_default_port("https"), 443);
    EXPECT_EQ(uri_default_port("tftp"), 69);
    EXPECT_EQ(uri_default_port("HTTP"), 80);
    EXPECT_EQ(uri_default_port("gopher"), 0);
    auto u = Uri::parse(Str("https://h:bad/x"));
    ASSERT_TRUE(u.ok());
    EXPECT_EQ(u->port_number(uri_default_port(u->scheme())), 443u);
}

TEST(Uri, EmptyQueryAndFragmentArePresent) {
    auto u = Uri::parse(Str("http://h/p?#"));
    ASSERT_TRUE(u.ok());
    EXPECT_TRUE(u->has(UriField::equery));
    EXPECT_TRUE(u->query().empty());
    EXPECT_TRUE(u->has(UriField::efragment));
    EXPECT_EQ(text(*u), "http://h/p?#");
}

TEST(Uri, UserWithoutPasswordAndEncodedUser) {
    auto u = Uri::parse(Str("ftp://us%3Aer@h:21/f"));
    ASSERT_TRUE(u.ok());
    EXPECT_TRUE(u->user() == Str("us:er"));
    EXPECT_FALSE(u->has(UriField::password));
    EXPECT_EQ(text(*u), "ftp://us%3Aer@h:21/f");
}

TEST(Uri, SetAndClearFields) {
    Uri u;
    EXPECT_TRUE(u.is_empty());
    ASSERT_TRUE(u.set(UriField::scheme, "http").ok());
    ASSERT_TRUE(u.set(UriField::host, "example.com").ok());
    ASSERT_TRUE(u.set(UriField::path, "/a b").ok());  // no epath: the path is escaped on output
    EXPECT_EQ(text(u), "http://example.com/a%20b");
    ASSERT_TRUE(u.set(UriField::host, u.scheme()).ok());  // copying from itself is safe
    EXPECT_EQ(text(u), "http://http/a%20b");
    u.clear(UriField::host);
    EXPECT_EQ(text(u), "http:/a%20b");
}

TEST(Uri, SchemeNeedsLetters) {
    auto u = Uri::parse(Str("x509:foo"));  // digits end the scheme run: a relative path
    ASSERT_TRUE(u.ok());
    EXPECT_FALSE(u->is_absolute());
    EXPECT_TRUE(u->path() == Str("x509:foo"));
}

TEST(UriResolve, RelativeAgainstHostOnlyBase) {
    auto base = Uri::parse(Str("http://boot.example"));
    ASSERT_TRUE(base.ok());
    auto r = resolve_uri(*base, Str("menu.ipxe"));
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(text(*r), "http://boot.example/menu.ipxe");
}

TEST(UriResolve, EncodingKeptAndPathDecoded) {
    auto base = Uri::parse(Str("http://h/dir/x?q#f"));
    ASSERT_TRUE(base.ok());
    auto r = resolve_uri(*base, Str("a%20b?y=1"));
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(text(*r), "http://h/dir/a%20b?y=1");
    EXPECT_TRUE(r->path() == Str("/dir/a b"));
    auto same = resolve_uri(*base, Str(""));
    ASSERT_TRUE(same.ok());
    EXPECT_EQ(text(*same), "http://h/dir/x?q");  // RFC 3986: the base fragment is dropped
}

TEST(UriResolve, ChangeWorkingUriFromNothing) {
    Uri cwuri;
    ASSERT_TRUE(change_working_uri(&cwuri, Str("tftp://10.0.0.1/pxe/boot.ipxe")).ok());
    ASSERT_TRUE(change_working_uri(&cwuri, Str("../menu.ipxe")).ok());
    EXPECT_EQ(text(cwuri), "tftp://10.0.0.1/menu.ipxe");
}

TEST(UriResolve, PxeUriCases) {
    auto v6 = pxe_uri(Str("fe80::1"), 0, Str("boot.ipxe"));
    ASSERT_TRUE(v6.ok());
    EXPECT_EQ(text(*v6), "tftp://[fe80::1]/boot.ipxe");
    auto dos = pxe_uri(Str("10.0.0.1"), 69, Str("C:\\boot"));  // not an opaque URI
    ASSERT_TRUE(dos.ok());
    EXPECT_EQ(text(*dos), "tftp://10.0.0.1/C:\\boot");
    EXPECT_FALSE(pxe_uri(Str("10.0.0.1"), 0, Str("")).ok());
}

}  // namespace
}  // namespace carte
