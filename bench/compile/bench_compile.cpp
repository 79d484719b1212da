// bench_compile: generates one catalogue of 200 menus × 25 items (5,175 items with the headers
// and the entry menu; netboot.xyz-like: kernels, initrds, command lines with mirror settings, a
// few conditions) twice — as explicit YAML and as the equivalent explicit Carte DSL — and times
// the whole pipeline (parse → check → bytecode) for each. It checks that both front-ends give
// the same catalogue (menu and item counts, and byte-identical bytecode without debug info), and
// prints the bytecode size relative to the equivalent `--emit ipxe` script.
// Goals: YAML < 0.5 s and DSL < 0.3 s on one core (medians), bytecode < 30 % of the script.
//
//   bench_compile [--runs N] [--only yaml|dsl] [--write DIR]
//
// --only times one front-end (for a profiler); --write saves the generated sources as
// DIR/generated.yaml and DIR/generated.carte (for `carte compile`).
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "compiler/check/checks.h"
#include "compiler/codegen/bytecode_codegen.h"
#include "compiler/codegen/ipxe_emitter.h"
#include "compiler/dsl/dsl_frontend.h"
#include "compiler/yaml/yaml_frontend.h"

namespace {

constexpr int kMenus = 200;
constexpr int kItemsPerMenu = 25;
constexpr int kMirrors = 8;

// The three URLs of release item `i` of menu `m`.
std::string kernel_url(int m, int i) {
    return fmt::format("${{mirror{}}}/dist{}/releases/{}.{}/x86_64/os/images/pxeboot/vmlinuz",
                       (m + i) % kMirrors, m, i / 4 + 1, i % 4);
}
std::string initrd_url(int m, int i) {
    return fmt::format("${{mirror{}}}/dist{}/releases/{}.{}/x86_64/os/images/pxeboot/initrd.img",
                       (m + i) % kMirrors, m, i / 4 + 1, i % 4);
}
std::string cmdline(int m, int i) {
    return fmt::format(
        "inst.repo=${{mirror{}}}/dist{}/releases/{}.{}/x86_64/os ip=dhcp console=tty0 console=ttyS0",
        (m + i) % kMirrors, m, i / 4 + 1, i % 4);
}

std::string generate_yaml() {
    std::string y = "carte: 1\nserial: 1\nentry: main\ndefaults:\n";
    for (int d = 0; d < kMirrors; ++d)
        y += fmt::format("  mirror{}: http://mirror{}.example.org/pub\n", d, d);
    y += "menus:\n  - id: main\n    title: Generated catalogue\n    timeout: 30s\n    default: local\n    "
         "items:\n";
    for (int m = 1; m < kMenus; ++m)
        y += fmt::format("      - {{id: go{}, label: \"Distribution {}...\", submenu: d{}}}\n", m, m, m);
    y += "      - {id: local, label: Boot from local disk, exit: 0}\n";
    for (int m = 1; m < kMenus; ++m) {
        y += fmt::format("  - id: d{}\n    title: \"Distribution {} on ${{platform}}\"\n    items:\n", m, m);
        y += fmt::format("      - header: \"Releases of distribution {}\"\n", m);
        for (int i = 0; i < kItemsPerMenu - 1; ++i) {
            y += fmt::format("      - id: r{}\n        label: \"Distribution {} release {}.{} installer\"\n",
                             i, m, i / 4 + 1, i % 4);
            if (i % 5 == 0) y += "        when: {setting: platform, eq: efi}\n";
            y += "        linux:\n";
            y += fmt::format("          kernel: {}\n", kernel_url(m, i));
            y += fmt::format("          initrd: {}\n", initrd_url(m, i));
            y += fmt::format("          cmdline: {}\n", cmdline(m, i));
        }
    }
    return y;
}

// The same catalogue, written out in the DSL (no compile-time loops: like for like).
std::string generate_dsl() {
    std::string c = "carte 1\nserial 1\nentry main\n";
    for (int d = 0; d < kMirrors; ++d)
        c += fmt::format("setting mirror{} = \"http://mirror{}.example.org/pub\"\n", d, d);
    c += "\nmenu main \"Generated catalogue\" {\n  timeout 30s\n  default local\n";
    for (int m = 1; m < kMenus; ++m)
        c += fmt::format("  item go{} \"Distribution {}...\" -> menu d{}\n", m, m, m);
    c += "  item local \"Boot from local disk\" -> exit 0\n}\n";
    for (int m = 1; m < kMenus; ++m) {
        c += fmt::format("\nmenu d{} \"Distribution {} on ${{platform}}\" {{\n", m, m);
        c += fmt::format("  header \"Releases of distribution {}\"\n", m);
        for (int i = 0; i < kItemsPerMenu - 1; ++i) {
            c += fmt::format("  item r{} \"Distribution {} release {}.{} installer\"{} -> linux {{\n", i, m,
                             i / 4 + 1, i % 4, i % 5 == 0 ? " when platform == \"efi\"" : "");
            c += fmt::format("    kernel \"{}\"\n", kernel_url(m, i));
            c += fmt::format("    initrd \"{}\"\n", initrd_url(m, i));
            c += fmt::format("    args \"{}\"\n", cmdline(m, i));
            c += "  }\n";
        }
        c += "}\n";
    }
    return c;
}

using Frontend =
    std::function<std::optional<carte::ir::Catalogue>(const std::string&, carte::diag::DiagnosticSink&)>;

struct Result {
    double total = 0, parse = 0, check = 0, codegen = 0;  // medians
    double best = 0;
    size_t menus = 0, items = 0;
    std::vector<uint8_t> bytecode;  // with debug info
    std::vector<uint8_t> stripped;  // without: comparable across front-ends
    std::string script;             // --emit ipxe
};

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

std::optional<Result> measure(const char* name, const std::string& source, const Frontend& parse, int runs) {
    using clock = std::chrono::steady_clock;
    auto seconds = [](clock::duration d) { return std::chrono::duration<double>(d).count(); };
    std::vector<double> total, parse_t, check_t, codegen_t;
    Result r;
    for (int run = 0; run < runs; ++run) {
        auto t0 = clock::now();
        carte::diag::DiagnosticSink sink;
        auto cat = parse(source, sink);
        auto tp = clock::now();
        if (!cat || sink.has_errors() || !carte::check::check_catalogue(*cat, sink)) {
            fmt::print(stderr, "{}: {}", name, carte::diag::render_text(sink));
            return std::nullopt;
        }
        auto tc = clock::now();
        auto bc = carte::codegen::compile_bytecode(*cat, carte::codegen::BytecodeOptions{}, sink);
        auto t1 = clock::now();
        if (!bc) return std::nullopt;
        total.push_back(seconds(t1 - t0));
        parse_t.push_back(seconds(tp - t0));
        check_t.push_back(seconds(tc - tp));
        codegen_t.push_back(seconds(t1 - tc));
        if (run == 0) {
            r.bytecode = *bc;
            r.script = carte::codegen::emit_ipxe(*cat, sink);
            carte::codegen::BytecodeOptions nodebug;
            nodebug.debug_info = false;
            r.stripped = *carte::codegen::compile_bytecode(*cat, nodebug, sink);
            r.menus = cat->menus.size();
            for (const auto& m : cat->menus) r.items += m.items.size();
        }
    }
    r.total = median(total);
    r.best = *std::min_element(total.begin(), total.end());
    r.parse = median(parse_t);
    r.check = median(check_t);
    r.codegen = median(codegen_t);
    return r;
}

void report(const char* what, const Result& r, int runs, const char* goal) {
    fmt::print("{}: compile (parse+check+bytecode), median of {}: {:.3f} s (best {:.3f} s)  goal < {}\n",
               what, runs, r.total, r.best, goal);
    fmt::print("  of which: parse {:.3f} s, checks {:.3f} s, bytecode {:.3f} s (medians)\n", r.parse, r.check,
               r.codegen);
}

}  // namespace

