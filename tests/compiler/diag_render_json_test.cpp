// render_json (compiler/diag/diagnostic.cpp) on text that is not UTF-8: a diagnostic quoting a
// malformed YAML key, or a file name with a stray byte, must still render (invalid bytes become
// U+FFFD) instead of aborting `carte check --diagnostics-format=json`.
#include <gtest/gtest.h>

#include "compiler/diag/diagnostic.h"

namespace carte {
namespace {

TEST(DiagRenderJson, InvalidUtf8IsReplacedNotFatal) {
    diag::DiagnosticSink sink;
    ir::SourceSpan span;
    span.file = "menu\xff.yaml";
    span.line = span.col = span.end_line = span.end_col = 1;
    sink.error("unknown-key", span, "unknown key 'ti\xc3tle'", "did you mean 'title'?");
    std::string out;
    ASSERT_NO_THROW(out = diag::render_json(sink));
    EXPECT_NE(out.find("menu\xef\xbf\xbd.yaml"), std::string::npos) << out;
    EXPECT_NE(out.find("unknown key 'ti\xef\xbf\xbdtle'"), std::string::npos) << out;
    EXPECT_NE(out.find("\"errors\": 1"), std::string::npos) << out;
}

}  // namespace
}  // namespace carte
