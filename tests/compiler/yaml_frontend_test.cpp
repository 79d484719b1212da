// The YAML/JSON front-end: scalars keep their source text, spans point at the right place,
// all errors are reported in one run, and malformed input never crashes.
#include <gtest/gtest.h>

#include "compiler/check/checks.h"
#include "compiler/yaml/yaml_frontend.h"

namespace carte {
namespace {

std::optional<ir::Catalogue> parse(const std::string& text, diag::DiagnosticSink& sink) {
    return yamlfe::parse_yaml_string(text, "t.yaml", sink);
}

TEST(YamlFrontend, VersionLikeScalarsStayStrings) {
    diag::DiagnosticSink sink;
    auto cat = parse(
        "menus:\n"
        "  - id: main\n"
        "    title: 4.20\n"
        "    items:\n"
        "      - {id: k, label: 1.10, set: {setting: v, value: 4.20}}\n",
        sink);
    ASSERT_TRUE(cat) << diag::render_text(sink);
    EXPECT_EQ(cat->menus[0].title.value, "4.20");
    EXPECT_EQ(cat->menus[0].items[0].label.value, "1.10");
    EXPECT_EQ(std::get<ir::Set>(cat->menus[0].items[0].steps[0].action).value.value, "4.20");
}

TEST(YamlFrontend, SpansAreOneBasedAndCoverTheScalar) {
    diag::DiagnosticSink sink;
    auto cat = parse("menus:\n  - id: main\n    title: \"Hello\"\n    items: [{id: a, shell: true}]\n", sink);
    ASSERT_TRUE(cat);
    const ir::Text& id = cat->menus[0].id;
    EXPECT_EQ(id.span.line, 2u);
    EXPECT_EQ(id.span.col, 9u);
    EXPECT_EQ(id.span.end_col, 12u);
    const ir::Text& title = cat->menus[0].title;
    EXPECT_EQ(title.span.col, 12u);
    EXPECT_EQ(title.span.end_col, 18u);  // the closing quote
}

TEST(YamlFrontend, ReadsEveryStepKind) {
    diag::DiagnosticSink sink;
    auto cat = parse(R"(
defaults: {mirror: "http://m"}
serial: 42
menus:
  - id: main
    title: T
    timeout: 1500ms
    default: a
    items:
      - header: H
      - gap
      - id: a
        key: a
        when: {and: [{setting: platform, eq: efi}, {not: {setting: x, isset: true}}]}
        steps:
          - linux: {kernel: {url: "http://k", sha256: "00"}, initrds: ["http://i1", {url: "http://i2", name: BCD}], cmdline: "a b"}
          - multiboot: {kernel: "http://mb", modules: ["http://m1"]}
          - efi: http://e
          - chain: {url: "http://c", args: [x, y]}
          - ask: {setting: s, prompt: P, default: D}
          - set: {setting: s, value: v}
          - echo: hi
          - ipxe: ["echo a", "echo b"]
          - shell
          - exit: 3
)",
                     sink);
    ASSERT_TRUE(cat) << diag::render_text(sink);
    EXPECT_EQ(cat->serial, 42u);
    ASSERT_EQ(cat->defaults.size(), 1u);
    const ir::Menu& m = cat->menus[0];
    EXPECT_EQ(*m.timeout_ms, 1500u);
    ASSERT_EQ(m.items.size(), 3u);
    EXPECT_EQ(m.items[0].kind, ir::Item::Kind::Header);
    EXPECT_EQ(m.items[1].kind, ir::Item::Kind::Gap);
    const ir::Item& a = m.items[2];
    ASSERT_TRUE(a.when);
    EXPECT_EQ(a.when->kind, ir::Condition::Kind::And);
    ASSERT_EQ(a.steps.size(), 10u);
    const auto& l = std::get<ir::Linux>(a.steps[0].action);
    EXPECT_EQ(l.initrds.size(), 2u);
    EXPECT_EQ(l.initrds[1].name->value, "BCD");
    EXPECT_EQ(std::get<ir::Chain>(a.steps[3].action).fetch.args.size(), 2u);
    EXPECT_EQ(std::get<ir::Exit>(a.steps[9].action).status, 3u);
}

TEST(YamlFrontend, ReportsAllStructuralErrorsInOneRun) {
    diag::DiagnosticSink sink;
    auto cat = parse(
        "menus:\n"
        "  - id: main\n"
        "    timeout: soon\n"
        "    items:\n"
        "      - {id: a, bogus: 1, shell: true}\n"
        "      - [not, an, item]\n"
        "      - {label: no id, shell: true}\n",
        sink);
    EXPECT_TRUE(sink.has_errors());
    EXPECT_EQ(sink.error_count(), 4u) << diag::render_text(sink);
}

TEST(YamlFrontend, GarbageNeverCrashes) {
    for (const char* text :
         {"", "42", "[1, 2", "menus: 3", "menus: [3, [4], {id: {x: 1}}]", "{{{{", "\t\tbad",
          "menus:\n  - id: m\n    items: [{id: a, linux: 3}, {id: b, linux: {}}, {id: c, when: 1}]\n",
          "menus:\n  - id: m\n    items:\n      - {id: a, steps: [{}, {a: 1, b: 2}, 7]}\n"}) {
        diag::DiagnosticSink sink;
        auto cat = parse(text, sink);
        if (cat) check::check_catalogue(*cat, sink);
        EXPECT_TRUE(sink.has_errors()) << "accepted: " << text;
    }
}

TEST(YamlFrontend, DuplicateKeysAreErrors) {
    diag::DiagnosticSink sink;
    (void)parse("menus:\n  - id: a\n    id: b\n    items: [{id: x, shell: true}]\n", sink);
    ASSERT_EQ(sink.error_count(), 1u);
    EXPECT_EQ(sink.diagnostics()[0].code, "duplicate-key");
}

TEST(Checks, UrlValidator) {
    auto ok = [](const std::string& u) {
        diag::DiagnosticSink s;
        return check::check_url(ir::Text{u, {}}, s);
    };
    EXPECT_TRUE(ok("http://example.org/x"));
    EXPECT_TRUE(ok("https://user@[::1]:8443/x?y#z"));
    EXPECT_TRUE(ok("tftp://${next-server}/pxelinux.0"));
    EXPECT_TRUE(ok("${mirror}/vmlinuz"));
    EXPECT_TRUE(ok("vmlinuz"));  // relative to the current working URI
    EXPECT_FALSE(ok(""));
    EXPECT_FALSE(ok("htp://x/y"));
    EXPECT_FALSE(ok("http://"));
    EXPECT_FALSE(ok("http:/x"));
    EXPECT_FALSE(ok("http://x:99999/"));
    EXPECT_FALSE(ok("http://x/a b"));
}

TEST(Checks, Sha256Validator) {
    diag::DiagnosticSink s;
    EXPECT_TRUE(check::check_sha256(ir::Text{std::string(64, 'a'), {}}, s));
    EXPECT_FALSE(check::check_sha256(ir::Text{std::string(63, 'a'), {}}, s));
    EXPECT_FALSE(check::check_sha256(ir::Text{std::string(64, 'g'), {}}, s));
}

TEST(Diagnostics, TextRenderingHasCaretUnderTheSpan) {
    diag::DiagnosticSink sink;
    sink.add_source("f.yaml", "a: 1\nbb: hello world\n");
    ir::SourceSpan s{"f.yaml", 2, 5, 2, 9};
    sink.error("x", s, "bad thing", "fix it");
    std::string text = diag::render_text(sink);
    EXPECT_EQ(text,
              "f.yaml:2:5: error: bad thing [x]\n"
              "    2 | bb: hello world\n"
              "      |     ^~~~~\n"
              "hint: fix it\n"
              "1 error generated\n");
    diag::RenderOptions colour;
    colour.color = true;
    EXPECT_NE(diag::render_text(sink, colour).find("\x1b["), std::string::npos);
}

TEST(Diagnostics, JsonRenderingIsMachineReadable) {
    diag::DiagnosticSink sink;
    sink.warning("w", ir::SourceSpan{"f", 3, 1, 3, 2}, "careful");
    std::string j = diag::render_json(sink);
    EXPECT_NE(j.find("\"severity\": \"warning\""), std::string::npos);
    EXPECT_NE(j.find("\"line\": 3"), std::string::npos);
    EXPECT_NE(j.find("\"warnings\": 1"), std::string::npos);
}

}  // namespace
}  // namespace carte
