// iPXE script → bytecode: the instruction patterns of docs/ipxe-scripts.md, rule by rule, plus
// behaviour checked by running the output on the reference interpreter in script_fake_vm.h.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "runtime/bytecode/disassembler.h"
#include "runtime/bytecode/format.h"
#include "tests/runtime/script_fake_vm.h"
#include "tests/runtime/script_test_util.h"

namespace carte::script::testing {
namespace {

using Code = std::vector<std::string>;
const int kInval = static_cast<int>(Errc::inval);
const int kNoent = static_cast<int>(Errc::noent);

// Translates `body` after a `#!ipxe` header line and runs it on the fake interpreter.
FakeRun run(const std::string& body, const std::map<std::string, int>& rcs = {},
            const std::map<std::string, std::string>& vars = {}) {
    Translated t;
    translate_into("#!ipxe\n" + body, &t);
    EXPECT_TRUE(t.ok) << t.why;
    if (!t.ok) return {};
    FakeRun r = fake_run(t.module, rcs, vars);
    EXPECT_TRUE(r.finished);
    return r;
}

using Trace = std::vector<std::string>;

// Each token is pushed (pushx when it contains `${`), then `exec n`; each line ends with
// `line`; the end of the script is `setrc 0; ret` (falling off the end succeeds).
TEST(ScriptTranslate, CommandIsPushesExecAndLine) {
    EXPECT_EQ(code_of("#!ipxe\necho hello ${name}x\n"),
              (Code{"push echo", "push hello", "pushx ${name}x", "exec 3", "line", "setrc 0", "ret"}));
}

// The header, blank lines, whitespace-only lines and comment lines emit nothing.
TEST(ScriptTranslate, CommentsAndBlankLinesEmitNothing) {
    EXPECT_EQ(code_of("#!ipxe\n\n   \t\n# just a comment\n  #indented\n"), (Code{"setrc 0", "ret"}));
}

// A `#` token ends the line: `echo a # b || echo c` is just `echo a`.
TEST(ScriptTranslate, CommentEndsLineIncludingOperators) {
    EXPECT_EQ(code_of("#!ipxe\necho a#b # b || echo c\n"),
              (Code{"push echo", "push a#b", "exec 2", "line", "setrc 0", "ret"}));
}

// `||` is `jok` over the next command, `&&` is `jfail` over it, `;` nothing. The tests
// after a skipped command see the rc of the last command that ran: `a || b && c`.
TEST(ScriptTranslate, OperatorsLeftToRightWithoutPrecedence) {
    EXPECT_EQ(code_of("#!ipxe\na || b && c ; d\n"),
              (Code{"push a", "exec 1", "jok @5", "push b", "exec 1", "jfail @8", "push c", "exec 1",
                    "push d", "exec 1", "line", "setrc 0", "ret"}));
}

TEST(ScriptRun, OrThenAndUsesRcOfLastCommandThatRan) {
    // a succeeds: b is skipped, rc stays 0, so c runs.
    EXPECT_EQ(run("a || b && c\n").trace, (Trace{"a", "c"}));
    // a fails, b succeeds: c runs.
    EXPECT_EQ(run("a || b && c\n", {{"a", 1}}).trace, (Trace{"a", "b", "c"}));
    // a and b fail: c is skipped and the line fails with b's status, ending the script.
    FakeRun r = run("a || b && c\nafter\n", {{"a", 1}, {"b", 7}});
    EXPECT_EQ(r.trace, (Trace{"a", "b"}));
    EXPECT_EQ(r.rc, 7);
    // `a && b || c` with a failing: b skipped, rc stays a's failure, so c runs.
    EXPECT_EQ(run("a && b || c\n", {{"a", 1}}).trace, (Trace{"a", "c"}));
}

// The precedence pitfall: `isset ${arch} || cpuid --ext 29 && set arch x86_64` runs the set
// even when arch is already set.
TEST(ScriptRun, PrecedencePitfallFromTheIpxeDocs) {
    FakeRun r = run("isset ${arch} || cpuid --ext 29 && set arch x86_64\n", {}, {{"arch", "i386"}});
    EXPECT_EQ(r.trace, (Trace{"isset i386", "set arch x86_64"}));
}

// `false && x` fails the line (x skipped, rc stays the failure); the script stops.
TEST(ScriptRun, SkippedAndLeavesFailure) {
    FakeRun r = run("false && x\nnever\n", {{"false", 5}});
    EXPECT_EQ(r.trace, (Trace{"false"}));
    EXPECT_EQ(r.rc, 5);
}

// The trailing `||` idiom: the empty command after `||` is `setrc 0`, so failure is ignored.
TEST(ScriptTranslate, TrailingOrIsEmptyCommand) {
    EXPECT_EQ(code_of("#!ipxe\nfalse ||\n"),
              (Code{"push false", "exec 1", "jok @4", "setrc 0", "line", "setrc 0", "ret"}));
    FakeRun r = run("false ||\nnext\n", {{"false", 5}});
    EXPECT_EQ(r.trace, (Trace{"false", "next"}));
    EXPECT_EQ(r.rc, 0);
}

// Empty commands count. `&& echo` at the start runs the echo; `iseq a b && # c`
// fails the line, `iseq a b || # c` does not.
TEST(ScriptRun, EmptyCommandsCount) {
    EXPECT_EQ(code_of("#!ipxe\n&& echo x\n"),
              (Code{"setrc 0", "jfail @5", "push echo", "push x", "exec 2", "line", "setrc 0", "ret"}));
    EXPECT_EQ(run("&& echo x\n").trace, (Trace{"echo x"}));
    FakeRun f = run("iseq a b && # c\nnever\n", {{"iseq", 34}});
    EXPECT_EQ(f.trace, (Trace{"iseq a b"}));
    EXPECT_EQ(f.rc, 34);
    FakeRun g = run("iseq a b || # c\nnext\n", {{"iseq", 34}});
    EXPECT_EQ(g.trace, (Trace{"iseq a b", "next"}));
    EXPECT_EQ(g.rc, 0);
}

// `;` always runs the next command; a trailing `;` adds an empty command (rc 0).
TEST(ScriptRun, SemicolonAlwaysRuns) {
    FakeRun r = run("a ; b\nfalse ;\nend\n", {{"a", 3}, {"false", 4}});
    EXPECT_EQ(r.trace, (Trace{"a", "b", "false", "end"}));
    EXPECT_EQ(r.rc, 0);
}

// Operators are whole tokens only: `a;` and `|` are ordinary words.
TEST(ScriptTranslate, OperatorCharactersInsideWordsAreLiteral) {
    EXPECT_EQ(code_of("#!ipxe\necho a; | b&&c\n"),
              (Code{"push echo", "push a;", "push |", "push b&&c", "exec 4", "line", "setrc 0", "ret"}));
}

// `goto X` with one argument is `push X; goto` (pushx when X has `${`).
TEST(ScriptTranslate, GotoUsesTheGotoOpcode) {
    EXPECT_EQ(
        code_of("#!ipxe\ngoto host_${mac} || goto default\n:default\n"),
        (Code{"pushx host_${mac}", "goto", "jok @5", "push default", "goto", "line", "setrc 0", "ret"}));
}

// Other argument counts (and options) run the `goto` command for its usage error.
TEST(ScriptTranslate, GotoWithOtherArgumentCountsIsACommand) {
    EXPECT_EQ(code_of("#!ipxe\ngoto\n"), (Code{"push goto", "exec 1", "line", "setrc 0", "ret"}));
    EXPECT_EQ(code_of("#!ipxe\ngoto a b\n"),
              (Code{"push goto", "push a", "push b", "exec 3", "line", "setrc 0", "ret"}));
    EXPECT_EQ(code_of("#!ipxe\ngoto --help\n"),
              (Code{"push goto", "push --help", "exec 2", "line", "setrc 0", "ret"}));
}

// `goto` abandons the rest of the line: in `goto x ; echo y`, y never runs.
TEST(ScriptRun, GotoAbandonsRestOfLine) {
    FakeRun r = run("goto x ; echo y\necho skipped\n:x echo landed\n");
    EXPECT_EQ(r.trace, (Trace{"echo landed"}));
    EXPECT_EQ(r.rc, 0);
}

// An unknown label fails with ENOENT (ending the script unless handled with `||`).
TEST(ScriptRun, UnknownLabel) {
    FakeRun r = run("goto nowhere\necho never\n");
    EXPECT_TRUE(r.trace.empty());
    EXPECT_EQ(r.rc, kNoent);
    FakeRun h = run("goto host_${h} || goto fallback\n:fallback echo fb\n", {}, {{"h", "x"}});
    EXPECT_EQ(h.trace, (Trace{"echo fb"}));
}

// A label binds to the start of its own line, whose command runs both on fall-through
// and after a goto; duplicates resolve to the first definition.
TEST(ScriptTranslate, LabelsBindToTheirLine) {
    Translated t;
    translate_into("#!ipxe\n:a echo first\n:b\n:a echo second\n:c\n", &t);
    ASSERT_TRUE(t.ok) << t.why;
    EXPECT_EQ(t.module.labels().size(), 3u);
    EXPECT_EQ(label_index(t, "a"), 0);
    EXPECT_EQ(label_index(t, "b"), 4);  // label-only line: the next line's first instruction
    EXPECT_EQ(label_index(t, "c"), 8);  // at the end: the final `setrc 0`
    EXPECT_EQ(t.code[8], "setrc 0");
}

TEST(ScriptRun, LabelLineCommandRunsOnFallThroughAndGoto) {
    FakeRun r =
        run("set n 0\n:skip echo hi\ngoto done_${n} || goto again\n:again set n 1 && goto skip\n"
            ":done_1 exit 0\n");
    EXPECT_EQ(r.trace, (Trace{"set n 0", "echo hi", "set n 1", "echo hi", "exit 0"}));
}

TEST(ScriptRun, DuplicateLabelFirstWins) {
    FakeRun r = run("goto d\n:d echo first\nexit 0\n:d echo second\n");
    EXPECT_EQ(r.trace, (Trace{"echo first", "exit 0"}));
}

// `exit` ends the script at once, even mid-line; its status is the script's.
TEST(ScriptRun, ExitEndsTheScript) {
    FakeRun r = run("exit 3 ; echo no\necho no\n");
    EXPECT_EQ(r.trace, (Trace{"exit 3"}));
    EXPECT_EQ(r.rc, 3);
}

// The first failing line ends the script with that line's status.
TEST(ScriptRun, FirstFailingLineEndsScript) {
    FakeRun r = run("ok1\nbad\nok2\n", {{"bad", 8}});
    EXPECT_EQ(r.trace, (Trace{"ok1", "bad"}));
    EXPECT_EQ(r.rc, 8);
}

// Continuation joins directly, so `ech\` + `o x` is `echo x`.
TEST(ScriptTranslate, ContinuationJoins) {
    EXPECT_EQ(code_of("#!ipxe\nech\\\no x\n"),
              (Code{"push echo", "push x", "exec 2", "line", "setrc 0", "ret"}));
}

// A `\` on the last line fails the script there; the lines before it still run.
TEST(ScriptRun, BackslashOnLastLineFailsTheScript) {
    EXPECT_EQ(code_of("#!ipxe\necho a\necho b\\\n"),
              (Code{"push echo", "push a", "exec 2", "line", "setrc " + std::to_string(kInval), "ret"}));
    FakeRun r = run("echo a\necho b\\");
    EXPECT_EQ(r.trace, (Trace{"echo a"}));
    EXPECT_EQ(r.rc, kInval);
}

// `"` is not quoting, and a `${` inside quotes still expands (pushx).
TEST(ScriptTranslate, NoQuoting) {
    EXPECT_EQ(code_of("#!ipxe\niseq \"${x}\" \"x\"\n"),
              (Code{"push iseq", "pushx \"${x}\"", "push \"x\"", "exec 3", "line", "setrc 0", "ret"}));
}

// A script needs its header, except in the .lkrn command-line mode.
TEST(ScriptTranslate, HeaderRequiredUnlessCommandLineMode) {
    Translated t;
    translate_into("echo hi\n", &t);
    EXPECT_FALSE(t.ok);
    EXPECT_NE(t.why.find("#!ipxe"), std::string::npos);
    ScriptOptions cmdline;
    cmdline.require_header = false;
    EXPECT_EQ(code_of("dhcp && chain http://x/y.ipxe", cmdline),
              (Code{"push dhcp", "exec 1", "jfail @6", "push chain", "push http://x/y.ipxe", "exec 2", "line",
                    "setrc 0", "ret"}));
    EXPECT_EQ(code_of("#!gpxe\nshell\n"), (Code{"push shell", "exec 1", "line", "setrc 0", "ret"}));
}

// An empty (or header-only) script succeeds without doing anything.
TEST(ScriptTranslate, EmptyScriptSucceeds) {
    EXPECT_EQ(code_of("#!ipxe\n"), (Code{"setrc 0", "ret"}));
    ScriptOptions cmdline;
    cmdline.require_header = false;
    EXPECT_EQ(code_of("", cmdline), (Code{"setrc 0", "ret"}));
}

// The VM's argv limit is 64 words: a longer command is a clear translation error.
TEST(ScriptTranslate, TooManyWordsIsAnError) {
    std::string line = "echo";
    for (int i = 0; i < 63; ++i) line += " w";
    EXPECT_EQ(code_of("#!ipxe\n" + line + "\n").size(), 68u);  // 64 pushes, exec, line, setrc, ret
    Translated t;
    translate_into("#!ipxe\n\n" + line + " w\n", &t, ScriptOptions(), "big.ipxe");
    EXPECT_FALSE(t.ok);
    EXPECT_EQ(t.why, "big.ipxe:3: a command has more than 64 words");
}

// Output has the SCRIPT flag and DBUG positions naming the script and its lines.
TEST(ScriptTranslate, ScriptFlagAndSourcePositions) {
    Translated t;
    translate_into("#!ipxe\n# c\necho a \\\nb\n\nexit 1\n", &t, ScriptOptions(), "http://srv/menu.ipxe");
    ASSERT_TRUE(t.ok) << t.why;
    EXPECT_TRUE(t.module.header().flags & bc::kFlagScript);
    EXPECT_TRUE(t.module.header().flags & bc::kFlagDebug);
    bc::SourcePos p = t.module.source_at(t.offsets[0]);
    EXPECT_EQ(std::string(p.file.data(), p.file.size()), "http://srv/menu.ipxe");
    EXPECT_EQ(p.line, 3u);
    ASSERT_EQ(t.code[5], "push exit");
    EXPECT_EQ(t.module.source_at(t.offsets[5]).line, 6u);

    String listing;
    ASSERT_TRUE(bc::disassemble(t.module, &listing));
    EXPECT_NE(std::string(listing.c_str()).find(".line \"http://srv/menu.ipxe\" 6"), std::string::npos)
        << listing.c_str();

    ScriptOptions nodebug;
    nodebug.debug_info = false;
    Translated u;
    translate_into("#!ipxe\necho a\n", &u, nodebug);
    ASSERT_TRUE(u.ok);
    EXPECT_FALSE(u.module.header().flags & bc::kFlagDebug);
}

// Same input, same bytes (the builder is deterministic; the translator must not add noise).
TEST(ScriptTranslate, Deterministic) {
    Translated a, b;
    translate_into("#!ipxe\n:x echo ${a} || goto x\n", &a);
    translate_into("#!ipxe\n:x echo ${a} || goto x\n", &b);
    ASSERT_TRUE(a.ok && b.ok);
    EXPECT_EQ(a.bytes, b.bytes);
}

}  // namespace
}  // namespace carte::script::testing
