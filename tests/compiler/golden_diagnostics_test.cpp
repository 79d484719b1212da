// Golden tests of the diagnostics: every input in tests/compiler/golden/ (one per class of
// error) is checked, and the text and JSON renderings must match NAME.txt and NAME.diag.json
// byte for byte. Set CARTE_UPDATE_GOLDEN=1 to rewrite the expected files after a deliberate change.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <set>

#include "compiler/driver/frontend.h"
#include "test_support.h"

namespace carte {
namespace {

namespace fs = std::filesystem;

fs::path golden_dir() {
    return test::source_dir() / "tests/compiler/golden";
}

// Runs from the golden folder so diagnostics name files relative to it, as an author would
// see them; restores the working directory afterwards.
struct InDir {
    fs::path old = fs::current_path();
    explicit InDir(const fs::path& p) { fs::current_path(p); }
    ~InDir() { fs::current_path(old); }
};

void expect_golden(const fs::path& expected_file, const std::string& actual) {
    if (std::getenv("CARTE_UPDATE_GOLDEN")) {
        std::ofstream(expected_file, std::ios::binary) << actual;
        return;
    }
    ASSERT_TRUE(fs::exists(expected_file))
        << "missing golden file " << expected_file << " (run with CARTE_UPDATE_GOLDEN=1 to create it)";
    EXPECT_EQ(test::read_file(expected_file), actual) << "diagnostics differ from " << expected_file;
}

class GoldenDiagnostics : public ::testing::TestWithParam<std::string> {};

TEST_P(GoldenDiagnostics, TextAndJsonMatch) {
    InDir here(golden_dir());
    const std::string name = GetParam();
    diag::DiagnosticSink sink;
    (void)driver::load_checked(name, sink);
    ASSERT_FALSE(sink.diagnostics().empty()) << name << " is a golden input but produced no diagnostic";
    fs::path stem = fs::path(name).replace_extension();
    expect_golden(stem.string() + ".txt", diag::render_text(sink));
    expect_golden(stem.string() + ".diag.json", diag::render_json(sink));
}

std::vector<std::string> golden_inputs() {
    std::vector<std::string> names;
    for (const fs::path& p : test::sources_in(golden_dir(), {".yaml", ".json", ".carte"})) {
        std::string f = p.filename().string();
        if (f.size() > 10 && f.compare(f.size() - 10, 10, ".diag.json") == 0) continue;  // an expected output
        if (p.extension() == ".carte" && !driver::have_dsl()) continue;
        names.push_back(p.filename().string());
    }
    return names;
}

std::string test_name(const ::testing::TestParamInfo<std::string>& info) {
    std::string n;
    for (char c : info.param) n += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    return n;
}

INSTANTIATE_TEST_SUITE_P(Golden, GoldenDiagnostics, ::testing::ValuesIn(golden_inputs()), test_name);

// The classes of error the issue lists must each have a golden case.
TEST(GoldenDiagnostics, EveryCheckedClassHasACase) {
    std::set<std::string> codes;
    InDir here(golden_dir());
    for (const std::string& name : golden_inputs()) {
        diag::DiagnosticSink sink;
        (void)driver::load_checked(name, sink);
        for (const diag::Diagnostic& d : sink.diagnostics()) codes.insert(d.code);
    }
    for (const char* code :
         {"unknown-menu", "invalid-default", "missing-default", "duplicate-id", "duplicate-hotkey",
          "unreachable-menu", "timeout-range", "bad-duration", "bad-url", "unknown-setting", "bad-sha256",
          "unknown-key", "syntax", "no-action"})
        EXPECT_TRUE(codes.count(code)) << "no golden case reports '" << code << "'";
}

}  // namespace
}  // namespace carte
