// Every syntax and expansion error of the DSL, with its full rendered text (golden): the
// position, the caret under the right columns, the message and the hint.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "tests/compiler/dsl_test_util.h"

namespace carte::dsl {
namespace {

using test::compile;

struct Case {
    const char* name;
    const char* source;
    const char* expected;
};

const Case kCases[] = {
#include "dsl_errors_cases.inc"
};

class DslErrors : public ::testing::TestWithParam<Case> {};

TEST_P(DslErrors, RendersGolden) {
    const Case& c = GetParam();
    test::Compiled out = compile(c.source);
    EXPECT_FALSE(out.catalogue.has_value());
    EXPECT_EQ(out.diagnostics, c.expected) << "source:\n" << c.source;
    // CARTE_DSL_GOLDEN_OUT=file.json collects the actual texts, to review and paste in when an
    // intended change alters messages.
    if (const char* dump = std::getenv("CARTE_DSL_GOLDEN_OUT")) {
        nlohmann::json all = nlohmann::json::object();
        if (std::ifstream in(dump); in) all = nlohmann::json::parse(in, nullptr, false);
        if (!all.is_object()) all = nlohmann::json::object();
        all[c.name] = out.diagnostics;
        std::ofstream(dump) << all.dump(1);
    }
}

INSTANTIATE_TEST_SUITE_P(All, DslErrors, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<Case>& i) { return std::string(i.param.name); });

// Errors that involve other files: checked by code, position and message (paths are temporary).
class DslFileErrors : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ =
            std::filesystem::temp_directory_path() /
            ("carte_dsl_err_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
        std::filesystem::remove_all(dir_);
        std::filesystem::create_directories(dir_);
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }
    std::string write(const std::string& name, const std::string& text) {
        std::ofstream(dir_ / name) << text;
        return (dir_ / name).string();
    }
    // The only diagnostic of compiling `path`, as "code line:col message".
    std::string only_error(const std::string& path, std::string* hint = nullptr) {
        diag::DiagnosticSink sink;
        EXPECT_FALSE(parse_carte_file(path, sink).has_value());
        EXPECT_EQ(sink.diagnostics().size(), 1u) << diag::render_text(sink);
        if (sink.diagnostics().empty()) return "";
        const diag::Diagnostic& d = sink.diagnostics()[0];
        if (hint) *hint = d.hint;
        std::string file = std::filesystem::path(d.span.file).filename().string();
        return d.code + " " + file + ":" + std::to_string(d.span.line) + ":" + std::to_string(d.span.col) +
               " " + d.message;
    }
    std::filesystem::path dir_;
};

TEST_F(DslFileErrors, IncludeCycleNamesTheChain) {
    write("a.carte", "carte 1\ninclude \"b.carte\"\nmenu m \"M\" { item x \"X\" -> shell }\n");
    write("b.carte", "# b\ninclude \"c.carte\"\n");
    write("c.carte", "\n\ninclude \"b.carte\"\n");
    EXPECT_EQ(only_error((dir_ / "a.carte").string()),
              "include-cycle c.carte:3:1 include cycle: b.carte -> c.carte -> b.carte");
}

TEST_F(DslFileErrors, SelfIncludeIsACycle) {
    std::string p =
        write("self.carte", "carte 1\ninclude \"self.carte\"\nmenu m \"M\" { item x \"X\" -> shell }\n");
    EXPECT_EQ(only_error(p), "include-cycle self.carte:2:1 include cycle: self.carte -> self.carte");
}

TEST_F(DslFileErrors, MissingInclude) {
    std::string p = write("m.carte", "carte 1\nmenu m \"M\" {\n  include \"nope.carte\"\n}\n");
    std::string got = only_error(p);
    EXPECT_EQ(got.substr(0, got.find('\'')), "include-failed m.carte:3:11 cannot read included file ");
}

TEST_F(DslFileErrors, SyntaxErrorInsideAnIncludedFile) {
    write("part.carte", "item a \"A\" -> shell\nitem b \"B\" shell\n");
    std::string p = write("m.carte", "carte 1\nmenu m \"M\" {\n  include \"part.carte\"\n}\n");
    EXPECT_EQ(only_error(p), "syntax part.carte:2:12 unexpected 'shell', expected 'key', 'when' or '->'");
}

TEST_F(DslFileErrors, MissingDataFile) {
    std::string p =
        write("m.carte", "carte 1\nimport d from \"gone.yaml\"\nmenu m \"M\" { item x \"X\" -> shell }\n");
    std::string got = only_error(p);
    EXPECT_EQ(got.substr(0, got.find('\'')), "import-failed m.carte:2:15 cannot read data file ");
}

TEST_F(DslFileErrors, BrokenYamlIsReportedInTheDataFile) {
    write("d.yaml", "a: 1\nb: [1, 2\nc: 3\n");
    std::string p =
        write("m.carte", "carte 1\nimport d from \"d.yaml\"\nmenu m \"M\" { item x \"X\" -> shell }\n");
    std::string got = only_error(p);
    EXPECT_EQ(got.substr(0, 22), "import-failed d.yaml:3") << got;
}

TEST_F(DslFileErrors, MisspeltFieldSuggestsTheRightOne) {
    write("d.yaml", "releases:\n  - {code: trixie, version: \"13\"}\n");
    std::string p = write("m.carte", R"(carte 1
import d from "d.yaml"
menu m "M" {
  for r in d.releases { item "{r.code}" "Debian {r.verison}" -> shell }
}
)");
    std::string hint;
    EXPECT_EQ(only_error(p, &hint), "no-field m.carte:4:49 'r' has no field 'verison'");
    EXPECT_EQ(hint, "did you mean 'version'?");
}

TEST_F(DslFileErrors, LoopOverAMapNeedsTwoNames) {
    write("d.yaml", "tools: {a: 1, b: 2}\n");
    std::string p = write(
        "m.carte", "carte 1\nimport d from \"d.yaml\"\nmenu m \"M\" {\n  for t in d.tools { gap }\n}\n");
    std::string hint;
    EXPECT_EQ(only_error(p, &hint), "loop-over-map m.carte:4:7 a loop over a map needs two names");
    EXPECT_EQ(hint, "for key, value in …");
}

}  // namespace
}  // namespace carte::dsl
