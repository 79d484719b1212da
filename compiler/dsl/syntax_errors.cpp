#include "compiler/dsl/syntax_errors.h"

#include <set>
#include <vector>

#include "CarteLexer.h"
#include "CarteParser.h"
#include "antlr4-runtime.h"

namespace carte::dsl {
namespace {

using carte_gen::CarteLexer;

bool is_keyword(size_t type) {
    return type >= CarteLexer::CARTE && type <= CarteLexer::NAME;
}

// How a token reads in a message.
std::string describe_token(const antlr4::Token* t) {
    if (!t || t->getType() == antlr4::Token::EOF) return "end of file";
    switch (t->getType()) {
        case CarteLexer::NL:
        case CarteLexer::SEMI:
            return "end of line";
        case CarteLexer::STRING:
        case CarteLexer::TRIPLE_STRING: {
            std::string s = t->getText();
            if (s.size() > 24) s = s.substr(0, 21) + "...";
            return "string " + s;
        }
        default:
            return "'" + t->getText() + "'";
    }
}

// What the parser wanted, in words; empty when it is too broad to be useful.
std::string describe_expected(const antlr4::misc::IntervalSet& set, const antlr4::dfa::Vocabulary& vocab) {
    std::vector<std::string> words;
    std::set<std::string> seen;
    bool name = set.contains(static_cast<size_t>(CarteLexer::IDENT));
    size_t keywords = 0;
    for (size_t t : set.toList()) keywords += is_keyword(t) ? 1 : 0;
    if (keywords > 12 && set.contains(static_cast<size_t>(CarteLexer::ITEM)))
        return "a statement (item, menu, linux, …)";
    auto add = [&](const std::string& w) {
        if (seen.insert(w).second) words.push_back(w);
    };
    for (size_t t : set.toList()) {
        if (name && is_keyword(t)) continue;
        switch (t) {
            case CarteLexer::IDENT:
                add("a name");
                break;
            case CarteLexer::STRING:
            case CarteLexer::TRIPLE_STRING:
                add("a string");
                break;
            case CarteLexer::INT:
                add("a number");
                break;
            case CarteLexer::DURATION:
                add("a duration such as 10s");
                break;
            case CarteLexer::NL:
            case CarteLexer::SEMI:
                add("end of line");
                break;
            case antlr4::Token::EOF:
                add("end of file");
                break;
            default:
                add(vocab.getLiteralName(t).empty() ? vocab.getSymbolicName(t) : vocab.getLiteralName(t));
        }
    }
    if (words.empty() || words.size() > 6) return {};
    std::string out;
    for (size_t i = 0; i < words.size(); ++i) {
        if (i) out += (i + 1 == words.size()) ? " or " : ", ";
        out += words[i];
    }
    return out;
}

}  // namespace

void SyntaxErrorListener::syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* offending, size_t line,
                                      size_t col, const std::string&, std::exception_ptr) {
    if (line == last_line_) return;
    last_line_ = line;
    ++count_;
    uint32_t l = static_cast<uint32_t>(line), c = static_cast<uint32_t>(col + 1);
    uint32_t width = 1;
    if (offending && offending->getType() != antlr4::Token::EOF && offending->getType() != CarteLexer::NL) {
        std::string text = offending->getText();
        size_t nl = text.find('\n');
        width = static_cast<uint32_t>(nl == std::string::npos ? text.size() : nl);
        if (width == 0) width = 1;
    }
    ir::SourceSpan span{file_, l, c, l, c + width - 1};
    size_t type = offending ? offending->getType() : 0;
    if (type == CarteLexer::UNTERMINATED_STRING) {
        sink_.error("unterminated-string", span, "unterminated string",
                    "close it with \" on the same line; use \"\"\"…\"\"\" for text over several lines");
        return;
    }
    if (type == CarteLexer::BAD_CHAR) {
        std::string ch = offending->getText();
        std::string hint;
        std::string what = "character '" + ch + "'";
        if (ch == "'") {
            what = "single quote";
            hint = "strings use double quotes: \"…\"";
        }
        if (ch == "!") hint = "runtime conditions use 'not', '!=' or '!~'";
        if (ch == "&" || ch == "|") hint = "write 'and' / 'or'";
        sink_.error("syntax", span, "unexpected " + what, hint);
        return;
    }
    std::string expected;
    if (auto* parser = dynamic_cast<antlr4::Parser*>(recognizer)) {
        try {
            expected = describe_expected(parser->getExpectedTokens(), parser->getVocabulary());
        } catch (...) {
            expected.clear();
        }
    }
    std::string message = "unexpected " + describe_token(offending);
    if (!expected.empty()) message += ", expected " + expected;
    std::string hint;
    auto wants = [&](const char* what) { return expected.find(what) != std::string::npos; };
    if (wants("a duration"))
        hint = "durations need a unit: 10s or 500ms";
    else if (type == antlr4::Token::EOF && wants("'}'"))
        hint = "a '{' above is never closed: every '{' needs a matching '}'";
    else if (wants("'->'"))
        hint = "an item needs an arrow and an action: item id \"Label\" -> shell";
    else if (wants("end of line"))
        hint = "one statement per line; separate statements on one line with ';'";
    sink_.error("syntax", span, message, hint);
}

}  // namespace carte::dsl
