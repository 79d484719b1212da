// `carte pin`'s text rewrite: pins added, refreshed or kept, in .carte and YAML, with comments and
// layout untouched; URLs mapped onto a mirror directory.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <fstream>
#include <map>
#include <string>

#include "compiler/sign/pin.h"
#include "compiler/sign/sign_error.h"

namespace carte::sign {
namespace {

const std::string kH1(64, 'a'), kH2(64, 'b');

// A fake mirror: URL → digest.
DigestLookup fake(std::map<std::string, std::string> m) {
    return [m](const std::string& url, std::string* tried) -> std::optional<std::string> {
        auto it = m.find(url);
        if (it != m.end()) return it->second;
        if (tried) *tried = "fake:" + url;
        return std::nullopt;
    };
}

TEST(SignPin, CarteAddsUpdatesAndKeeps) {
    std::string in =
        "carte 1\n"
        "# kernel \"http://x/commented\" is a comment\n"
        "menu main \"M\" {\n"
        "  item a \"A\" -> linux {\n"
        "    kernel \"http://x/k\" args \"quiet\"\n"
        "    initrd \"http://x/i\" sha256 \"" +
        std::string(64, 'c') +
        "\" name \"initrd\"\n"
        "    initrd \"http://x/same\" sha256 \"" +
        kH1 +
        "\"\n"
        "  }\n"
        "  item b \"B\" -> chain \"http://{host}/menu.ipxe\"\n"
        "  item c \"C\" -> efi \"http://x/missing.efi\"\n"
        "  item d \"echo kernel \\\"http://x/k\\\"\" -> shell\n"
        "}\n";
    PinResult r = pin_text(
        in, PinSyntax::carte,
        fake(
            {{"http://x/k", kH1}, {"http://x/i", kH2}, {"http://x/same", kH1}, {"http://x/commented", kH2}}));
    std::string want = in;
    want.replace(want.find("\"http://x/k\"") + 12, 0, " sha256 \"" + kH1 + "\"");
    want.replace(want.find(std::string(64, 'c')), 64, kH2);
    EXPECT_EQ(r.text, want);
    ASSERT_EQ(r.events.size(), 5u);
    EXPECT_EQ(r.events[0].kind, PinEvent::added);
    EXPECT_EQ(r.events[0].line, 5u);
    EXPECT_EQ(r.events[1].kind, PinEvent::updated);
    EXPECT_EQ(r.events[2].kind, PinEvent::unchanged);
    EXPECT_EQ(r.events[3].kind, PinEvent::templated);
    EXPECT_EQ(r.events[4].kind, PinEvent::not_in_mirror);
    EXPECT_EQ(r.events[4].detail, "fake:http://x/missing.efi");
    EXPECT_TRUE(r.changed());
    // Running it again changes nothing.
    PinResult again = pin_text(r.text, PinSyntax::carte,
                               fake({{"http://x/k", kH1}, {"http://x/i", kH2}, {"http://x/same", kH1}}));
    EXPECT_EQ(again.text, r.text);
    EXPECT_FALSE(again.changed());
}

TEST(SignPin, YamlForms) {
    std::string in =
        "menus:\n"
        "  - id: main  # the main menu\n"
        "    items:\n"
        "      - id: a\n"
        "        linux:\n"
        "          kernel: http://x/k\n"
        "          initrds:\n"
        "            - http://x/i1\n"
        "            - {url: http://x/i2, sha256: " +
        std::string(64, 'c') +
        "}\n"
        "            - url: \"http://x/i3\"\n"
        "              name: BCD\n"
        "      - id: b\n"
        "        chain:\n"
        "          url: http://x/c\n"
        "          sha256: " +
        kH1 +
        "\n"
        "      - id: c\n"
        "        efi: 'http://x/e'\n";
    PinResult r = pin_text(in, PinSyntax::yaml,
                           fake({{"http://x/k", kH1},
                                 {"http://x/i1", kH2},
                                 {"http://x/i2", kH1},
                                 {"http://x/i3", kH2},
                                 {"http://x/c", kH1},
                                 {"http://x/e", kH2}}));
    std::string want =
        "menus:\n"
        "  - id: main  # the main menu\n"
        "    items:\n"
        "      - id: a\n"
        "        linux:\n"
        "          kernel: {url: http://x/k, sha256: " +
        kH1 +
        "}\n"
        "          initrds:\n"
        "            - {url: http://x/i1, sha256: " +
        kH2 +
        "}\n"
        "            - {url: http://x/i2, sha256: " +
        kH1 +
        "}\n"
        "            - url: \"http://x/i3\"\n"
        "              sha256: " +
        kH2 +
        "\n"
        "              name: BCD\n"
        "      - id: b\n"
        "        chain:\n"
        "          url: http://x/c\n"
        "          sha256: " +
        kH1 +
        "\n"
        "      - id: c\n"
        "        efi: {url: 'http://x/e', sha256: " +
        kH2 + "}\n";
    EXPECT_EQ(r.text, want);
    PinResult again = pin_text(r.text, PinSyntax::yaml,
                               fake({{"http://x/k", kH1},
                                     {"http://x/i1", kH2},
                                     {"http://x/i2", kH1},
                                     {"http://x/i3", kH2},
                                     {"http://x/c", kH1},
                                     {"http://x/e", kH2}}));
    EXPECT_FALSE(again.changed());
    EXPECT_EQ(again.text, want);
}

TEST(SignPin, MirrorLookupMapsUrlsToFiles) {
    char tmpl[] = "/tmp/carte-pin-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    std::string dir = tmpl;
    ASSERT_EQ(system(("mkdir -p " + dir + "/deb.example.org/debian " + dir + "/images").c_str()), 0);
    std::ofstream(dir + "/deb.example.org/debian/linux") << "abc";
    std::ofstream(dir + "/images/initrd") << "";
    MirrorLookup lookup(dir + "/", {"https://cdn.example.net/netboot/"});
    const std::string abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    const std::string empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    EXPECT_EQ(lookup("http://deb.example.org/debian/linux", nullptr), abc);              // DIR/host/path
    EXPECT_EQ(lookup("https://deb.example.org/debian/linux", nullptr), abc);             // https alike
    EXPECT_EQ(lookup("http://other.example.org/images/initrd", nullptr), empty);         // DIR/path
    EXPECT_EQ(lookup("https://cdn.example.net/netboot/images/initrd", nullptr), empty);  // --base
    std::string tried;
    EXPECT_FALSE(lookup("http://h/../../etc/passwd", &tried).has_value());
    EXPECT_FALSE(lookup("http://h/nope", &tried).has_value());
    EXPECT_EQ(tried, dir + "/h/nope, " + dir + "/nope");
    EXPECT_EQ(pin_syntax_for("a.yml"), PinSyntax::yaml);
    EXPECT_THROW(pin_syntax_for("a.json"), SignError);
    EXPECT_EQ(system(("rm -rf " + dir).c_str()), 0);
}

}  // namespace
}  // namespace carte::sign
