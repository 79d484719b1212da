// Issue 2's size goal, at test scale: a generated netboot.xyz-like catalogue compiles to bytecode
// under 30 % of its `--emit ipxe` script thanks to the COMPRESSED body (format 1.1).
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <string>

#include "compiler/check/checks.h"
#include "compiler/codegen/bytecode_codegen.h"
#include "compiler/codegen/ipxe_emitter.h"
#include "compiler/yaml/yaml_frontend.h"
#include "runtime/bytecode/module.h"
#include "runtime/rt/varint.h"

namespace {

// The bench_compile catalogue shape (mirrors, templated kernel/initrd/cmdline), smaller.
std::string generate_catalogue(int menus, int items_per_menu) {
    std::string y = "carte: 1\nserial: 1\nentry: main\ndefaults:\n";
    for (int d = 0; d < 8; ++d) y += fmt::format("  mirror{}: http://mirror{}.example.org/pub\n", d, d);
    y += "menus:\n  - id: main\n    title: Generated catalogue\n    items:\n";
    for (int m = 1; m < menus; ++m)
        y += fmt::format("      - {{id: go{}, label: \"Distribution {}...\", submenu: d{}}}\n", m, m, m);
    y += "      - {id: local, label: Boot from local disk, exit: 0}\n";
    for (int m = 1; m < menus; ++m) {
        y += fmt::format("  - id: d{}\n    title: \"Distribution {} on ${{platform}}\"\n    items:\n", m, m);
        for (int i = 0; i < items_per_menu; ++i) {
            int mirror = (m + i) % 8;
            std::string base =
                fmt::format("${{mirror{}}}/dist{}/releases/{}.{}/x86_64/os", mirror, m, i / 4 + 1, i % 4);
            y += fmt::format("      - id: r{}\n        label: \"Distribution {} release {}.{} installer\"\n",
                             i, m, i / 4 + 1, i % 4);
            y += "        linux:\n";
            y += fmt::format("          kernel: {}/images/pxeboot/vmlinuz\n", base);
            y += fmt::format("          initrd: {}/images/pxeboot/initrd.img\n", base);
            y += fmt::format("          cmdline: inst.repo={} ip=dhcp console=tty0 console=ttyS0\n", base);
        }
    }
    return y;
}

TEST(BytecodeCompression, GeneratedCatalogueUnderThirtyPercentOfIpxeScript) {
    carte::diag::DiagnosticSink sink;
    auto cat = carte::yamlfe::parse_yaml_string(generate_catalogue(40, 24), "generated.yaml", sink);
    ASSERT_TRUE(cat);
    ASSERT_TRUE(carte::check::check_catalogue(*cat, sink)) << carte::diag::render_text(sink);
    carte::codegen::BytecodeOptions opts;
    opts.debug_info = false;
    auto bc = carte::codegen::compile_bytecode(*cat, opts, sink);
    ASSERT_TRUE(bc);
    std::string script = carte::codegen::emit_ipxe(*cat, sink);
    ASSERT_GT(script.size(), 100000u);
    EXPECT_LT(bc->size() * 100, script.size() * 30)
        << bc->size() << " bytes of bytecode vs " << script.size();
    EXPECT_TRUE(carte::load_le32(bc->data() + 8) & carte::bc::kFlagCompressed);
    carte::String why;
    auto m = carte::bc::load_module(carte::Bytes(bc->data(), bc->size()), &why);
    ASSERT_TRUE(m.ok()) << why.c_str();
    EXPECT_EQ(m.value().menus().size(), 40u);
}

}  // namespace
