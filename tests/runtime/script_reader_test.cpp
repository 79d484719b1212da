// The iPXE script reader: header recognition, logical lines and tokens. Each test states the rule
// of docs/ipxe-scripts.md ("Reading a script") it checks.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "runtime/script/line_parser.h"
#include "runtime/script/line_reader.h"
#include "runtime/script/script_header.h"

namespace carte::script {
namespace {

Str S(const std::string& s) {
    return Str(s.data(), s.size());
}
std::string str(Str s) {
    return std::string(s.data(), s.size());
}

// `#!ipxe` or `#!gpxe`, then one whitespace byte; at least 7 bytes.
TEST(ScriptHeader, RecognisesIpxeAndGpxeWithWhitespace) {
    EXPECT_TRUE(is_script(Str("#!ipxe\n")));
    EXPECT_TRUE(is_script(Str("#!ipxe\r\n")));
    EXPECT_TRUE(is_script(Str("#!ipxe   anything")));
    EXPECT_TRUE(is_script(Str("#!ipxe\tx")));
    EXPECT_TRUE(is_script(Str("#!gpxe\n")));
}

TEST(ScriptHeader, RejectsEverythingElse) {
    EXPECT_FALSE(is_script(Str("#!ipxe")));     // 6 bytes: no whitespace byte
    EXPECT_FALSE(is_script(Str("#!ipxex\n")));  // byte 7 is not whitespace
    EXPECT_FALSE(is_script(Str("#!IPXE\n")));   // case-sensitive
    EXPECT_FALSE(is_script(Str(" #!ipxe\n")));
    EXPECT_FALSE(is_script(Str("#!/bin/sh\n")));
    EXPECT_FALSE(is_script(Str("")));
    EXPECT_FALSE(is_script(Bytes()));
}

struct Line {
    std::string text;
    uint32_t line, last;
    bool broken;
};

std::vector<Line> lines_of(const std::string& script) {
    LineReader r(S(script));
    ScriptLine l;
    std::vector<Line> out;
    while (r.next(&l)) out.push_back({str(l.text), l.line, l.last_line, l.broken});
    EXPECT_FALSE(r.out_of_memory());
    return out;
}

// Split on \n; one trailing CR stripped; a final newline does not start an empty line.
TEST(ScriptLines, SplitsOnNewlineAndStripsOneCr) {
    auto v = lines_of("#!ipxe\r\necho a\r\r\n\nlast");
    ASSERT_EQ(v.size(), 4u);
    EXPECT_EQ(v[0].text, "#!ipxe");
    EXPECT_EQ(v[1].text, "echo a\r");  // only one CR is removed
    EXPECT_EQ(v[2].text, "");
    EXPECT_EQ(v[3].text, "last");
    EXPECT_EQ(v[3].line, 4u);
    EXPECT_EQ(lines_of("a\n").size(), 1u);
    EXPECT_EQ(lines_of("").size(), 0u);
}

// A trailing `\` joins the next physical line directly, with no separator.
TEST(ScriptLines, ContinuationJoinsDirectly) {
    auto v = lines_of("echo cont\\\ninued line\nnext");
    ASSERT_EQ(v.size(), 2u);
    EXPECT_EQ(v[0].text, "echo continued line");
    EXPECT_EQ(v[0].line, 1u);
    EXPECT_EQ(v[0].last, 2u);
    EXPECT_FALSE(v[0].broken);
    EXPECT_EQ(v[1].text, "next");
    EXPECT_EQ(v[1].line, 3u);
}

// The CR is stripped before the backslash test, so CRLF continuations work; chains join.
TEST(ScriptLines, ContinuationAfterCrAndChained) {
    auto v = lines_of("a\\\r\nb\\\nc\r\n");
    ASSERT_EQ(v.size(), 1u);
    EXPECT_EQ(v[0].text, "abc");
    EXPECT_EQ(v[0].last, 3u);
}

// A backslash anywhere but the end is literal.
TEST(ScriptLines, InnerBackslashIsLiteral) {
    auto v = lines_of("echo a\\b \\n");
    ASSERT_EQ(v.size(), 1u);
    EXPECT_EQ(v[0].text, "echo a\\b \\n");
}

// A `\` at the end of the last line leaves a broken line (the script fails there).
TEST(ScriptLines, BackslashOnLastLineIsBroken) {
    auto v = lines_of("echo a\necho b\\");
    ASSERT_EQ(v.size(), 2u);
    EXPECT_FALSE(v[0].broken);
    EXPECT_TRUE(v[1].broken);
    auto w = lines_of("echo b\\\n");  // the final newline does not supply a next line
    ASSERT_EQ(w.size(), 1u);
    EXPECT_TRUE(w[0].broken);
}

// Positions inside a joined line map back to their physical line and column.
TEST(ScriptLines, PositionsInJoinedLines) {
    LineReader r(Str("x\nab\\\ncd"));
    ScriptLine l;
    ASSERT_TRUE(r.next(&l));
    ASSERT_TRUE(r.next(&l));
    ASSERT_EQ(str(l.text), "abcd");
    uint32_t line = 0, col = 0;
    LineReader::position(l, 1, &line, &col);
    EXPECT_EQ(line, 2u);
    EXPECT_EQ(col, 2u);
    LineReader::position(l, 2, &line, &col);  // 'c' starts line 3
    EXPECT_EQ(line, 3u);
    EXPECT_EQ(col, 1u);
}

std::vector<std::string> words(const ParsedLine& p) {
    std::vector<std::string> out;
    for (const Token& t : p.tokens) out.push_back(str(t.text));
    return out;
}

// Parsed lines view their text, so the texts live as long as the test binary.
ParsedLine parse(const std::string& text) {
    static std::vector<std::unique_ptr<std::string>> keep;
    keep.push_back(std::make_unique<std::string>(text));
    ParsedLine p;
    EXPECT_TRUE(parse_line(S(*keep.back()), &p));
    return p;
}

// Whitespace splitting (any isspace byte), no quoting.
TEST(ScriptTokens, WhitespaceSplitsAndQuotesAreOrdinary) {
    ParsedLine p = parse("  iseq \"x\"\t\"x\"\v'a b'  ");
    EXPECT_EQ(words(p), (std::vector<std::string>{"iseq", "\"x\"", "\"x\"", "'a", "b'"}));
    EXPECT_EQ(p.tokens[1].offset, 7u);
    ASSERT_EQ(p.commands.size(), 1u);
    EXPECT_EQ(p.commands[0].count, 5u);
}

// Only a token that starts with `#` is a comment, and it ends the whole line.
TEST(ScriptTokens, HashTokenEndsTheLine) {
    ParsedLine p = parse("echo a#b # b || echo c");
    EXPECT_EQ(words(p), (std::vector<std::string>{"echo", "a#b"}));
    EXPECT_TRUE(p.has_comment);
    EXPECT_EQ(p.comment_offset, 9u);
    ASSERT_EQ(p.commands.size(), 1u);
}

// The header line and comment-only lines have no commands.
TEST(ScriptTokens, CommentAndBlankLinesHaveNoCommands) {
    EXPECT_TRUE(parse("#!ipxe").commands.empty());
    EXPECT_TRUE(parse("   ").commands.empty());
    EXPECT_TRUE(parse("").commands.empty());
}

// Operators only as whole tokens; N operators make N+1 commands, possibly empty.
TEST(ScriptTokens, OperatorsAreWholeTokensOnly) {
    ParsedLine p = parse("echo a; b|| c & d |");
    ASSERT_EQ(p.commands.size(), 1u);
    EXPECT_EQ(p.commands[0].count, 7u);

    ParsedLine q = parse("a || b && c ; d");
    ASSERT_EQ(q.commands.size(), 4u);
    EXPECT_EQ(q.commands[0].joiner, Joiner::First);
    EXPECT_EQ(q.commands[1].joiner, Joiner::Or);
    EXPECT_EQ(q.commands[2].joiner, Joiner::And);
    EXPECT_EQ(q.commands[3].joiner, Joiner::Semicolon);
    EXPECT_EQ(str(q.word(q.commands[2], 0).text), "c");
}

// `cmd ||` and a leading operator both give empty commands.
TEST(ScriptTokens, EmptyCommandsAroundOperators) {
    ParsedLine p = parse("cmd ||");
    ASSERT_EQ(p.commands.size(), 2u);
    EXPECT_EQ(p.commands[1].count, 0u);
    EXPECT_EQ(p.commands[1].joiner, Joiner::Or);
    EXPECT_EQ(p.commands[1].offset, 6u);

    ParsedLine q = parse("&& echo x");
    ASSERT_EQ(q.commands.size(), 2u);
    EXPECT_EQ(q.commands[0].count, 0u);
    EXPECT_EQ(q.commands[1].count, 2u);

    ParsedLine r = parse("iseq a b && # c");
    ASSERT_EQ(r.commands.size(), 2u);
    EXPECT_EQ(r.commands[1].count, 0u);
}

// A label is the non-space run after `:`; the rest of the line is a command.
TEST(ScriptTokens, LabelsCarryCommands) {
    ParsedLine p = parse("  :retry dhcp || goto retry");
    EXPECT_TRUE(p.has_label);
    EXPECT_EQ(str(p.label), "retry");
    EXPECT_EQ(p.label_offset, 2u);
    ASSERT_EQ(p.commands.size(), 2u);
    EXPECT_EQ(str(p.word(p.commands[0], 0).text), "dhcp");

    ParsedLine q = parse(":a#b:c");
    EXPECT_EQ(str(q.label), "a#b:c");
    EXPECT_TRUE(q.commands.empty());

    ParsedLine e = parse(":");
    EXPECT_TRUE(e.has_label);
    EXPECT_EQ(str(e.label), "");

    EXPECT_FALSE(parse("echo :notalabel").has_label);
}

// A NUL byte ends the line, as it ends iPXE's C string.
TEST(ScriptTokens, NulEndsTheLine) {
    ParsedLine p = parse(std::string("echo a\0b c", 10));
    EXPECT_EQ(words(p), (std::vector<std::string>{"echo", "a"}));
}

}  // namespace
}  // namespace carte::script
