// The iPXE lint behind `carte check SCRIPT.ipxe`: one test per diagnostic (with the positions
// it must report), the command table's consistency, and a run over the netboot.xyz corpus that
// must find no errors in those known-good scripts.
#include "compiler/ipxe_lint/ipxe_lint.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "compiler/ipxe_lint/ipxe_commands.h"

namespace carte::ipxe_lint {
namespace {

namespace fs = std::filesystem;

std::vector<diag::Diagnostic> lint(const std::string& text, diag::DiagnosticSink* keep = nullptr) {
    diag::DiagnosticSink sink;
    lint_ipxe_script("t.ipxe", text, sink);
    auto out = sink.sorted();
    if (keep) *keep = sink;
    return out;
}

// "code@line:col-end_line:end_col" for compact expectations.
std::string where(const diag::Diagnostic& d) {
    return d.code + "@" + std::to_string(d.span.line) + ":" + std::to_string(d.span.col) + "-" +
           std::to_string(d.span.end_line) + ":" + std::to_string(d.span.end_col);
}

std::vector<std::string> codes(const std::string& text) {
    std::vector<std::string> out;
    for (const auto& d : lint(text))
        if (d.severity != diag::Severity::Note) out.push_back(where(d));
    return out;
}

using V = std::vector<std::string>;

TEST(IpxeLint, CleanScriptHasNoDiagnostics) {
    EXPECT_EQ(codes("#!ipxe\n"
                    ":start dhcp || goto start\n"
                    "isset ${arch} && goto have_arch ||\n"
                    "cpuid --ext 29 && set arch x86_64 || set arch i386\n"
                    ":have_arch\n"
                    "menu Boot ${arch}\n"
                    "item --gap -- ----- text\n"
                    "item --key d debian Debian\n"
                    "choose --default debian --timeout 5000 target || goto start\n"
                    "goto ${target}\n"
                    ":debian\n"
                    "kernel -n k http://x/linux initrd=i quiet\n"
                    "initrd --name=i http://x/initrd.gz\n"
                    "echo -n Booting... && boot -ar k\n"),
              V{});
}

TEST(IpxeLint, MissingHeader) {
    EXPECT_EQ(codes("echo hi\n"), V{"ipxe-no-header@1:1-1:1"});
}

TEST(IpxeLint, UnknownCommandWithSuggestion) {
    diag::DiagnosticSink sink;
    auto d = lint("#!ipxe\n  kernal http://x || ECHO y\n", &sink);
    ASSERT_EQ(d.size(), 2u);
    EXPECT_EQ(where(d[0]), "ipxe-unknown-command@2:3-2:8");
    EXPECT_EQ(d[0].message, "unknown command 'kernal'");
    EXPECT_EQ(d[0].hint, "did you mean 'kernel'?");
    EXPECT_EQ(where(d[1]), "ipxe-unknown-command@2:22-2:25");
    EXPECT_NE(d[1].hint.find("case-sensitive"), std::string::npos);
    std::string text = diag::render_text(sink);
    EXPECT_NE(text.find("t.ipxe:2:3: error: unknown command 'kernal' [ipxe-unknown-command]"),
              std::string::npos)
        << text;
}

TEST(IpxeLint, CommandNamesFromSettingsAreNotChecked) {
    EXPECT_EQ(codes("#!ipxe\n${cmd} x\n"), V{});
}

TEST(IpxeLint, UnknownOptions) {
    EXPECT_EQ(codes("#!ipxe\nkernel --nmae x http://k\n"), V{"ipxe-unknown-option@2:8-2:13"});
    EXPECT_EQ(codes("#!ipxe\nchain -z http://k\n"), V{"ipxe-unknown-option@2:7-2:8"});
    // Options stop at the first positional argument (no permutation): `-z` is a kernel argument.
    EXPECT_EQ(codes("#!ipxe\nkernel http://k -z --weird\n"), V{});
    // `--` ends the options; --help is universal; echo's option is literally named `n`.
    EXPECT_EQ(codes("#!ipxe\nitem --gap -- --not-an-option\nshell --help\necho --n x\n"), V{});
    auto d = lint("#!ipxe\nitem --defualt x y\n");
    ASSERT_EQ(d.size(), 1u);
    EXPECT_EQ(d[0].hint, "did you mean '--default'?");
}

TEST(IpxeLint, OptionValues) {
    EXPECT_EQ(codes("#!ipxe\nchoose --timeout\n"), V{"ipxe-option-value@2:8-2:16"});
    EXPECT_EQ(codes("#!ipxe\nitem --gap=x\n"), V{"ipxe-option-value@2:6-2:12"});
    // `-nname` bundles the value; `--name value` consumes the next word.
    EXPECT_EQ(codes("#!ipxe\ninitrd -nfoo http://i\ninitrd --name foo http://i\n"), V{});
}

TEST(IpxeLint, ArgumentCounts) {
    EXPECT_EQ(codes("#!ipxe\niseq a\n"), V{"ipxe-argument-count@2:1-2:6"});
    EXPECT_EQ(codes("#!ipxe\nchoose a b || goto x\n:x\n"), V{"ipxe-argument-count@2:1-2:10"});
    EXPECT_EQ(codes("#!ipxe\nkernel\n"), V{"ipxe-argument-count@2:1-2:6"});
    // An undefined ${x} still counts as an argument, so this is fine.
    EXPECT_EQ(codes("#!ipxe\niseq ${a} ${b}\n"), V{});
    auto d = lint("#!ipxe\nreboot now\n");
    ASSERT_EQ(d.size(), 1u);
    EXPECT_EQ(d[0].message, "'reboot' takes no arguments, but is given 1");
    EXPECT_EQ(d[0].hint, "usage: reboot [--warm] [--setup]");
}

TEST(IpxeLint, UndefinedLiteralGotoTarget) {
    auto d = lint("#!ipxe\ngoto mainn || goto main\n:main\n");
    ASSERT_EQ(d.size(), 1u);
    EXPECT_EQ(where(d[0]), "ipxe-undefined-label@2:6-2:10");
    EXPECT_EQ(d[0].hint, "did you mean 'main'?");
    // Computed targets are checked only for a literal prefix that some label must start with.
    EXPECT_EQ(codes("#!ipxe\ngoto deb_${type}\n:deb_text\n"), V{});
    EXPECT_EQ(codes("#!ipxe\ngoto ubu_${type} ||\n:deb_text\n"), V{"ipxe-no-matching-label@2:6-2:16"});
    EXPECT_EQ(codes("#!ipxe\ngoto ${menu}\n"), V{});
}

TEST(IpxeLint, DuplicateLabelsWarnWithNote) {
    auto d = lint("#!ipxe\n:a\n:b echo\n:a echo again\n");
    ASSERT_EQ(d.size(), 2u);
    EXPECT_EQ(where(d[0]), "ipxe-duplicate-label@2:1-2:2");
    EXPECT_EQ(d[0].severity, diag::Severity::Note);
    EXPECT_EQ(where(d[1]), "ipxe-duplicate-label@4:1-4:2");
    EXPECT_EQ(d[1].severity, diag::Severity::Warning);
}

TEST(IpxeLint, UnreachableLines) {
    // After an unconditional goto/exit, lines up to the next label never run (one warning per run).
    EXPECT_EQ(codes("#!ipxe\ngoto end\necho a\necho b\n# comment\n:end\necho c\nexit 0\n\necho d\n"),
              (V{"ipxe-unreachable@3:1-3:6", "ipxe-unreachable@10:1-10:6"}));
    // Lines that can fall through: failure handled, or a condition in front.
    EXPECT_EQ(codes("#!ipxe\niseq a b && goto x ||\necho ok\n:x\n"), V{});
    EXPECT_EQ(codes("#!ipxe\nisset ${a} || exit 1\necho ok\n"), V{});
    // `a && exit`: if a fails the line fails and the script ends, so nothing after can run.
    EXPECT_EQ(codes("#!ipxe\nisset ${a} && exit\necho never\n"), V{"ipxe-unreachable@3:1-3:10"});
    // Chained fallbacks that all jump or end.
    EXPECT_EQ(codes("#!ipxe\ngoto ${v}${d} || goto ${v} || exit\nset x y\n"), V{"ipxe-unreachable@3:1-3:7"});
    // The hint names the precedence pitfall when the jumping line mixes `||` then `&&`.
    auto d = lint("#!ipxe\n:n\nifconf || echo failed && goto n\necho never\n");
    ASSERT_EQ(d.size(), 1u);
    EXPECT_NE(d[0].hint.find("no precedence"), std::string::npos) << d[0].hint;
    // A label on the line itself makes it reachable.
    EXPECT_EQ(codes("#!ipxe\nexit\n:l echo x\n"), V{});
}

TEST(IpxeLint, UnclosedExpansion) {
    EXPECT_EQ(codes("#!ipxe\necho ${a ${b} x${c}}\n"), V{"ipxe-unclosed-expansion@2:6-2:8"});
    EXPECT_EQ(codes("#!ipxe\necho x${net${i}/mac\n"), V{"ipxe-unclosed-expansion@2:7-2:19"});
    EXPECT_EQ(codes("#!ipxe\necho ${${n}} ${} $a }\n"), V{});
}

TEST(IpxeLint, BrokenContinuationAndJoinedPositions) {
    EXPECT_EQ(codes("#!ipxe\necho a\necho b\\\n"), V{"ipxe-broken-continuation@3:7-3:7"});
    // A diagnostic inside a joined line points at the physical line it came from.
    EXPECT_EQ(codes("#!ipxe\necho a \\\n  chian x\n"), V{});  // `chian` is an argument of echo here
    EXPECT_EQ(codes("#!ipxe\niseq a \\\nb c\n"), V{"ipxe-argument-count@2:1-3:3"});
}

// Carte's VM takes at most 64 words per command (the translator refuses more).
TEST(IpxeLint, TooManyWords) {
    std::string line = "echo";
    for (int i = 0; i < 63; ++i) line += " w";
    EXPECT_EQ(codes("#!ipxe\n" + line + "\n"), V{});
    EXPECT_EQ(codes("#!ipxe\n" + line + " w\n"), V{"ipxe-too-many-words@2:1-2:132"});
}

TEST(IpxeCommands, TableIsConsistent) {
    std::map<std::string, int> seen;
    for (const CommandSpec& c : all_commands()) {
        EXPECT_EQ(seen[std::string(c.name)]++, 0) << "duplicate entry " << c.name;
        EXPECT_TRUE(c.max_args == kUnlimited || c.max_args >= c.min_args) << c.name;
        EXPECT_EQ(c.usage.substr(0, c.name.size()), c.name) << c.name;
        std::map<char, int> shorts;
        std::map<std::string, int> longs;
        for (const OptionSpec& o : options_of(c)) {
            EXPECT_FALSE(o.name.empty()) << c.name;
            EXPECT_EQ(longs[o.name]++, 0) << c.name << " --" << o.name;
            EXPECT_EQ(shorts[o.short_name]++, 0) << c.name << " -" << o.short_name;
        }
    }
    const CommandSpec* k = find_command("kernel");
    ASSERT_NE(k, nullptr);
    EXPECT_EQ(find_command("KERNEL"), nullptr);
    ASSERT_EQ(options_of(*k).size(), 4u);
    EXPECT_EQ(options_of(*k)[0].name, "name");
    EXPECT_EQ(options_of(*k)[0].short_name, 'n');
    EXPECT_TRUE(options_of(*k)[0].takes_value);
}

// The netboot.xyz corpus boots in real iPXE, so every error must be a real bug. The lint
// finds exactly these (each checked by hand; see docs/ipxe-scripts.md "What the lint found"):
// gotos to labels the script never defines (netboot.xyz's #945/#1567/#518 class: iPXE ends
// the script with ENOENT there), one duplicate label, and dead lines, including the
// `ifconf … || echo … && goto netvlan` precedence bug in the embedded disk scripts.
const char* const kExpectedCorpusFindings[] = {
    "4mlinux.ipxe:13:ipxe-undefined-label",
    "almalinux.ipxe:39:ipxe-undefined-label",
    "bsd.ipxe:20:ipxe-undefined-label",
    "bsd.ipxe:24:ipxe-undefined-label",
    "centos.ipxe:38:ipxe-undefined-label",
    "custom/custom.ipxe:18:ipxe-unreachable",
    "disks/netboot.xyz:97:ipxe-unreachable",
    "disks/netboot.xyz-gce:59:ipxe-unreachable",
    "disks/netboot.xyz-metal:60:ipxe-unreachable",
    "fedora.ipxe:54:ipxe-undefined-label",
    "ipfire.ipxe:13:ipxe-undefined-label",
    "linux-arm.ipxe:31:ipxe-undefined-label",
    "linux-arm.ipxe:35:ipxe-undefined-label",
    "linux-i386.ipxe:20:ipxe-undefined-label",
    "linux-i386.ipxe:24:ipxe-undefined-label",
    "linux.ipxe:48:ipxe-undefined-label",
    "linux.ipxe:52:ipxe-undefined-label",
    "live-arm.ipxe:16:ipxe-undefined-label",
    "live-arm.ipxe:20:ipxe-undefined-label",
    "live-mint.ipxe:82:ipxe-undefined-label",
    "live-q4os.ipxe:18:ipxe-duplicate-label",
    "live-ubuntu.ipxe:100:ipxe-undefined-label",
    "live.ipxe:53:ipxe-undefined-label",
    "live.ipxe:57:ipxe-undefined-label",
    "openEuler.ipxe:39:ipxe-undefined-label",
    "rhel.ipxe:45:ipxe-unreachable",
    "smartos.ipxe:44:ipxe-undefined-label",
    "smartos.ipxe:45:ipxe-undefined-label",
    "unix.ipxe:15:ipxe-undefined-label",
    "unix.ipxe:19:ipxe-undefined-label",
};

// True if some line of `text` defines `:label` (checked with a plain scan, not the lint).
bool defines_label(const std::string& text, const std::string& label) {
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        size_t i = line.find_first_not_of(" \t");
        if (i == std::string::npos || line[i] != ':') continue;
        std::string rest = line.substr(i + 1);
        size_t end = rest.find_first_of(" \t\r");
        if (rest.substr(0, end) == label) return true;
    }
    return false;
}

TEST(IpxeLint, NetbootXyzCorpusFindsExactlyTheKnownBugs) {
    fs::path dir = fs::path(CARTE_SHARED_DIR) / "conformance" / "netbootxyz";
    if (!fs::is_directory(dir)) GTEST_SKIP() << "no corpus at " << dir << " (conformance data absent)";
    int files = 0;
    std::vector<std::string> found;
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
        if (!e.is_regular_file()) continue;
        std::ifstream in(e.path(), std::ios::binary);
        std::stringstream ss;
        ss << in.rdbuf();
        std::string text = ss.str();
        if (text.rfind("#!ipxe", 0) != 0) continue;
        ++files;
        diag::DiagnosticSink sink;
        lint_ipxe_script(e.path().string(), text, sink);
        std::string rel = fs::relative(e.path(), dir).string();
        for (const auto& d : sink.sorted()) {
            if (d.severity == diag::Severity::Note) continue;
            found.push_back(rel + ":" + std::to_string(d.span.line) + ":" + d.code);
            std::printf("%s", diag::render_text(sink, d).c_str());
            if (d.code == "ipxe-undefined-label") {
                // Independent confirmation: the target really is not defined in the file.
                std::string line = sink.source_line(d.span.file, d.span.line);
                std::string target = line.substr(d.span.col - 1, d.span.end_col - d.span.col + 1);
                EXPECT_FALSE(defines_label(text, target)) << rel << ": ':" << target << "' exists";
            }
        }
    }
    std::sort(found.begin(), found.end());
    std::vector<std::string> expected(std::begin(kExpectedCorpusFindings), std::end(kExpectedCorpusFindings));
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(found, expected);
    EXPECT_GE(files, 110);
    std::printf("[ lint     ] %d scripts, %zu findings\n", files, found.size());
}

}  // namespace
}  // namespace carte::ipxe_lint
