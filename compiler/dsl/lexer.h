// The DSL's tokens, made by hand. dsl/Carte.g4's lexer rules stay the definition (and ANTLR's
// generated CarteLexer the reference the tests compare against: tests/compiler/dsl_lexer_test.cpp);
// this lexer produces exactly its tokens — type, channel, text, line, column, character indexes —
// in an eighth of the instructions: the generated one runs an ATN/DFA simulation per character,
// takes a lock per character for its shared DFA, and first copies the whole file into UTF-32.
// A change to the grammar's lexer rules needs the same change here; the test will insist.
#pragma once
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace antlr4 {
class TokenSource;
}

namespace carte::dsl {

// A token source for the generated parser over `text`, which must be valid UTF-8
// (check_utf8) and outlive it. Without `hidden_tokens`, whitespace, comments and the newlines
// inside ( ) and [ ] (the hidden channel) are left out instead of being made and then skipped
// by the token stream: the parser never sees them either way.
std::unique_ptr<antlr4::TokenSource> make_token_source(const std::string& text, bool hidden_tokens);

// One token, for comparing lexers in tests.
struct LexedToken {
    size_t type = 0, channel = 0;
    std::string text;
    size_t line = 0, column = 0;  // ANTLR's: line from 1, column from 0, in characters
    size_t start = 0, stop = 0;   // character (code point) indexes
    bool operator==(const LexedToken&) const = default;
};

// Every token up to and including EOF, hidden ones too: from this lexer, or from ANTLR's
// generated CarteLexer.
std::vector<LexedToken> lex(const std::string& text);
std::vector<LexedToken> lex_with_generated_lexer(const std::string& text);

}  // namespace carte::dsl
