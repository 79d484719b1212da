// The assembler: hand-written listings assemble to verified bytecode, and every mistake in a
// listing becomes a positioned diagnostic rather than bad bytes.
#include <gtest/gtest.h>

#include "compiler/asm/assembler.h"
#include "runtime/bytecode/module.h"

namespace carte {
namespace {

TEST(Assembler, HandWrittenListingAssembles) {
    diag::DiagnosticSink sink;
    auto bytes = assembler::assemble(
        "; a tiny program\n"
        ".serial 9\n"
        ".entry start\n"
        ".menu \"m\" \"Title\" timeout=0 default=0\n"
        "  .item \"a\" \"A \\\"quoted\\\"\" key=97 -> run\n"
        "start:\n"
        "  menu \"m\"\n"
        "  ret\n"
        "run:\n"
        "  push \"echo\"\n"
        "  pushx \"${platform}\"\n"
        "  exec 2\n"
        "  jmp start\n",
        "t.s", sink);
    ASSERT_TRUE(bytes) << diag::render_text(sink);
    auto mod = bc::load_module(Bytes(bytes->data(), bytes->size()));
    ASSERT_TRUE(mod.ok());
    EXPECT_EQ(mod.value().header().serial, 9u);
    ASSERT_EQ(mod.value().menus().size(), 1u);
    EXPECT_TRUE(mod.value().str(mod.value().items()[0].label) == Str("A \"quoted\""));
}

TEST(Assembler, ReportsEveryErrorWithItsLine) {
    diag::DiagnosticSink sink;
    auto bytes = assembler::assemble(
        "start:\n"
        "  frobnicate\n"      // 2: unknown instruction
        "  push nope\n"       // 3: string not quoted
        "  jmp nowhere\n"     // 4: undefined label
        "  menu \"ghost\"\n"  // 5: no such menu
        ".bogus\n",           // 6: unknown directive
        "t.s", sink);
    EXPECT_FALSE(bytes);
    std::vector<uint32_t> lines;
    for (const auto& d : sink.sorted()) lines.push_back(d.span.line);
    EXPECT_EQ(lines, (std::vector<uint32_t>{2, 3, 4, 5, 6})) << diag::render_text(sink);
}

TEST(Assembler, StackRuleViolationsAreRejectedNotEmitted) {
    diag::DiagnosticSink sink;
    // A jump with a value left on the stack breaks the verifier's rules.
    auto bytes = assembler::assemble("start:\n  push \"x\"\n  jmp start\n", "t.s", sink);
    EXPECT_FALSE(bytes);
    EXPECT_TRUE(sink.has_errors());
}

}  // namespace
}  // namespace carte
