// The VM: dispatch, rc, `line`, goto, exec of unknown commands, the call stack of `chain`, and
// the budget/Ctrl-C guard. Scripts go through the real translator; opcode-level behaviour is
// pinned with ModuleBuilder modules.
#include <gtest/gtest.h>

#include "runtime/bytecode/module_builder.h"
#include "tests/runtime/vm_harness.h"

namespace carte {
namespace {

using test::Harness;
using test::TempDir;

Result<bc::Module> build(bc::ModuleBuilder& b, Vec<uint8_t>* storage) {
    String why;
    auto bytes = b.finish(&why);
    EXPECT_TRUE(bytes.ok()) << why.c_str();
    *storage = bytes.take();
    return bc::load_module(storage->span(), &why);
}

// Unknown commands print `x: command not found` and fail with ENOEXEC.
TEST(VmExec, UnknownCommandIsNotFound) {
    Harness h;
    EXPECT_EQ(h.run("#!ipxe\nfrobnicate a b\necho never\n"), static_cast<int32_t>(Errc::noexec));
    EXPECT_EQ(h.out(), "frobnicate: command not found\n");
}

// `||` catches the failure; command names are case-sensitive.
TEST(VmExec, OrCatchesNotFound) {
    Harness h;
    EXPECT_EQ(h.run("#!ipxe\nECHO x || echo caught\necho after\n"), 0);
    EXPECT_EQ(h.out(), "ECHO: command not found\ncaught\nafter\n");
}

// The first line with a non-zero status ends the script with that status.
TEST(VmExec, FirstFailingLineEndsScript) {
    Harness h;
    EXPECT_EQ(h.run("#!ipxe\necho one\niseq a b\necho two\n"), static_cast<int32_t>(Errc::range));
    EXPECT_EQ(h.out(), "one\n");
}

// `false && x` fails the line (rc stays the failure); `cmd ||` ignores the failure.
TEST(VmExec, OperatorsUseLastRc) {
    Harness h;
    EXPECT_EQ(h.run("#!ipxe\niseq a b ||\necho ok\niseq a b && echo no\necho never\n"),
              static_cast<int32_t>(Errc::range));
    EXPECT_EQ(h.out(), "ok\n");
}

// `goto` jumps to the first matching label; the label line's command runs.
TEST(VmGoto, JumpsToLabelAndRunsItsCommand) {
    Harness h;
    EXPECT_EQ(h.run("#!ipxe\ngoto b\necho skipped\n:b echo at-b\n:b echo second-b\n"), 0);
    EXPECT_EQ(h.out(), "at-b\nsecond-b\n");
}

// An unknown label gives ENOENT silently, so `|| goto other` works.
TEST(VmGoto, UnknownLabelFailsWithNoent) {
    Harness h;
    EXPECT_EQ(h.run("#!ipxe\ngoto nowhere\n"), static_cast<int32_t>(Errc::noent));
    EXPECT_EQ(h.out(), "");
    Harness h2;
    EXPECT_EQ(h2.run("#!ipxe\nset host x\ngoto host_${host} || goto fallback\n:fallback\necho fb\n"), 0);
    EXPECT_EQ(h2.out(), "fb\n");
}

// Expansion happens per token: a value with spaces stays one argument.
TEST(VmExpand, ValueWithSpacesIsOneArgument) {
    Harness h;
    EXPECT_EQ(h.run("#!ipxe\nset a hello world\niseq ${a} ${a}\necho [${a}] [${nosuch}]\n"), 0);
    EXPECT_EQ(h.out(), "[hello world] []\n");
}

// `exit 3` in a chained script returns 3 to the caller, which goes on; errno = 0x3.
TEST(VmChain, ExitStatusReturnsToCaller) {
    TempDir dir;
    dir.write("sub.ipxe", "#!ipxe\necho in-sub\nexit 3\necho never\n");
    Harness h;
    std::string main = "#!ipxe\nchain sub.ipxe || echo rc=${errno}\necho back\n";
    EXPECT_EQ(h.run(main, dir.uri("main.ipxe")), 0);
    EXPECT_NE(h.out().find("in-sub\n"), std::string::npos) << h.out();
    EXPECT_NE(h.out().find("rc=0x3\nback\n"), std::string::npos) << h.out();
    EXPECT_EQ(h.out().find("never"), std::string::npos);
}

// `exit` (0) in the callee is success for the caller; settings are shared both ways.
TEST(VmChain, SharesSettingsAndExitZeroSucceeds) {
    TempDir dir;
    dir.write("sub.ipxe", "#!ipxe\necho sub sees ${from_main}\nset from_sub yes\nexit\n");
    Harness h;
    EXPECT_EQ(
        h.run("#!ipxe\nset from_main 1\nchain sub.ipxe\necho main sees ${from_sub}\n", dir.uri("main.ipxe")),
        0);
    EXPECT_NE(h.out().find("sub sees 1\n"), std::string::npos) << h.out();
    EXPECT_NE(h.out().find("main sees yes\n"), std::string::npos) << h.out();
}

// Relative URIs resolve against the running script's URI (cwuri), restored afterwards.
TEST(VmChain, RelativeUrisResolveAgainstCallerUri) {
    TempDir dir;
    std::system(("mkdir -p '" + dir.path + "/sub'").c_str());
    dir.write("sub/inner.ipxe", "#!ipxe\necho inner cwuri=${cwuri}\nchain leaf.ipxe\n");
    dir.write("sub/leaf.ipxe", "#!ipxe\necho leaf\n");
    Harness h;
    EXPECT_EQ(h.run("#!ipxe\nchain sub/inner.ipxe\necho main cwuri=${cwuri}\n", dir.uri("main.ipxe")), 0);
    EXPECT_NE(h.out().find("inner cwuri=" + dir.uri("sub/inner.ipxe")), std::string::npos) << h.out();
    EXPECT_NE(h.out().find("leaf\n"), std::string::npos);
    EXPECT_NE(h.out().find("main cwuri=" + dir.uri("main.ipxe")), std::string::npos) << h.out();
}

// `chain --replace` replaces the calling script: the caller does not continue.
TEST(VmChain, ReplaceDoesNotReturn) {
    TempDir dir;
    dir.write("next.ipxe", "#!ipxe\necho next\n");
    Harness h;
    EXPECT_EQ(h.run("#!ipxe\nchain --replace next.ipxe\necho never\n", dir.uri("main.ipxe")), 0);
    EXPECT_NE(h.out().find("next\n"), std::string::npos);
    EXPECT_EQ(h.out().find("never"), std::string::npos) << h.out();
}

// Images stay registered by basename; `chain x.ipxe` reuses the registered image.
TEST(VmChain, RegisteredNameBeatsUrl) {
    TempDir dir;
    std::system(("mkdir -p '" + dir.path + "/sub'").c_str());
    dir.write("sub/x.ipxe", "#!ipxe\necho sub-x\n");
    dir.write("x.ipxe", "#!ipxe\necho top-x\n");
    Harness h;
    EXPECT_EQ(h.run("#!ipxe\nchain sub/x.ipxe\nchain x.ipxe\n", dir.uri("main.ipxe")), 0);
    EXPECT_EQ(h.out().find("top-x"), std::string::npos) << h.out();
}

TEST(VmGuard, InstructionBudgetStopsEndlessLoop) {
    Harness h;
    EXPECT_EQ(h.run("#!ipxe\n:loop\ngoto loop\n"), static_cast<int32_t>(Errc::canceled));
    EXPECT_NE(h.out().find("instruction budget"), std::string::npos);
}

TEST(VmGuard, CtrlCInterruptsEndlessLoop) {
    Harness h("ctrl-c");
    EXPECT_EQ(h.run("#!ipxe\n:loop\ngoto loop\n"), static_cast<int32_t>(Errc::canceled));
    EXPECT_NE(h.out().find("interrupted"), std::string::npos);
    EXPECT_LT(h.in.instructions_run(), 1000000u);
}

// A stray key typed before the Ctrl-C is kept for later reads and does not hide the Ctrl-C (it
// once did: the interpreter held one key and stopped looking).
TEST(VmGuard, CtrlCAfterAStrayKeyStillInterrupts) {
    Harness h("x,ctrl-c");
    EXPECT_EQ(h.run("#!ipxe\n:loop\ngoto loop\n"), static_cast<int32_t>(Errc::canceled));
    EXPECT_NE(h.out().find("interrupted"), std::string::npos) << h.out();
    // A key typed while a loop runs (read by the interrupt check) reaches the next prompt.
    Harness keep("b");
    EXPECT_EQ(keep.run("#!ipxe\nset n:int32 0\n:loop\ninc n\niseq ${n} 5000 || goto loop\n"
                       "prompt --key b Press b || exit 1\n"),
              0)
        << keep.out();
}

// Opcode semantics with hand-built modules: eq, match (glob, case-insensitive), not, setrc.
TEST(VmOpcodes, EqMatchNotSetrc) {
    struct Case {
        const char* a;
        const char* b;
        bc::Op op;
        bool negate;
        int32_t rc;
    } cases[] = {
        {"x", "x", bc::Op::Eq, false, 0},
        {"x", "y", bc::Op::Eq, false, 34},
        {"x", "y", bc::Op::Eq, true, 0},
        {"52:54:00:12:34:56", "52:54:00:*", bc::Op::Match, false, 0},
        {"EFI", "e?i", bc::Op::Match, false, 0},
        {"pcbios", "[ef]*", bc::Op::Match, false, 34},
        {"x86_64", "x86_[0-9]*", bc::Op::Match, false, 0},
    };
    for (const Case& c : cases) {
        bc::ModuleBuilder b;
        b.push(Str::from_cstr(c.a));
        b.push(Str::from_cstr(c.b));
        b.emit(c.op);
        if (c.negate) b.emit(bc::Op::Not);
        b.emit(bc::Op::Ret);
        Vec<uint8_t> storage;
        auto m = build(b, &storage);
        ASSERT_TRUE(m.ok());
        Harness h;
        EXPECT_EQ(status_rc(h.in.run_module(*m)), c.rc) << c.a << " " << c.b;
    }
    bc::ModuleBuilder b;
    b.emit(bc::Op::SetRc, 7);
    b.emit(bc::Op::Ret);
    Vec<uint8_t> storage;
    auto m = build(b, &storage);
    ASSERT_TRUE(m.ok());
    Harness h;
    EXPECT_EQ(status_rc(h.in.run_module(*m)), 7);
}

// MENU opcode: a chosen item jumps to its target; Esc gives ECANCELED and continues; `hide`
// removes an item for one showing.
Result<bc::Module> menu_module(Vec<uint8_t>* storage, bool hide_first) {
    bc::ModuleBuilder b;
    bc::Label a = b.new_label(), c = b.new_label(), esc = b.new_label();
    bc::ItemSpec items[3];
    items[0].id = "a", items[0].label = "Alpha", items[0].target = a, items[0].key = 'a';
    items[1].kind = bc::ItemKind::Gap;
    items[2].id = "c", items[2].label = "Charlie ${who}", items[2].target = c;
    bc::MenuSpec spec;
    spec.id = "main";
    spec.title = "Main menu";
    spec.items = Span<const bc::ItemSpec>(items, 3);
    uint32_t menu = b.add_menu(spec);
    if (hide_first) b.emit(bc::Op::Hide, menu, 0);
    b.emit(bc::Op::Menu, menu);
    b.jump(bc::Op::Jmp, esc);
    b.bind(a);
    b.emit(bc::Op::SetRc, 11);
    b.emit(bc::Op::Ret);
    b.bind(c);
    b.emit(bc::Op::SetRc, 12);
    b.emit(bc::Op::Ret);
    b.bind(esc);
    b.emit(bc::Op::Ret);
    return build(b, storage);
}

TEST(VmMenu, ChosenItemJumpsToTarget) {
    Vec<uint8_t> storage;
    auto m = menu_module(&storage, false);
    ASSERT_TRUE(m.ok());
    Harness h("down,enter");
    ASSERT_TRUE(h.in.settings().store_text("who", "Brown").ok());
    EXPECT_EQ(status_rc(h.in.run_module(*m)), 12);
    EXPECT_NE(h.out().find("Charlie Brown"), std::string::npos) << h.out();
    Harness hk("a");
    EXPECT_EQ(status_rc(hk.in.run_module(*m)), 11);  // hotkey chooses at once
}

TEST(VmMenu, EscCancels) {
    Vec<uint8_t> storage;
    auto m = menu_module(&storage, false);
    ASSERT_TRUE(m.ok());
    Harness h("esc");
    EXPECT_EQ(status_rc(h.in.run_module(*m)), static_cast<int32_t>(Errc::canceled));
}

TEST(VmMenu, HideRemovesItemForOneShowing) {
    Vec<uint8_t> storage;
    auto m = menu_module(&storage, true);
    ASSERT_TRUE(m.ok());
    Harness h("enter");
    EXPECT_EQ(status_rc(h.in.run_module(*m)), 12);  // Alpha hidden: Charlie is the first item
    EXPECT_EQ(h.out().find("Alpha"), std::string::npos);
}

}  // namespace
}  // namespace carte
