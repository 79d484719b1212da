// The YAML front-end reads yaml-cpp's parser events into its own document (not YAML::Load's
// node graph); these pin the YAML::Load behaviours that document reproduces: an alias is the
// anchored node (its text and its position), maps keep repeated keys (long maps included), an
// empty document is a root without a position, only the first document is read.
#include <gtest/gtest.h>

#include "compiler/yaml/yaml_frontend.h"

namespace carte {
namespace {

std::optional<ir::Catalogue> parse(const std::string& text, diag::DiagnosticSink& sink) {
    return yamlfe::parse_yaml_string(text, "t.yaml", sink);
}

TEST(YamlDocument, AnAliasIsTheAnchoredNode) {
    diag::DiagnosticSink sink;
    auto cat = parse(
        "menus:\n"
        "  - id: main\n"
        "    title: &t Main menu\n"
        "    items:\n"
        "      - &a {id: a, label: *t, shell: true}\n"
        "      - *a\n",
        sink);
    ASSERT_TRUE(cat) << diag::render_text(sink);
    const auto& items = cat->menus[0].items;
    ASSERT_EQ(items.size(), 2u);
    EXPECT_EQ(items[0].label.value, "Main menu");
    // Where the anchored node is, not the alias; yaml-cpp marks an anchored node at its '&'
    // (and the span keeps the scalar's length from there).
    EXPECT_EQ(items[0].label.span.line, 3u);
    EXPECT_EQ(items[0].label.span.col, 12u);
    EXPECT_EQ(items[0].label.span.end_col, 20u);
    EXPECT_EQ(items[1].id.value, "a");
    EXPECT_EQ(items[1].span.line, 5u);
    EXPECT_EQ(items[1].span.col, 9u);
}

TEST(YamlDocument, RepeatedKeysAreFoundInLongMapsToo) {
    std::string keys;
    for (int i = 1; i <= 16; ++i) keys += "k" + std::to_string(i) + ": " + std::to_string(i) + ", ";
    diag::DiagnosticSink sink;
    (void)parse("menus:\n  - id: m\n    items:\n      - {id: b, " + keys + "k1: 17, shell: true}\n", sink);
    size_t duplicates = 0, unknown = 0;
    for (const auto& d : sink.diagnostics()) {
        if (d.code == "duplicate-key") {
            ++duplicates;
            EXPECT_EQ(d.message, "key 'k1' appears twice in this item");
            EXPECT_EQ(d.span.line, 4u);
            EXPECT_EQ(d.span.col, 143u);
        }
        unknown += d.code == "unknown-key";
    }
    EXPECT_EQ(duplicates, 1u) << diag::render_text(sink);
    EXPECT_EQ(unknown, 17u);
}

TEST(YamlDocument, NonScalarKeysHaveTheirPosition) {
    diag::DiagnosticSink sink;
    (void)parse("menus:\n  - id: m\n    items:\n      - {? [x] : y, id: c, shell: true}\n", sink);
    ASSERT_EQ(sink.error_count(), 1u) << diag::render_text(sink);
    EXPECT_EQ(sink.diagnostics()[0].code, "bad-type");
    EXPECT_EQ(sink.diagnostics()[0].message, "keys must be plain names");
    EXPECT_EQ(sink.diagnostics()[0].span.line, 4u);
    EXPECT_EQ(sink.diagnostics()[0].span.col, 12u);
}

TEST(YamlDocument, AnEmptyDocumentIsARootWithoutPosition) {
    for (const char* text : {"", "# only a comment\n"}) {
        diag::DiagnosticSink sink;
        EXPECT_FALSE(parse(text, sink));
        ASSERT_EQ(sink.error_count(), 1u);
        EXPECT_EQ(sink.diagnostics()[0].code, "bad-type");
        EXPECT_FALSE(sink.diagnostics()[0].span.known());
    }
}

TEST(YamlDocument, OnlyTheFirstDocumentIsRead) {
    diag::DiagnosticSink sink;
    auto cat = parse("menus:\n  - {id: m, items: [{id: a, shell: true}]}\n---\nmenus: 42\n", sink);
    ASSERT_TRUE(cat) << diag::render_text(sink);
    EXPECT_FALSE(sink.has_errors());
    EXPECT_EQ(cat->menus.size(), 1u);
}

}  // namespace
}  // namespace carte
