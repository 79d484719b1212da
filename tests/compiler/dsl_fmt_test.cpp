// `carte fmt`'s formatter: canonical layout, comments kept, idempotent on every example.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "compiler/dsl/dsl_frontend.h"
#include "compiler/dsl/formatter.h"

namespace carte::dsl {
namespace {

namespace fs = std::filesystem;

std::string fmt(const std::string& text) {
    diag::DiagnosticSink sink;
    auto out = format_carte(text, "t.carte", sink);
    EXPECT_TRUE(out.has_value()) << diag::render_text(sink);
    return out.value_or("");
}

TEST(DslFmt, CanonicalLayout) {
    const std::string messy =
        "carte   1\n\n\n"
        "# leading comment\n"
        "menu main   \"Main\"{\n"
        "timeout    10s ; default a\n"
        "        item a \"A\"   key a   when ( platform==\"efi\" or\n"
        "   buildarch != \"i386\" )->linux{\n"
        "kernel \"k\"   sha256 \"h\"\n\n\n"
        "  args \"x\"   # trailing comment\n"
        "}\n"
        "  item b \"B\" -> linux {   kernel \"k\" }\n"
        "\n"
        "  item c \"C\" -> { set x   =   \"1\";  shell }\n"
        "}\n"
        "const l = [ \"a\" , \"b\" ]\n"
        "if x.y==\"1\"{ }else{\n"
        "menu  m \"M\" {item d \"D\" when net0/mac : hexhyp ~ \"x\" -> exit}\n"
        "}\n";
    const std::string expected =
        "carte 1\n"
        "\n"
        "# leading comment\n"
        "menu main \"Main\" {\n"
        "  timeout 10s\n"
        "  default a\n"
        "  item a \"A\" key a when (platform == \"efi\" or buildarch != \"i386\") -> linux {\n"
        "    kernel \"k\" sha256 \"h\"\n"
        "\n"
        "    args \"x\"  # trailing comment\n"
        "  }\n"
        "  item b \"B\" -> linux { kernel \"k\" }\n"
        "\n"
        "  item c \"C\" -> { set x = \"1\"; shell }\n"
        "}\n"
        "const l = [\"a\", \"b\"]\n"
        "if x.y == \"1\" { } else {\n"
        "  menu m \"M\" { item d \"D\" when net0/mac:hexhyp ~ \"x\" -> exit }\n"  // one line as written
        "}\n";
    EXPECT_EQ(fmt(messy), expected);
    EXPECT_EQ(fmt(expected), expected);
}

TEST(DslFmt, TripleQuotedTextIsKeptVerbatim) {
    const std::string src =
        "carte 1\nmenu m \"M\" {\n  item a \"A\" -> ipxe \"\"\"\n      dhcp\n    echo hi\n  \"\"\"\n}\n";
    EXPECT_EQ(fmt(src), src);
}

TEST(DslFmt, CommentInsideParenthesesKeepsTheStatementWhole) {
    const std::string src =
        "carte 1\nmenu m \"M\" {\n  item a \"A\" when (platform == \"efi\" # uefi\n or platform == "
        "\"pcbios\") -> shell\n}\n";
    const std::string once = fmt(src);
    EXPECT_EQ(once,
              "carte 1\nmenu m \"M\" {\n  item a \"A\" when (platform == \"efi\"  # uefi\n      or platform "
              "== \"pcbios\") -> "
              "shell\n}\n");
    EXPECT_EQ(fmt(once), once);
    diag::DiagnosticSink sink;
    EXPECT_TRUE(parse_carte_string(once, "t.carte", sink).has_value()) << diag::render_text(sink);
}

TEST(DslFmt, SyntaxErrorsAreReportedNotFormatted) {
    diag::DiagnosticSink sink;
    EXPECT_FALSE(
        format_carte("carte 1\nmenu m \"M\" {\n  item a \"A\" shell\n}\n", "bad.carte", sink).has_value());
    EXPECT_EQ(sink.error_count(), 1u);
    EXPECT_EQ(sink.diagnostics()[0].span.line, 3u);
}

std::vector<fs::path> carte_files() {
    std::vector<fs::path> out;
    for (const char* dir : {"examples", "examples/parts", "menus"}) {
        fs::path d = fs::path(CARTE_SOURCE_DIR) / dir;
        if (!fs::exists(d)) continue;
        for (const auto& e : fs::directory_iterator(d))
            if (e.path().extension() == ".carte") out.push_back(e.path());
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::string read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// Formatting must not change meaning: the formatted file compiles to the same IR shape.
TEST(DslFmt, IdempotentAndMeaningPreservingOnEveryShippedFile) {
    auto files = carte_files();
    ASSERT_GE(files.size(), 8u);
    for (const fs::path& p : files) {
        SCOPED_TRACE(p.string());
        std::string once = fmt(read(p));
        EXPECT_EQ(fmt(once), once);
        if (p.parent_path().filename() == "parts") continue;  // fragments compile via their includer
        diag::DiagnosticSink a, b;
        auto original = parse_carte_file(p.string(), a);
        auto formatted = parse_carte_string(once, p.string(), b);
        ASSERT_TRUE(original && formatted) << diag::render_text(a) << diag::render_text(b);
        ASSERT_EQ(original->menus.size(), formatted->menus.size());
        for (size_t m = 0; m < original->menus.size(); ++m) {
            EXPECT_EQ(original->menus[m].id.value, formatted->menus[m].id.value);
            ASSERT_EQ(original->menus[m].items.size(), formatted->menus[m].items.size());
            for (size_t i = 0; i < original->menus[m].items.size(); ++i)
                EXPECT_EQ(original->menus[m].items[i].label.value, formatted->menus[m].items[i].label.value);
        }
    }
}

// The shipped files are kept formatted (what `carte fmt --check` enforces in CI).
TEST(DslFmt, ShippedFilesAreFormatted) {
    for (const fs::path& p : carte_files()) {
        std::string text = read(p);
        EXPECT_EQ(fmt(text), text) << p << " is not formatted; run carte fmt " << p;
    }
}

}  // namespace
}  // namespace carte::dsl
