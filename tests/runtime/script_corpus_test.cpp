// Conformance: every real netboot.xyz script (*.ipxe and any other file that starts with #!ipxe,
// recursively, in CARTE_SHARED_DIR/conformance/netbootxyz; skipped when that data is absent)
// translates and passes load_module(); and pciids.ipxe (71,684 lines, 23,894 labels) translates
// fast, with every label in LABL.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "runtime/bytecode/module.h"
#include "runtime/script/line_parser.h"
#include "runtime/script/line_reader.h"
#include "runtime/script/script_header.h"
#include "runtime/script/translator.h"

namespace carte::script {
namespace {

namespace fs = std::filesystem;

const fs::path kCorpus = fs::path(CARTE_SHARED_DIR) / "conformance" / "netbootxyz";

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

Str S(const std::string& s) {
    return Str(s.data(), s.size());
}

TEST(ScriptCorpus, EveryNetbootXyzScriptTranslatesAndVerifies) {
    if (!fs::is_directory(kCorpus))
        GTEST_SKIP() << "no corpus at " << kCorpus << " (conformance data absent)";
    int scripts = 0;
    for (const auto& e : fs::recursive_directory_iterator(kCorpus)) {
        if (!e.is_regular_file()) continue;
        std::string text = slurp(e.path());
        bool ipxe_name = e.path().extension() == ".ipxe";
        if (!is_script(S(text))) {
            EXPECT_FALSE(ipxe_name) << e.path() << " is named .ipxe but has no #!ipxe header";
            continue;
        }
        ++scripts;
        String why;
        auto r = translate_script(S(text), S(e.path().string()), ScriptOptions(), &why);
        ASSERT_TRUE(r.ok()) << e.path() << ": " << why.c_str();
        String lwhy;
        auto m = bc::load_module(r.value().span(), &lwhy);
        ASSERT_TRUE(m.ok()) << e.path() << ": " << lwhy.c_str();
        EXPECT_TRUE(m->header().flags & bc::kFlagScript);
    }
    // 109 *.ipxe files plus boot.cfg, production/boot.cfg and the three disks/ scripts.
    EXPECT_GE(scripts, 110) << "the corpus looks incomplete";
    std::printf("[ corpus   ] %d scripts translated and verified\n", scripts);
}

// Labels in LABL must be exactly the distinct `:label` names of the script (first wins).
TEST(ScriptCorpus, MenuLabelsMatchTheSource) {
    fs::path p = kCorpus / "debian.ipxe";
    if (!fs::exists(p)) GTEST_SKIP() << "no corpus at " << kCorpus << " (conformance data absent)";
    std::string text = slurp(p);
    auto r = translate_script(S(text), "debian.ipxe");
    ASSERT_TRUE(r.ok());
    auto m = bc::load_module(r.value().span());
    ASSERT_TRUE(m.ok());
    for (const char* name :
         {"debian", "older_release", "mirrorcfg", "deb_boot_type", "deb_rescue", "deb_expert", "deb_preseed",
          "deb_text", "deb_graphical", "deb_boot", "debian_exit"}) {
        uint32_t off;
        EXPECT_TRUE(m->find_label(Str::from_cstr(name), &off)) << name;
        EXPECT_EQ(m->source_at(off).line > 0, true);
    }
    EXPECT_EQ(m->labels().size(), 11u);
    uint32_t off;
    EXPECT_FALSE(m->find_label("deb_nosuch", &off));
}

TEST(ScriptCorpus, PciidsTranslatesFastWithAllLabels) {
    fs::path p = kCorpus / "pciids.ipxe";
    if (!fs::exists(p)) GTEST_SKIP() << "no pciids.ipxe at " << p << " (conformance data absent)";
    std::string text = slurp(p);

    // Count the distinct labels independently with the line reader.
    size_t label_lines = 0;
    {
        LineReader reader(S(text));
        ScriptLine l;
        ParsedLine pl;
        while (reader.next(&l)) {
            ASSERT_TRUE(parse_line(l.text, &pl));
            if (pl.has_label) ++label_lines;
        }
    }

    auto t0 = std::chrono::steady_clock::now();
    String why;
    auto r = translate_script(S(text), "pciids.ipxe", ScriptOptions(), &why);
    auto t1 = std::chrono::steady_clock::now();
    ASSERT_TRUE(r.ok()) << why.c_str();
    auto m = bc::load_module(r.value().span());
    auto t2 = std::chrono::steady_clock::now();
    ASSERT_TRUE(m.ok());
    double translate_ms = std::chrono::duration<double, std::milli>(t1 - t0).count();
    double load_ms = std::chrono::duration<double, std::milli>(t2 - t1).count();
    std::printf(
        "[ pciids   ] %zu bytes of script, %zu label lines -> %zu bytes of bytecode, %zu labels; "
        "translate %.1f ms, load+verify %.1f ms\n",
        text.size(), label_lines, r.value().size(), m->labels().size(), translate_ms, load_ms);

    EXPECT_EQ(m->labels().size(), 23894u);  // README: 23,894 labels
    EXPECT_LE(m->labels().size(), label_lines);
    uint32_t off;
    EXPECT_TRUE(m->find_label("0001", &off));
    EXPECT_TRUE(m->find_label("00108139", &off));
    // `:00108139` is alone on line 9, so it lands on line 10's `set dev …`.
    EXPECT_EQ(m->source_at(off).line, 10u);
    // Generous bound for a shared, loaded CI machine; typical is far lower (see the printout).
    EXPECT_LT(translate_ms, 2000.0);
}

}  // namespace
}  // namespace carte::script