int main(int argc, char** argv) {
    int runs = 7;
    std::string only, write_dir;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--runs") && i + 1 < argc) {
            runs = std::max(1, std::atoi(argv[++i]));
        } else if (!std::strcmp(argv[i], "--only") && i + 1 < argc) {
            only = argv[++i];
        } else if (!std::strcmp(argv[i], "--write") && i + 1 < argc) {
            write_dir = argv[++i];
        } else {
            fmt::print(stderr, "usage: bench_compile [--runs N] [--only yaml|dsl] [--write DIR]\n");
            return 2;
        }
    }
    const std::string yaml = generate_yaml();
    const std::string dsl = generate_dsl();
    if (!write_dir.empty()) {
        std::ofstream(write_dir + "/generated.yaml", std::ios::binary) << yaml;
        std::ofstream(write_dir + "/generated.carte", std::ios::binary) << dsl;
    }

    std::optional<Result> y, d;
    if (only.empty() || only == "yaml") {
        y = measure(
            "yaml", yaml,
            [](const std::string& text, carte::diag::DiagnosticSink& sink) {
                return carte::yamlfe::parse_yaml_string(text, "generated.yaml", sink);
            },
            runs);
        if (!y) return 1;
    }
    if (only.empty() || only == "dsl") {
        d = measure(
            "dsl", dsl,
            [](const std::string& text, carte::diag::DiagnosticSink& sink) {
                return carte::dsl::parse_carte_string(text, "generated.carte", sink);
            },
            runs);
        if (!d) return 1;
    }

    const Result& any = y ? *y : *d;
    fmt::print("catalogue: {} menus, {} items (incl. headers); {} bytes of YAML, {} bytes of DSL\n",
               any.menus, any.items, yaml.size(), dsl.size());
    if (y) report("YAML", *y, runs, "0.5 s");
    if (d) report("DSL ", *d, runs, "0.3 s");
    if (y && d) {
        bool same = y->menus == d->menus && y->items == d->items && y->stripped == d->stripped;
        fmt::print("same catalogue: {} ({} / {} bytes of bytecode without debug info)\n", same ? "yes" : "NO",
                   y->stripped.size(), d->stripped.size());
        if (!same) return 1;
    }
    fmt::print("--emit ipxe script: {} bytes\n", any.script.size());
    fmt::print("bytecode with debug info: {} bytes = {:.1f}% of the script\n", any.bytecode.size(),
               100.0 * static_cast<double>(any.bytecode.size()) / static_cast<double>(any.script.size()));
    fmt::print("bytecode without debug info: {} bytes = {:.1f}% of the script  goal < 30%\n",
               any.stripped.size(),
               100.0 * static_cast<double>(any.stripped.size()) / static_cast<double>(any.script.size()));
    return 0;
}
