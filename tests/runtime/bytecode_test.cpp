// Builder → loader → disassembler round trips, and the verifier's refusals of malformed input.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "runtime/bytecode/disassembler.h"
#include "runtime/bytecode/module.h"
#include "runtime/bytecode/module_builder.h"

namespace carte::bc {
namespace {

std::vector<uint8_t> to_std(const Vec<uint8_t>& v) {
    return std::vector<uint8_t>(v.begin(), v.end());
}

// A small module: a menu with two items and a gap, a named label, a conditional hide.
std::vector<uint8_t> sample(bool debug = true) {
    ModuleBuilder b;
    Label menu_l = b.new_label(), a = b.new_label(), c = b.new_label();
    b.set_entry(menu_l);
    ItemSpec items[3];
    items[0] = {ItemKind::Item, "a", "Boot A", 'a', a};
    items[1] = {ItemKind::Gap, "", "--", 0, {}};
    items[2] = {ItemKind::Item, "c", "Boot ${c}", 0, c};
    uint32_t m = b.add_menu(MenuSpec{"main", "Main", 10000, 1, Span<const ItemSpec>(items, 3)});
    b.bind(menu_l);
    if (debug) b.set_source("x.carte", 3);
    b.pushx("${platform}");
    b.push("efi");
    b.emit(Op::Eq);
    Label skip = b.new_label();
    b.jump(Op::Jok, skip);
    b.emit(Op::Hide, m, 2);
    b.bind(skip);
    b.emit(Op::Menu, m);
    b.emit(Op::Ret);
    b.bind(a);
    if (debug) b.set_source("x.carte", 7);
    b.push("echo");
    b.push("hello");
    b.exec(2);
    b.jump(Op::Jmp, menu_l);
    b.bind(c);
    b.emit(Op::SetRc, 0);
    b.emit(Op::Ret);
    EXPECT_TRUE(b.add_named_label("zeta", c));
    EXPECT_TRUE(b.add_named_label("alpha", a));
    EXPECT_FALSE(b.add_named_label("alpha", c));  // first definition wins
    b.add_meta("source", "x.carte");
    String why;
    auto r = b.finish(&why);
    EXPECT_TRUE(r.ok()) << why.c_str();
    return r.ok() ? to_std(r.value()) : std::vector<uint8_t>{};
}

TEST(Bytecode, BuildLoadAndQuery) {
    auto bytes = sample();
    ASSERT_FALSE(bytes.empty());
    String why;
    auto m = load_module(Bytes(bytes.data(), bytes.size()), &why);
    ASSERT_TRUE(m.ok()) << why.c_str();
    EXPECT_EQ(m->menus().size(), 1u);
    EXPECT_EQ(m->items().size(), 3u);
    EXPECT_TRUE(m->str(m->menus()[0].title) == Str("Main"));
    uint32_t t = 0;
    EXPECT_TRUE(m->find_label("alpha", &t));
    EXPECT_TRUE(m->find_label("zeta", &t));
    EXPECT_FALSE(m->find_label("beta", &t));
    EXPECT_EQ(m->source_at(m->items()[0].target).line, 7u);
    EXPECT_TRUE(m->meta("source") == Str("x.carte"));
    EXPECT_EQ(m->header().max_stack, 2u);
}

TEST(Bytecode, SameInputSameBytes) {
    EXPECT_EQ(sample(), sample());
}

TEST(Bytecode, DisassemblyListsEverything) {
    auto bytes = sample();
    auto m = load_module(Bytes(bytes.data(), bytes.size()));
    ASSERT_TRUE(m.ok());
    String text;
    ASSERT_TRUE(disassemble(m.value(), &text));
    std::string s = text.c_str();
    EXPECT_NE(s.find(".menu \"main\" \"Main\" timeout=10000 default=1"), std::string::npos) << s;
    EXPECT_NE(s.find("pushx \"${platform}\""), std::string::npos) << s;
    EXPECT_NE(s.find("hide \"main\" 2"), std::string::npos) << s;
    EXPECT_NE(s.find(".label \"alpha\""), std::string::npos) << s;
    EXPECT_NE(s.find(".line \"x.carte\" 7"), std::string::npos) << s;
}

TEST(Bytecode, RejectsUnboundLabelAtBuildTime) {
    ModuleBuilder b;
    Label nowhere = b.new_label();
    b.jump(Op::Jmp, nowhere);
    String why;
    EXPECT_FALSE(b.finish(&why).ok());
    EXPECT_NE(std::string(why.c_str()).find("never bound"), std::string::npos);
}

TEST(Bytecode, RejectsStackRuleViolationsAtBuildTime) {
    ModuleBuilder b;
    b.push("x");
    b.emit(Op::Ret);  // ret with a non-empty stack
    String why;
    EXPECT_FALSE(b.finish(&why).ok());
    EXPECT_NE(std::string(why.c_str()).find("stack not empty"), std::string::npos) << why.c_str();
}

std::string load_error(std::vector<uint8_t> bytes) {
    String why;
    auto r = load_module(Bytes(bytes.data(), bytes.size()), &why);
    return r.ok() ? std::string("ok") : std::string(why.c_str());
}

TEST(Verifier, RejectsEveryTruncation) {
    auto bytes = sample();
    for (size_t n = 0; n < bytes.size(); ++n) {
        std::vector<uint8_t> cut(bytes.begin(), bytes.begin() + static_cast<long>(n));
        EXPECT_NE(load_error(cut), "ok") << "accepted a file truncated to " << n << " bytes";
    }
}

TEST(Verifier, SpecificMessages) {
    auto bytes = sample(false);
    auto bad = bytes;
    bad[0] = 'X';
    EXPECT_NE(load_error(bad).find("bad magic"), std::string::npos);
    bad = bytes;
    bad[4] = 2;
    EXPECT_NE(load_error(bad).find("major"), std::string::npos);
    bad = bytes;
    bad[30] = 65;
    EXPECT_NE(load_error(bad).find("max_stack"), std::string::npos);
    bad = bytes;
    bad.push_back(0);
    EXPECT_NE(load_error(bad).find("trailing bytes"), std::string::npos);
    bad = bytes;
    bad[28] = 0xff;  // huge section count
    EXPECT_NE(load_error(bad).find("section count"), std::string::npos);
}

// Flip every byte of the file to every value that changes it; the loader must never crash and
// anything it accepts must still satisfy the invariants the VM relies on.
TEST(Verifier, SurvivesSingleByteCorruption) {
    auto bytes = sample();
    size_t accepted = 0, rejected = 0;
    for (size_t i = 0; i < bytes.size(); ++i) {
        for (int v : {0x00, 0x01, 0x7f, 0x80, 0xff}) {
            if (bytes[i] == v) continue;
            auto bad = bytes;
            bad[i] = static_cast<uint8_t>(v);
            auto r = load_module(Bytes(bad.data(), bad.size()));
            if (!r.ok()) {
                ++rejected;
                continue;
            }
            ++accepted;
            const Module& m = r.value();
            EXPECT_LT(m.header().entry, m.code().size());
            for (const MenuItemView& it : m.items()) {
                EXPECT_LT(it.label, m.string_count());
                if (it.kind == ItemKind::Item) {
                    EXPECT_LT(it.target, m.code().size());
                }
            }
        }
    }
    EXPECT_GT(rejected, accepted);  // most corruptions are structural
}

TEST(Verifier, RejectsBadJumpTarget) {
    ModuleBuilder b;
    Label l = b.new_label();
    b.bind(l);
    b.jump(Op::Jmp, l);
    auto r = b.finish();
    ASSERT_TRUE(r.ok());
    auto bytes = to_std(r.value());
    // The code is `jmp 0` = 04 00 at the end: point it into the middle of nowhere.
    bytes[bytes.size() - 1] = 1;
    EXPECT_NE(load_error(bytes).find("jump target"), std::string::npos) << load_error(bytes);
}

TEST(Verifier, RejectsRunningOffTheEnd) {
    ModuleBuilder b;
    b.emit(Op::SetRc, 0);
    auto r = b.finish();
    EXPECT_FALSE(r.ok());
}

}  // namespace
}  // namespace carte::bc
