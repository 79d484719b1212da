// Bad input gets diagnostics, never a crash or a hang: every truncation and a set of byte
// mutations of every shipped .carte file goes through the front-end and the formatter.
#include <gtest/gtest.h>

#include "compiler/dsl/dsl_frontend.h"
#include "compiler/dsl/formatter.h"
#include "test_support.h"

namespace carte::dsl {
namespace {

std::vector<std::string> shipped_texts() {
    return test::carte_texts({"examples", "menus"});
}

// Compiles and formats; a broken input must come with at least one error.
void survive(const std::string& text) {
    diag::DiagnosticSink a, b;
    auto cat = parse_carte_string(text, "fuzz.carte", a);
    if (!cat) {
        EXPECT_TRUE(a.has_errors());
    }
    auto formatted = format_carte(text, "fuzz.carte", b);
    if (!formatted) {
        EXPECT_TRUE(b.has_errors());
    }
    (void)diag::render_text(a);
}

TEST(DslRobustness, TruncationsAndMutations) {
    auto texts = shipped_texts();
    ASSERT_FALSE(texts.empty());
    const char replacements[] = {'"', '{', '}', '(', '\n', '#', '$', '\\', 'x', '0', '\0'};
    size_t runs = 0;
    for (const std::string& t : texts) {
        for (size_t cut = 0; cut < t.size(); cut += 7, ++runs) survive(t.substr(0, cut));
        for (size_t pos = 3; pos < t.size(); pos += 13) {
            std::string m = t;
            m[pos] = replacements[(pos / 13) % sizeof replacements];
            survive(m);
            ++runs;
        }
    }
    EXPECT_GT(runs, 100u);
}

TEST(DslRobustness, DeepNestingAndOddBytes) {
    survive(std::string(2000, '('));
    survive("carte 1\nmenu m \"M\" {\n" + std::string(500, '{'));
    survive(std::string("carte 1\n\xff\xfe\x00menu", 13));
    survive("carte 1\nmenu m \"M\" { item a \"\"\"unterminated -> shell }\n");
    survive("");
    diag::DiagnosticSink bad;
    EXPECT_FALSE(parse_carte_string("carte 1\nmenu m \"\xff\" {}\n", "bad.carte", bad));
    ASSERT_EQ(bad.diagnostics().size(), 1u);
    EXPECT_EQ(bad.diagnostics()[0].code, "bad-encoding");
    EXPECT_EQ(bad.diagnostics()[0].span.line, 2u);
    EXPECT_EQ(bad.diagnostics()[0].span.col, 9u);
    std::string deep = "carte 1\nmenu m \"M\" {\n  item a \"A\" when " + std::string(300, '(') +
                       "x == \"1\"" + std::string(300, ')') + " -> shell\n}\n";
    diag::DiagnosticSink sink;
    EXPECT_TRUE(parse_carte_string(deep, "deep.carte", sink).has_value()) << diag::render_text(sink);
}

}  // namespace
}  // namespace carte::dsl
