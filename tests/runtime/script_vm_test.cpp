// Translated iPXE scripts on the real VM (runtime/vm) with the real command table: the same
// rules as script_translator_test.cpp, observed through `echo` output and the script's rc, plus
// pciids.ipxe end to end (a `goto` into 23,894 labels).
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "tests/runtime/vm_harness.h"

namespace carte {
namespace {

using test::Harness;
const int32_t kRange = static_cast<int32_t>(Errc::range);

// Left to right, no precedence, tests see the rc of the last command that ran.
TEST(ScriptVm, OrThenAnd) {
    {
        Harness h;
        EXPECT_EQ(h.run("#!ipxe\niseq 1 1 || echo b && echo c\n"), 0);
        EXPECT_EQ(h.out(), "c\n");
    }
    {
        Harness h;
        EXPECT_EQ(h.run("#!ipxe\niseq 1 2 || echo b && echo c\n"), 0);
        EXPECT_EQ(h.out(), "b\nc\n");
    }
    {
        Harness h;
        EXPECT_EQ(h.run("#!ipxe\niseq 1 2 || iseq 3 4 && echo c\necho never\n"), kRange);
        EXPECT_EQ(h.out(), "");
    }
}

// The documented pitfall runs the `set` even though arch is already set.
TEST(ScriptVm, PrecedencePitfall) {
    Harness h;
    EXPECT_EQ(h.run("#!ipxe\nset arch i386\nisset ${arch} || iseq a b && set arch x86_64\necho ${arch}\n"),
              0);
    EXPECT_EQ(h.out(), "x86_64\n");
}

// Empty commands count.
TEST(ScriptVm, EmptyCommands) {
    Harness h;
    EXPECT_EQ(h.run("#!ipxe\n&& echo runs\niseq a b || # ignored\necho next\niseq a b && # c\necho never\n"),
              kRange);
    EXPECT_EQ(h.out(), "runs\nnext\n");
}

// `goto` abandons the rest of its line; the label line's own command runs.
TEST(ScriptVm, GotoAbandonsLineAndLandsOnLabelLine) {
    Harness h;
    EXPECT_EQ(h.run("#!ipxe\ngoto x ; echo y\necho skipped\n:x echo landed\n"), 0);
    EXPECT_EQ(h.out(), "landed\n");
}

// `goto` with a wrong argument count runs the command, which prints its usage error.
TEST(ScriptVm, GotoUsageError) {
    Harness h;
    EXPECT_EQ(h.run("#!ipxe\ngoto a b || echo handled\n:a\n"), 0);
    EXPECT_EQ(h.out().rfind("Usage:\n  goto", 0), 0u) << h.out();  // the usage error comes first
    EXPECT_NE(h.out().find("handled\n"), std::string::npos) << h.out();
}

// `exit` stops at once, mid-line, with its status.
TEST(ScriptVm, ExitMidLine) {
    Harness h;
    EXPECT_EQ(h.run("#!ipxe\necho a ; exit 3 ; echo b\necho c\n"), 3);
    EXPECT_EQ(h.out(), "a\n");
}

// Continuation joins directly; a `\` on the last line fails after the lines before.
TEST(ScriptVm, Continuations) {
    Harness h;
    EXPECT_EQ(h.run("#!ipxe\necho cont\\\ninued line\r\necho b\\"), static_cast<int32_t>(Errc::inval));
    EXPECT_EQ(h.out(), "continued line\n");
}

// No quoting; a `#` token ends the line; `a#b` is a word.
TEST(ScriptVm, CommentsAndQuotes) {
    Harness h;
    EXPECT_EQ(h.run("#!ipxe\necho \"x\" a#b # b || echo c\niseq \"x\" \"x\" && echo same\n"), 0);
    EXPECT_EQ(h.out(), "\"x\" a#b\nsame\n");
}

// netboot.xyz's pciids.ipxe: `goto ${vendor}${device} || goto ${vendor} || exit` into 23,894
// labels, run end to end (translation, verification, LABL lookups, settings).
TEST(ScriptVm, PciidsLookup) {
    namespace fs = std::filesystem;
    fs::path p = fs::path(CARTE_SHARED_DIR) / "conformance" / "netbootxyz" / "pciids.ipxe";
    if (!fs::exists(p)) GTEST_SKIP() << "no pciids.ipxe at " << p << " (conformance data absent)";
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string text = ss.str();

    Harness h;
    ASSERT_EQ(h.run("#!ipxe\nset vendor 8086\nset device 100e\n"), 0);
    auto t0 = std::chrono::steady_clock::now();
    EXPECT_EQ(h.run(text, "file:///pciids.ipxe"), 0);
    auto t1 = std::chrono::steady_clock::now();
    EXPECT_EQ(h.setting("ven"), "Intel Corporation");
    EXPECT_EQ(h.setting("dev"), "82540EM Gigabit Ethernet Controller");
    std::printf("[ pciids   ] run with vendor 8086 device 100e: %.1f ms (translate + verify + run)\n",
                std::chrono::duration<double, std::milli>(t1 - t0).count());

    // Unknown device of a known vendor: falls back to the vendor label.
    ASSERT_EQ(h.run("#!ipxe\nset vendor 1af4\nset device ffff\nclear dev\n"), 0);
    EXPECT_EQ(h.run(text, "file:///pciids.ipxe"), 0);
    EXPECT_EQ(h.setting("dev"), "<unset>");
    EXPECT_NE(h.setting("ven"), "Intel Corporation");
}

}  // namespace
}  // namespace carte
