// Every shipped example and the catalogue compile cleanly; the bytecode round-trips through
// disasm → asm; the same input gives the same bytes; YAML and DSL twins give identical
// bytecode; `--emit ipxe` output is accepted by the runtime's iPXE reader; `--emit json`
// output is valid input that compiles to the same bytecode.
#include <gtest/gtest.h>

#include "compiler/asm/assembler.h"
#include "compiler/codegen/ipxe_emitter.h"
#include "compiler/codegen/json_emitter.h"
#include "compiler/yaml/yaml_frontend.h"
#include "runtime/bytecode/disassembler.h"
#include "runtime/bytecode/module.h"
#include "runtime/script/translator.h"
#include "test_support.h"

namespace carte {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> shipped_sources() {
    std::vector<std::string> out;
    std::vector<std::string> exts = {".yaml", ".json"};
    if (driver::have_dsl()) exts.push_back(".carte");
    for (const char* dir : {"examples", "menus"})
        for (const fs::path& p : test::sources_in(test::source_dir() / dir, exts)) {
            if (p.filename() == "releases.yaml") continue;  // data imported by the catalogue, not a menu
            out.push_back(fs::relative(p, test::source_dir()).string());
        }
    return out;
}

std::string param_name(const ::testing::TestParamInfo<std::string>& info) {
    std::string n;
    for (char c : info.param) n += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    return n;
}

struct InSourceDir {
    fs::path old = fs::current_path();
    InSourceDir() { fs::current_path(test::source_dir()); }
    ~InSourceDir() { fs::current_path(old); }
};

class Shipped : public ::testing::TestWithParam<std::string> {};

TEST_P(Shipped, CompilesWithoutErrorsOrWarnings) {
    InSourceDir here;
    diag::DiagnosticSink sink;
    auto bytes = test::compile_file(GetParam(), sink);
    ASSERT_TRUE(bytes) << diag::render_text(sink);
    EXPECT_EQ(sink.warning_count(), 0u) << diag::render_text(sink);
    String why;
    EXPECT_TRUE(bc::load_module(Bytes(bytes->data(), bytes->size()), &why).ok()) << why.c_str();
}

TEST_P(Shipped, SameInputSameBytes) {
    InSourceDir here;
    diag::DiagnosticSink a, b;
    auto x = test::compile_file(GetParam(), a), y = test::compile_file(GetParam(), b);
    ASSERT_TRUE(x && y);
    EXPECT_EQ(*x, *y);
}

TEST_P(Shipped, DisasmThenAsmReproducesTheBytes) {
    InSourceDir here;
    for (bool debug : {true, false}) {
        diag::DiagnosticSink sink;
        auto bytes = test::compile_file(GetParam(), sink, debug);
        ASSERT_TRUE(bytes) << diag::render_text(sink);
        auto mod = bc::load_module(Bytes(bytes->data(), bytes->size()));
        ASSERT_TRUE(mod.ok());
        String listing;
        ASSERT_TRUE(bc::disassemble(mod.value(), &listing));
        diag::DiagnosticSink asm_sink;
        auto again = assembler::assemble(std::string(listing.c_str(), listing.size()), "listing", asm_sink);
        ASSERT_TRUE(again) << diag::render_text(asm_sink);
        EXPECT_EQ(*bytes, *again) << "debug=" << debug;
    }
}

TEST_P(Shipped, EmittedIpxeScriptIsAcceptedByTheRuntimeReader) {
    InSourceDir here;
    diag::DiagnosticSink sink;
    auto cat = driver::load_checked(GetParam(), sink);
    ASSERT_TRUE(cat) << diag::render_text(sink);
    std::string script = codegen::emit_ipxe(*cat, sink);
    ASSERT_EQ(script.rfind("#!ipxe\n", 0), 0u);
    EXPECT_EQ(script.find("--sha256"), std::string::npos) << "stock iPXE does not know --sha256";
    String why;
    auto mod = script::translate_script(Str(script.data(), script.size()), "emitted.ipxe",
                                        script::ScriptOptions(), &why);
    EXPECT_TRUE(mod.ok()) << why.c_str();
}

TEST_P(Shipped, EmittedJsonIsInputThatCompilesToTheSameBytecode) {
    InSourceDir here;
    diag::DiagnosticSink sink;
    auto cat = driver::load_checked(GetParam(), sink);
    ASSERT_TRUE(cat) << diag::render_text(sink);
    codegen::BytecodeOptions nodebug;
    nodebug.debug_info = false;
    auto original = codegen::compile_bytecode(*cat, nodebug, sink);
    std::string json = codegen::emit_json(*cat);
    diag::DiagnosticSink sink2;
    auto reread = yamlfe::parse_yaml_string(json, "emitted.json", sink2);
    ASSERT_TRUE(reread) << diag::render_text(sink2);
    auto again = codegen::compile_bytecode(*reread, nodebug, sink2);
    ASSERT_TRUE(original && again);
    EXPECT_EQ(*original, *again);
}

INSTANTIATE_TEST_SUITE_P(ExamplesAndCatalogue, Shipped, ::testing::ValuesIn(shipped_sources()), param_name);

TEST(Examples, YamlAndDslTwinsCompileToIdenticalBytecode) {
    if (!driver::have_dsl()) GTEST_SKIP() << "the DSL front-end is not built";
    InSourceDir here;
    int pairs = 0;
    for (const char* dir : {"examples", "menus"})
        for (const fs::path& carte : test::sources_in(test::source_dir() / dir, {".carte"})) {
            fs::path yaml = carte;
            yaml.replace_extension(".yaml");
            if (!fs::exists(yaml)) yaml.replace_extension(".json");
            if (!fs::exists(yaml)) continue;
            ++pairs;
            diag::DiagnosticSink s1, s2;
            auto a = test::compile_file(fs::relative(carte).string(), s1, false);
            auto b = test::compile_file(fs::relative(yaml).string(), s2, false);
            ASSERT_TRUE(a) << diag::render_text(s1);
            ASSERT_TRUE(b) << diag::render_text(s2);
            EXPECT_EQ(*a, *b) << carte << " and " << yaml << " differ";
        }
    EXPECT_GT(pairs, 0) << "no NAME.carte + NAME.yaml pairs found";
}

TEST(Catalogue, CheckedInJsonFormMatchesTheDsl) {
    // menus/catalogue.json is `carte compile menus/catalogue.carte --emit json`: the explicit
    // model for tools and stock-YAML users. Regenerate it when the catalogue or releases change.
    if (!driver::have_dsl()) GTEST_SKIP() << "the DSL front-end is not built";
    InSourceDir here;
    diag::DiagnosticSink sink;
    auto cat = driver::load_checked("menus/catalogue.carte", sink);
    ASSERT_TRUE(cat) << diag::render_text(sink);
    EXPECT_EQ(codegen::emit_json(*cat), test::read_file("menus/catalogue.json"))
        << "regenerate: carte compile menus/catalogue.carte --emit json -o menus/catalogue.json";
}

TEST(Catalogue, CoversTheRequiredSystems) {
    InSourceDir here;
    diag::DiagnosticSink sink;
    auto cat = driver::load_checked("menus/catalogue.json", sink);
    ASSERT_TRUE(cat) << diag::render_text(sink);
    std::string json = codegen::emit_json(*cat);
    for (const char* s : {"Debian", "Ubuntu", "Fedora", "Alpine", "Arch", "openSUSE", "SystemRescue",
                          "memtest86+", "http://10.0.2.100/vmlinuz", "http://10.0.2.100/initrd.cpio"})
        EXPECT_NE(json.find(s), std::string::npos) << s;
    // Mirrors are runtime settings with defaults, so they stay overridable at boot time.
    EXPECT_GE(cat->defaults.size(), 6u);
    EXPECT_NE(json.find("${debian_mirror}/dists/bookworm/"), std::string::npos);
}

TEST(Examples, EveryFeatureAppearsInTheYamlExamples) {
    // Guards the promise "small examples of every feature": each action and construct is used.
    std::string all;
    for (const fs::path& p : test::sources_in(test::source_dir() / "examples", {".yaml", ".json"}))
        all += test::read_file(p);
    for (const char* feature :
         {"timeout:",   "default:", "header:", "- gap",   "key:",      "submenu:",
          "linux:",     "initrds:", "name:",   "sha256:", "cmdline:",  "multiboot:",
          "efi:",       "chain:",   "shell:",  "exit:",   "reboot:",   "poweroff:",
          "ask:",       "set:",     "echo:",   "ipxe:",   "when:",     "match:",
          "and:",       "or:",      "not:",    "isset:",  "defaults:", "${net0/mac:hexhyp}",
          "${platform}"})
        EXPECT_NE(all.find(feature), std::string::npos) << "no YAML example uses " << feature;
}

}  // namespace
}  // namespace carte
