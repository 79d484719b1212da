// bench_compile: generates an explicit YAML catalogue of 200 menus × 25 items (5,000 items,
// netboot.xyz-like: kernels, initrds, command lines with mirror settings, a few conditions),
// then times the whole pipeline (parse → check → bytecode) and prints the bytecode size
// relative to the equivalent `--emit ipxe` script. Goals: < 0.5 s on one core, < 30 %.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "compiler/check/checks.h"
#include "compiler/codegen/bytecode_codegen.h"
#include "compiler/codegen/ipxe_emitter.h"
#include "compiler/yaml/yaml_frontend.h"

namespace {

constexpr int kMenus = 200;
constexpr int kItemsPerMenu = 25;

std::string generate_catalogue() {
    std::string y = "carte: 1\nserial: 1\nentry: main\ndefaults:\n";
    for (int d = 0; d < 8; ++d) y += fmt::format("  mirror{}: http://mirror{}.example.org/pub\n", d, d);
    y += "menus:\n  - id: main\n    title: Generated catalogue\n    timeout: 30s\n    default: local\n    "
         "items:\n";
    for (int m = 1; m < kMenus; ++m)
        y += fmt::format("      - {{id: go{}, label: \"Distribution {}...\", submenu: d{}}}\n", m, m, m);
    y += "      - {id: local, label: Boot from local disk, exit: 0}\n";
    for (int m = 1; m < kMenus; ++m) {
        y += fmt::format("  - id: d{}\n    title: \"Distribution {} on ${{platform}}\"\n    items:\n", m, m);
        y += fmt::format("      - header: \"Releases of distribution {}\"\n", m);
        for (int i = 0; i < kItemsPerMenu - 1; ++i) {
            int mirror = (m + i) % 8;
            y += fmt::format("      - id: r{}\n        label: \"Distribution {} release {}.{} installer\"\n",
                             i, m, i / 4 + 1, i % 4);
            if (i % 5 == 0) y += "        when: {setting: platform, eq: efi}\n";
            y += "        linux:\n";
            y += fmt::format(
                "          kernel: ${{mirror{}}}/dist{}/releases/{}.{}/x86_64/os/images/pxeboot/vmlinuz\n",
                mirror, m, i / 4 + 1, i % 4);
            y += fmt::format(
                "          initrd: ${{mirror{}}}/dist{}/releases/{}.{}/x86_64/os/images/pxeboot/initrd.img\n",
                mirror, m, i / 4 + 1, i % 4);
            y += fmt::format(
                "          cmdline: inst.repo=${{mirror{}}}/dist{}/releases/{}.{}/x86_64/os ip=dhcp "
                "console=tty0 console=ttyS0\n",
                mirror, m, i / 4 + 1, i % 4);
        }
    }
    return y;
}

}  // namespace

int main() {
    std::string yaml = generate_catalogue();
    using clock = std::chrono::steady_clock;
    std::vector<double> times, parse_times, check_times, codegen_times;
    std::vector<uint8_t> bytecode;
    std::string script;
    size_t items = 0, menus = 0;
    for (int run = 0; run < 5; ++run) {
        auto t0 = clock::now();
        carte::diag::DiagnosticSink sink;
        auto cat = carte::yamlfe::parse_yaml_string(yaml, "generated.yaml", sink);
        auto tp = clock::now();
        if (!cat || !carte::check::check_catalogue(*cat, sink)) {
            fmt::print(stderr, "{}", carte::diag::render_text(sink));
            return 1;
        }
        auto tc = clock::now();
        carte::codegen::BytecodeOptions opts;
        auto bc = carte::codegen::compile_bytecode(*cat, opts, sink);
        auto t1 = clock::now();
        if (!bc) return 1;
        times.push_back(std::chrono::duration<double>(t1 - t0).count());
        parse_times.push_back(std::chrono::duration<double>(tp - t0).count());
        check_times.push_back(std::chrono::duration<double>(tc - tp).count());
        codegen_times.push_back(std::chrono::duration<double>(t1 - tc).count());
        bytecode = *bc;
        if (run == 0) {
            script = carte::codegen::emit_ipxe(*cat, sink);
            menus = cat->menus.size();
            for (const auto& m : cat->menus) items += m.items.size();
        }
    }
    for (auto* v : {&times, &parse_times, &check_times, &codegen_times}) std::sort(v->begin(), v->end());
    carte::diag::DiagnosticSink sink;
    auto cat = carte::yamlfe::parse_yaml_string(yaml, "generated.yaml", sink);
    carte::codegen::BytecodeOptions nodebug;
    nodebug.debug_info = false;
    auto stripped = carte::codegen::compile_bytecode(*cat, nodebug, sink);
    fmt::print("catalogue: {} menus, {} items (incl. headers), {} bytes of YAML\n", menus, items,
               yaml.size());
    fmt::print("compile (parse+check+bytecode), median of 5: {:.3f} s (best {:.3f} s)  goal < 0.5 s\n",
               times[times.size() / 2], times.front());
    fmt::print("  of which: YAML parse {:.3f} s, checks {:.3f} s, bytecode {:.3f} s (medians)\n",
               parse_times[parse_times.size() / 2], check_times[check_times.size() / 2],
               codegen_times[codegen_times.size() / 2]);
    fmt::print("--emit ipxe script: {} bytes\n", script.size());
    fmt::print("bytecode with debug info: {} bytes = {:.1f}% of the script\n", bytecode.size(),
               100.0 * static_cast<double>(bytecode.size()) / static_cast<double>(script.size()));
    fmt::print("bytecode without debug info: {} bytes = {:.1f}% of the script  goal < 30%\n",
               stripped->size(),
               100.0 * static_cast<double>(stripped->size()) / static_cast<double>(script.size()));
    return 0;
}
