// COMPRESSED modules (format 1.1): the builder packs large bodies, the loader inflates and
// verifies them exactly like plain ones, and malformed compressed bodies are refused cleanly.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "runtime/bytecode/body_codec.h"
#include "runtime/bytecode/disassembler.h"
#include "runtime/bytecode/module.h"
#include "runtime/bytecode/module_builder.h"
#include "runtime/rt/varint.h"

namespace carte::bc {
namespace {

// A catalogue-shaped module: many menus of items whose strings repeat a template.
std::vector<uint8_t> catalogue(bool compress, int menus = 20, int items = 12) {
    ModuleBuilder b;
    b.set_compression(compress);
    Label entry = b.new_label();
    b.set_entry(entry);
    std::vector<std::string> names;  // storage for the Str views until add_menu copies them
    std::vector<Label> targets;
    std::vector<uint32_t> menu_ids;
    for (int m = 0; m < menus; ++m) {
        std::vector<ItemSpec> specs;
        names.reserve(names.size() + 2 * static_cast<size_t>(items) + 2);
        for (int i = 0; i < items; ++i) {
            names.push_back("r" + std::to_string(i));
            names.push_back("Distribution " + std::to_string(m) + " release " + std::to_string(i) +
                            " installer");
            Label t = b.new_label();
            targets.push_back(t);
            specs.push_back(ItemSpec{ItemKind::Item,
                                     Str(names[names.size() - 2].data(), names[names.size() - 2].size()),
                                     Str(names.back().data(), names.back().size()), 0, t});
        }
        names.push_back("d" + std::to_string(m));
        menu_ids.push_back(b.add_menu(MenuSpec{Str(names.back().data(), names.back().size()), "Distribution",
                                               0, 0, Span<const ItemSpec>(specs.data(), specs.size())}));
    }
    b.bind(entry);
    b.emit(Op::Menu, menu_ids[0]);
    b.emit(Op::Ret);
    for (size_t k = 0; k < targets.size(); ++k) {
        b.bind(targets[k]);
        std::string kernel = "http://mirror" + std::to_string(k % 8) + ".example.org/pub/dist" +
                             std::to_string(k / 12) + "/releases/" + std::to_string(k % 12) +
                             "/x86_64/os/images/pxeboot/vmlinuz";
        b.push("kernel");
        b.push(Str(kernel.data(), kernel.size()));
        b.push("inst.repo=${mirror}/os ip=dhcp console=tty0 console=ttyS0");
        b.exec(3);
        b.push("boot");
        b.exec(1);
        b.emit(Op::Ret);
    }
    b.add_meta("source", "generated");
    String why;
    auto r = b.finish(&why);
    EXPECT_TRUE(r.ok()) << why.c_str();
    return r.ok() ? std::vector<uint8_t>(r.value().begin(), r.value().end()) : std::vector<uint8_t>{};
}

std::string load_error(const std::vector<uint8_t>& bytes) {
    String why;
    auto m = load_module(Bytes(bytes.data(), bytes.size()), &why);
    return m.ok() ? "" : (why.empty() ? "(no message)" : std::string(why.c_str()));
}

std::string disasm_without_version(const std::vector<uint8_t>& bytes) {
    auto m = load_module(Bytes(bytes.data(), bytes.size()));
    EXPECT_TRUE(m.ok());
    if (!m.ok()) return "";
    String text;
    EXPECT_TRUE(disassemble(m.value(), &text));
    std::string s = text.c_str();
    return s.substr(s.find('\n'));  // the first line names the format version
}

TEST(CompressedModule, BuilderPacksLargeBodiesAsVersion11) {
    auto packed = catalogue(true), plain = catalogue(false);
    ASSERT_FALSE(packed.empty());
    ASSERT_FALSE(plain.empty());
    EXPECT_EQ(load_le32(packed.data() + 8) & kFlagCompressed, kFlagCompressed);
    EXPECT_EQ(load_le16(packed.data() + 6), 1);
    EXPECT_EQ(load_le32(plain.data() + 8) & kFlagCompressed, 0u);
    EXPECT_EQ(load_le16(plain.data() + 6), 0);
    EXPECT_LT(packed.size() * 3, plain.size()) << packed.size() << " vs " << plain.size();
    // Same header fields and directory (uncompressed offsets) apart from minor, flags and body_size.
    size_t dir_end = kHeaderSize + kDirEntrySize * load_le16(plain.data() + 28);
    EXPECT_TRUE(
        std::equal(plain.begin() + 16, plain.begin() + static_cast<long>(dir_end), packed.begin() + 16));
    EXPECT_EQ(load_le32(packed.data() + 12), packed.size());
}

TEST(CompressedModule, LoadsToTheSameModuleAsThePlainForm) {
    auto packed = catalogue(true), plain = catalogue(false);
    EXPECT_EQ(disasm_without_version(packed), disasm_without_version(plain));
    String why;
    auto m = load_module(Bytes(packed.data(), packed.size()), &why);
    ASSERT_TRUE(m.ok()) << why.c_str();
    Module mod = static_cast<Module&&>(m.value());  // views must survive moving the Module
    EXPECT_EQ(mod.menus().size(), 20u);
    EXPECT_EQ(mod.body().size(), packed.size());
    EXPECT_TRUE(mod.trailer().empty());
    EXPECT_EQ(mod.find_menu("d7"), 7);
    EXPECT_EQ(std::string(mod.str(mod.items()[13].label).data(), mod.str(mod.items()[13].label).size()),
              "Distribution 1 release 1 installer");
}

TEST(CompressedModule, SmallOrDisabledStaysPlain) {
    auto small = catalogue(true, 1, 1);
    EXPECT_EQ(load_le32(small.data() + 8) & kFlagCompressed, 0u);
    EXPECT_EQ(load_le16(small.data() + 6), 0);
    EXPECT_EQ(small, catalogue(false, 1, 1));
}

TEST(CompressedModule, DeterministicOutput) {
    EXPECT_EQ(catalogue(true), catalogue(true));
}

TEST(CompressedModule, RejectsEveryTruncation) {
    auto packed = catalogue(true, 3, 10);
    ASSERT_EQ(load_le32(packed.data() + 8) & kFlagCompressed, kFlagCompressed);
    for (size_t cut = 0; cut < packed.size(); ++cut) {
        std::vector<uint8_t> part(packed.begin(), packed.begin() + static_cast<long>(cut));
        EXPECT_NE(load_error(part), "") << "cut at " << cut;
    }
}

TEST(CompressedModule, RejectsBodiesThatLieAboutTheirSize) {
    auto packed = catalogue(true, 3, 10);
    const size_t dir_end = kHeaderSize + kDirEntrySize * load_le16(packed.data() + 28);
    // Grow the last section by one byte: the block now inflates to too little.
    auto under = packed;
    under[dir_end - 4]++;
    EXPECT_NE(load_error(under).find("compressed body: "), std::string::npos) << load_error(under);
    // Shrink it: the block writes past the declared size and is stopped.
    auto over = packed;
    over[dir_end - 4]--;
    EXPECT_NE(load_error(over).find("body+0x"), std::string::npos);
    EXPECT_NE(load_error(over).find("compressed body: "), std::string::npos) << load_error(over);
}

TEST(CompressedModule, RejectsExpandedSizeAboveTheLimit) {
    auto packed = catalogue(true, 3, 10);
    const size_t dir_end = kHeaderSize + kDirEntrySize * load_le16(packed.data() + 28);
    auto huge = packed;
    huge[dir_end - 1] = 0x01;  // last section size += 16 MiB
    EXPECT_NE(load_error(huge).find("section exceeds the 16 MiB expanded-body limit"), std::string::npos)
        << load_error(huge);
}

TEST(CompressedModule, CorruptBlockIsRefusedWithItsMessage) {
    auto packed = catalogue(true, 3, 10);
    const size_t dir_end = kHeaderSize + kDirEntrySize * load_le16(packed.data() + 28);
    // Replace the block with a single sequence whose match reaches before the output start.
    std::vector<uint8_t> bad(packed.begin(), packed.begin() + static_cast<long>(dir_end));
    for (uint8_t b : {uint8_t{0x10}, uint8_t{'x'}, uint8_t{0x05}}) bad.push_back(b);
    const uint32_t size = static_cast<uint32_t>(bad.size());
    for (int i = 0; i < 4; ++i) bad[12 + static_cast<size_t>(i)] = static_cast<uint8_t>(size >> (8 * i));
    EXPECT_EQ(
        load_error(bad), "body+0x" + [&] {
            char buf[16];
            snprintf(buf, sizeof buf, "%zx", dir_end);
            return std::string(buf);
        }() + ": compressed body: match offset 0x5 beyond output");
}

TEST(CompressedModule, SurvivesSingleByteCorruption) {
    auto packed = catalogue(true, 2, 8);
    for (size_t i = 0; i < packed.size(); ++i) {
        for (uint8_t v : {uint8_t{0x00}, uint8_t{0x7f}, uint8_t{0xff}}) {
            auto bad = packed;
            bad[i] = v;
            (void)load_error(bad);  // must not crash, hang or read out of bounds (run under ASan)
        }
    }
}

TEST(CompressedModule, PlainFlagOnCompressedBytesIsRejected) {
    auto packed = catalogue(true, 3, 10);
    packed[8] = static_cast<uint8_t>(packed[8] & ~kFlagCompressed);
    EXPECT_NE(load_error(packed), "");
}

}  // namespace
}  // namespace carte::bc
