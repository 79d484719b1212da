// The hand-made DSL lexer (compiler/dsl/lexer.h) gives exactly the tokens of ANTLR's lexer
// generated from dsl/Carte.g4 — type, channel, text, line, column and character indexes, hidden
// tokens and EOF included — on every shipped .carte file and on many random inputs built from the
// pieces where lexers disagree: quotes and triple quotes, escapes, line ends, '-' in names,
// units after numbers, operators, brackets that hide newlines, multi-byte characters.
#include <gtest/gtest.h>

#include <random>
#include <sstream>

#include "compiler/dsl/dsl_frontend.h"
#include "compiler/dsl/formatter.h"
#include "compiler/dsl/lexer.h"
#include "test_support.h"

namespace carte::dsl {
namespace {

std::string describe(const LexedToken& t) {
    std::ostringstream o;
    o << "type " << t.type << " channel " << t.channel << " '" << t.text << "' at " << t.line << ":"
      << t.column << " [" << t.start << "," << t.stop << "]";
    return o.str();
}

// Compares token by token; reports the first difference.
void expect_same_tokens(const std::string& text) {
    std::vector<LexedToken> mine = lex(text), reference = lex_with_generated_lexer(text);
    for (size_t i = 0; i < std::min(mine.size(), reference.size()); ++i) {
        if (!(mine[i] == reference[i])) {
            ADD_FAILURE() << "token " << i << " differs in input:\n"
                          << text << "\nhand-made: " << describe(mine[i])
                          << "\ngenerated: " << describe(reference[i]);
            return;
        }
    }
    EXPECT_EQ(mine.size(), reference.size()) << "in input:\n" << text;
}

std::vector<std::string> carte_files() {
    return test::carte_texts({"examples", "examples/parts", "menus", "tests/compiler/golden"});
}

TEST(DslLexer, SameTokensAsTheGeneratedLexerOnShippedFiles) {
    auto files = carte_files();
    ASSERT_GE(files.size(), 5u);
    for (const std::string& f : files) expect_same_tokens(f);
}

TEST(DslLexer, SameTokensOnEdgeCases) {
    for (const char* text : {
             "",
             "\"",
             "\"\"",
             "\"\"\"",
             "\"\"\"\"",
             "\"\"\"\"\"",
             "\"\"\"\"\"\"",
             "\"\"\"\"\"\"\"",
             "\"\"\"a\"\"\"\"",
             "\"\"\"a\nb\n\"\"\" x",
             "\"\"\"never closed\nitem",
             "\"a\\\"b\"",
             "\"a\\\"",
             "\"a\\",
             "\"a\\\nb\"",
             "\"a\\\r\nb\"",
             "\"\\é\" \"\\😀x\"",
             "\"ends at newline\nnext",
             "d->shell a--b->c x- -y tools-2 _a_ sha256x sha256 items item in-x",
             "10 10s 10ms 10m 10h 10mx 10min 10sx 007ms 1.5s",
             "== = != !~ ! ~ <= < >= > -> - { } ( ) [ ] , . / : ;",
             "(\n[\n)\n)\n]\n\n(\r\n)\r\n\r x",
             "# comment\r\n# another\n#",
             "\t  \t x\ty",
             "'single' & | ? @ $ % ^ ` \\ é 😀 \xe2\x82\xac",
             "carte 1\nmenu m \"M\" {\n  item a \"A\" when (x ==\n \"1\") -> shell\n}\n",
         })
        expect_same_tokens(text);
}

TEST(DslLexer, SameTokensOnRandomInputs) {
    const char* pieces[] = {
        "\"",     "\"\"\"", "\\",  "\\\"", "\n", "\r\n", "\r", " ", "\t",   "#",    "-",
        "->",     "--",     "=",   "==",   "!",  "!=",   "!~", "~", "<",    "<=",   ">",
        ">=",     "{",      "}",   "(",    ")",  "[",    "]",  ",", ".",    "/",    ":",
        ";",      "1",      "42",  "s",    "ms", "m",    "h",  "x", "item", "menu", "in",
        "sha256", "_",      "a-b", "é",    "😀",  "€",    "'",  "$", "{a}",  "${b}", "\xed\xa0\x80",
    };
    std::mt19937 rng(20251207);
    for (int n = 0; n < 20000; ++n) {
        std::string text;
        int count = 1 + static_cast<int>(rng() % 24);
        for (int k = 0; k < count; ++k) text += pieces[rng() % (sizeof pieces / sizeof *pieces)];
        expect_same_tokens(text);
        if (HasFailure()) return;
    }
}

TEST(DslLexer, SameTokensOnMutatedShippedFiles) {
    auto files = carte_files();
    const char* inserts[] = {"\"", "\"\"\"", "\\", "\n", "(", ")", "[", "]", "-", "#", "é", "\r"};
    std::mt19937 rng(7);
    for (const std::string& f : files) {
        for (int n = 0; n < 200 && !f.empty(); ++n) {
            std::string m = f;
            for (int e = 0; e < 3; ++e) {
                size_t pos = rng() % m.size();
                while (pos > 0 && (static_cast<unsigned char>(m[pos]) & 0xC0) == 0x80)
                    --pos;  // keep UTF-8 valid
                if (rng() % 2)
                    m.insert(pos, inserts[rng() % (sizeof inserts / sizeof *inserts)]);
                else
                    m.erase(pos, 1);
            }
            // Erasing can split a multi-byte character; the front-end rejects such text before lexing.
            bool valid = true;
            for (size_t i = 0; i < m.size() && valid;) {
                unsigned char c = static_cast<unsigned char>(m[i]);
                size_t len = c < 0x80           ? 1
                             : (c >> 5) == 0x6  ? 2
                             : (c >> 4) == 0xE  ? 3
                             : (c >> 3) == 0x1E ? 4
                                                : 0;
                valid = len != 0 && i + len <= m.size();
                for (size_t k = 1; valid && k < len; ++k)
                    valid = (static_cast<unsigned char>(m[i + k]) & 0xC0) == 0x80;
                i += len ? len : 1;
            }
            if (valid) expect_same_tokens(m);
            if (HasFailure()) return;
        }
    }
}

// Overlong forms and code points above U+10FFFF are not UTF-8: reported at their position
// before any lexer sees them (ANTLR's input stream aborted the program on them).
TEST(DslLexer, OverlongAndOutOfRangeUtf8AreReported) {
    for (const char* bad : {"\xe0\x80\x80", "\xf0\x80\x80\x80", "\xf4\x90\x80\x80", "\xf5\x80\x80\x80"}) {
        std::string text = std::string("carte 1\nmenu m \"") + bad + "\" { item a \"A\" -> shell }\n";
        diag::DiagnosticSink sink, fmt_sink;
        EXPECT_FALSE(parse_carte_string(text, "bad.carte", sink));
        ASSERT_EQ(sink.diagnostics().size(), 1u);
        EXPECT_EQ(sink.diagnostics()[0].code, "bad-encoding");
        EXPECT_EQ(sink.diagnostics()[0].span.line, 2u);
        EXPECT_EQ(sink.diagnostics()[0].span.col, 9u);
        EXPECT_FALSE(format_carte(text, "bad.carte", fmt_sink));
    }
    // The largest code point and a 3-byte form just above the overlong range are fine.
    for (const char* good : {"\xf4\x8f\xbf\xbf", "\xe0\xa0\x80", "\xf0\x90\x80\x80"}) {
        std::string text = std::string("carte 1\nmenu m \"") + good + "\" { item a \"A\" -> shell }\n";
        diag::DiagnosticSink sink;
        EXPECT_TRUE(parse_carte_string(text, "good.carte", sink)) << diag::render_text(sink);
        expect_same_tokens(text);
    }
}

}  // namespace
}  // namespace carte::dsl
