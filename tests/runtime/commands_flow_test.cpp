// Flow and settings commands, option parsing and usage errors (iPXE: src/core/exec.c,
// src/hci/commands/nvo_cmd.c, src/core/parseopt.c; docs/runtime.md).
#include <gtest/gtest.h>

#include "tests/runtime/vm_harness.h"

namespace carte {
namespace {

using test::Harness;
constexpr int32_t kRange = static_cast<int32_t>(Errc::range);
constexpr int32_t kCanceled = static_cast<int32_t>(Errc::canceled);
constexpr int32_t kInval = static_cast<int32_t>(Errc::inval);
constexpr int32_t kNoent = static_cast<int32_t>(Errc::noent);

// `echo` joins with single spaces; -n suppresses the newline; `--n` acts like -n.
TEST(CommandEcho, JoinsAndNoNewline) {
    Harness h;
    EXPECT_EQ(h.run("#!ipxe\necho a   b\necho -n x\necho --n y\necho\n"), 0);
    EXPECT_EQ(h.out(), "a b\nxy\n");
}

// An empty expansion is still an argument and gets a separator.
TEST(CommandEcho, EmptyArgumentKeepsSeparator) {
    Harness h;
    EXPECT_EQ(h.run("#!ipxe\necho a ${x} b\n"), 0);
    EXPECT_EQ(h.out(), "a  b\n");
}

// `echo -` and an unknown long option are errors (EINVAL).
TEST(CommandOptions, UnknownOptionIsInval) {
    Harness h;
    EXPECT_EQ(h.run("#!ipxe\necho --time\n"), kInval);
    EXPECT_NE(h.out().find("--time"), std::string::npos);
    Harness h2;
    EXPECT_EQ(h2.run("#!ipxe\necho -\n"), kInval);
}

// --help prints the usage and fails with ECANCELED.
TEST(CommandOptions, HelpPrintsUsageAndCancels) {
    Harness h;
    EXPECT_EQ(h.run("#!ipxe\niseq --help\n"), kCanceled);
    EXPECT_EQ(h.out(), "Usage:\n  iseq <value1> <value2>\n");
}

// A wrong argument count prints Usage and gives ERANGE.
TEST(CommandOptions, WrongArgcIsRange) {
    Harness h;
    EXPECT_EQ(h.run("#!ipxe\niseq a\n"), kRange);
    EXPECT_EQ(h.out(), "Usage:\n  iseq <value1> <value2>\n");
}

// Options stop at the first non-option; `--` ends options; --opt=value and --opt value.
TEST(CommandOptions, PosixStopAndDoubleDash) {
    Harness h;
    EXPECT_EQ(h.run("#!ipxe\necho x -n\necho -- -n\nmenu --name=m T\nitem --menu m --key k k K\n"), 0);
    EXPECT_EQ(h.out(), "x -n\n-n\n");
}

// `iseq` is exact (quotes are ordinary characters); isset tests the string.
TEST(CommandCompare, IseqAndIsset) {
    Harness h;
    EXPECT_EQ(h.run("#!ipxe\niseq \"x\" \"x\"\niseq ${nosuch} ${nosuch2}\nisset ${nosuch} || echo unset\n"
                    "set v 1\nisset ${v} && echo set\n"),
              0);
    EXPECT_EQ(h.out(), "unset\nset\n");
    Harness h2;
    EXPECT_EQ(h2.run("#!ipxe\nisset ${nosuch}\n"), kNoent);
}

// `set` joins with single spaces; an empty value deletes.
TEST(CommandSet, JoinsAndEmptyDeletes) {
    Harness h;
    EXPECT_EQ(h.run("#!ipxe\nset b   spaced    out\nset c ${x} ${x}\nset d 1\nset d\n"), 0);
    EXPECT_EQ(h.setting("b"), "spaced out");
    EXPECT_EQ(h.setting("c"), " ");
    EXPECT_EQ(h.setting("d"), "<unset>");
}

TEST(CommandSet, ClearAndShow) {
    Harness h;
    EXPECT_EQ(h.run("#!ipxe\nset c:int32 7\nshow c\nshow --quiet c\nclear c\nshow c || echo gone\n"), 0);
    EXPECT_NE(h.out().find("c:int32 = 7\n7\n"), std::string::npos) << h.out();
    EXPECT_NE(h.out().find("gone\n"), std::string::npos);
}

// `inc` creates a missing setting as 1, `inc n -1` decrements, a string setting fails.
TEST(CommandInc, CountsAndWraps) {
    Harness h;
    EXPECT_EQ(h.run("#!ipxe\ninc n\ninc n\ninc n 5\ninc n -1\n"), 0);
    EXPECT_EQ(h.setting("n"), "6");
    Harness h2;
    EXPECT_NE(h2.run("#!ipxe\nset s 0\ninc s\n"), 0);
}

// `exit N` ends the script with N; `exit abc` and `exit -1` are usage errors.
TEST(CommandExit, StatusAndUsageErrors) {
    Harness h;
    EXPECT_EQ(h.run("#!ipxe\nexit 7\necho never\n"), 7);
    EXPECT_EQ(h.out(), "");
    Harness h2;
    EXPECT_EQ(h2.run("#!ipxe\nexit abc || echo went-on\nexit -1 || echo again\nexit 1 2 || echo third\n"), 0);
    EXPECT_NE(h2.out().find("went-on\n"), std::string::npos) << h2.out();
    EXPECT_NE(h2.out().find("again\n"), std::string::npos);
    EXPECT_NE(h2.out().find("third\n"), std::string::npos);
}

// `goto` with the wrong argument count is a usage error.
TEST(CommandGoto, UsageForOddCounts) {
    Harness h;
    EXPECT_EQ(h.run("#!ipxe\ngoto a b\n"), kRange);
    EXPECT_EQ(h.out(), "Usage:\n  goto <label>\n");
}

// `sleep` waits whole seconds (virtual time here); Ctrl-C interrupts with ECANCELED.
TEST(CommandSleep, WaitsAndCtrlCCancels) {
    Harness h;
    EXPECT_EQ(h.run("#!ipxe\nsleep 5\n"), 0);
    EXPECT_GE(h.platform.now_ms(), 5000u);
    Harness h2("ctrl-c");
    EXPECT_EQ(h2.run("#!ipxe\nsleep 5\n"), kCanceled);
}

// `prompt`: any key succeeds; --key with another key is ECANCELED; timeout is ETIMEDOUT;
// the text is erased afterwards.
TEST(CommandPrompt, KeysAndTimeout) {
    Harness h("x");
    EXPECT_EQ(h.run("#!ipxe\nprompt Press any key\n"), 0);
    EXPECT_EQ(h.out(), "");  // erased with backspaces
    Harness h2("x");
    EXPECT_EQ(h2.run("#!ipxe\nprompt --key y Press y\n"), kCanceled);
    Harness h3;
    EXPECT_EQ(h3.run("#!ipxe\nprompt --timeout 2000 Wait\n"), static_cast<int32_t>(Errc::timedout));
    Harness h4("ctrl-b");
    EXPECT_EQ(h4.run("#!ipxe\nprompt --key 0x02 --timeout 2000 Press Ctrl-B\n"), 0);
}

// read: the line editor, pre-filled with the current value.
TEST(CommandRead, EditsCurrentValue) {
    Harness h("bs,Z,enter");
    EXPECT_EQ(h.run("#!ipxe\nset name abc\nread name\n"), 0);
    EXPECT_EQ(h.setting("name"), "abZ");
}

TEST(CommandSystem, CpuidHelpReboot) {
    Harness h;
    EXPECT_EQ(
        h.run("#!ipxe\ncpuid --ext 29 && echo 64bit\ncpuid 3 || echo nobit\nhelp\nreboot\necho never\n"), 0);
    EXPECT_NE(h.out().find("64bit\nnobit\n"), std::string::npos) << h.out();
    EXPECT_NE(h.out().find("Available commands:"), std::string::npos);
    EXPECT_NE(h.out().find("Rebooting"), std::string::npos);
    EXPECT_EQ(h.out().find("never"), std::string::npos);
    EXPECT_TRUE(h.in.halted());
}

TEST(CommandLogin, StoresUsernameAndPassword) {
    Harness h("b,o,b,enter,s,3,enter");
    EXPECT_EQ(h.run("#!ipxe\nlogin\n"), 0);
    EXPECT_EQ(h.setting("username"), "bob");
    EXPECT_EQ(h.setting("password"), "s3");
    EXPECT_EQ(h.out().find("s3"), std::string::npos);  // the password is masked
}

TEST(CommandParams, ListsAndEntries) {
    Harness h;
    EXPECT_EQ(
        h.run("#!ipxe\nparams\nparam mac 52:54\nparam --header X-A b\nparams --name p\nparam --params p k\n"),
        0);
    ASSERT_NE(h.in.params().find(""), nullptr);
    EXPECT_EQ(h.in.params().find("")->params.size(), 2u);
    EXPECT_TRUE(h.in.params().find("")->params[1].header);
    Harness h2;
    EXPECT_EQ(h2.run("#!ipxe\nparam --params none k\n"), kNoent);
}

TEST(CommandNet, DhcpFillsNet0AndIfstat) {
    Harness h;
    EXPECT_EQ(
        h.run("#!ipxe\ndhcp\necho ip=${net0/ip} ${ip}\nifstat\nnslookup addr 127.0.0.1\necho ${addr}\n"), 0);
    EXPECT_NE(h.out().find("Configuring (net0 "), std::string::npos) << h.out();
    EXPECT_NE(h.out().find("ip="), std::string::npos);
    EXPECT_NE(h.out().find("net0: "), std::string::npos);
    EXPECT_NE(h.out().find("127.0.0.1\n"), std::string::npos);
    Harness h2;
    EXPECT_EQ(h2.run("#!ipxe\nifopen net7\n"), kNoent);
}

}  // namespace
}  // namespace carte
