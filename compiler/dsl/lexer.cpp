#include "compiler/dsl/lexer.h"

#include <string_view>

#include "CarteLexer.h"
#include "antlr4-runtime.h"

namespace carte::dsl {
namespace {

using L = carte_gen::CarteLexer;

// Length in bytes of the UTF-8 sequence starting with `lead` (the text is valid UTF-8).
size_t utf8_length(unsigned char lead) {
    return lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : 4;
}

bool is_ident_start(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}
bool is_ident_part(char c) {
    return is_ident_start(c) || (c >= '0' && c <= '9') || c == '-';
}
bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// The keyword rules (CARTE … NAME): a word that is exactly one of them is that token, as
// ANTLR prefers the rule listed first when an IDENT match has the same length.
size_t keyword_or_ident(std::string_view word) {
    struct Keyword {
        std::string_view text;
        size_t type;
    };
    static constexpr Keyword kKeywords[] = {
        {"carte", L::CARTE},
        {"serial", L::SERIAL},
        {"const", L::CONST},
        {"import", L::IMPORT},
        {"from", L::FROM},
        {"include", L::INCLUDE},
        {"setting", L::SETTING},
        {"entry", L::ENTRY},
        {"menu", L::MENU},
        {"title", L::TITLE},
        {"timeout", L::TIMEOUT},
        {"default", L::DEFAULT},
        {"header", L::HEADER},
        {"gap", L::GAP},
        {"item", L::ITEM},
        {"key", L::KEY},
        {"when", L::WHEN},
        {"if", L::IF},
        {"else", L::ELSE},
        {"for", L::FOR},
        {"in", L::IN},
        {"and", L::AND},
        {"or", L::OR},
        {"not", L::NOT},
        {"isset", L::ISSET},
        {"true", L::TRUE},
        {"false", L::FALSE},
        {"linux", L::LINUX},
        {"multiboot", L::MULTIBOOT},
        {"kernel", L::KERNEL},
        {"initrd", L::INITRD},
        {"module", L::MODULE},
        {"args", L::ARGS},
        {"efi", L::EFI},
        {"chain", L::CHAIN},
        {"shell", L::SHELL},
        {"exit", L::EXIT},
        {"reboot", L::REBOOT},
        {"poweroff", L::POWEROFF},
        {"ask", L::ASK},
        {"set", L::SET},
        {"echo", L::ECHO},
        {"ipxe", L::IPXE},
        {"sha256", L::SHA256},
        {"name", L::NAME},
    };
    for (const Keyword& k : kKeywords)
        if (k.text == word) return k.type;
    return L::IDENT;
}

class CarteTokenSource final : public antlr4::TokenSource {
  public:
    CarteTokenSource(const std::string& text, bool hidden_tokens)
        : text_(text), hidden_tokens_(hidden_tokens) {}

    std::unique_ptr<antlr4::Token> nextToken() override {
        for (;;) {
            if (pos_ >= text_.size())
                return make(antlr4::Token::EOF, "<EOF>", antlr4::Token::DEFAULT_CHANNEL, index_, index_ - 1,
                            line_, column_);
            size_t channel = antlr4::Token::DEFAULT_CHANNEL;
            auto [type, length] = match(channel);
            size_t start = index_, line = line_, column = column_;
            std::string_view token(text_.data() + pos_, length);
            advance(token);
            if (channel != antlr4::Token::DEFAULT_CHANNEL && !hidden_tokens_) continue;
            return make(type, std::string(token), channel, start, index_ - 1, line, column);
        }
    }

    size_t getLine() const override { return line_; }
    size_t getCharPositionInLine() override { return column_; }
    antlr4::CharStream* getInputStream() override { return nullptr; }
    std::string getSourceName() override { return antlr4::IntStream::UNKNOWN_SOURCE_NAME; }
    antlr4::TokenFactory<antlr4::CommonToken>* getTokenFactory() override {
        return antlr4::CommonTokenFactory::DEFAULT.get();
    }

  private:
    char at(size_t i) const { return i < text_.size() ? text_[i] : '\0'; }

    // The rule that matches the longest text at pos_ (the first listed on a tie), as ANTLR's
    // lexer picks it; sets `channel` for the rules that go to the hidden channel.
    std::pair<size_t, size_t> match(size_t& channel) {
        const size_t p = pos_;
        const char c = text_[p];
        auto hidden = [&](size_t type, size_t length) {
            channel = antlr4::Token::HIDDEN_CHANNEL;
            return std::pair{type, length};
        };
        switch (c) {
            case ' ':
            case '\t': {  // WS: [ \t]+
                size_t e = p + 1;
                while (at(e) == ' ' || at(e) == '\t') ++e;
                return hidden(L::WS, e - p);
            }
            case '#': {  // COMMENT: '#' ~[\r\n]*
                size_t e = text_.find_first_of("\r\n", p);
                return hidden(L::COMMENT, (e == std::string::npos ? text_.size() : e) - p);
            }
            case '\n':
            case '\r': {  // NL: '\r'? '\n', hidden inside ( ) and [ ]; a lone '\r' is BAD_CHAR
                size_t length = c == '\r' ? (at(p + 1) == '\n' ? 2 : 0) : 1;
                if (length == 0) return {L::BAD_CHAR, 1};
                if (nesting_ > 0) return hidden(L::NL, length);
                return {L::NL, length};
            }
            case '"':
                return string();
            case '-':
                return at(p + 1) == '>' ? std::pair{L::ARROW, size_t{2}} : std::pair{L::BAD_CHAR, size_t{1}};
            case '=':
                return at(p + 1) == '=' ? std::pair{L::EQ, size_t{2}} : std::pair{L::ASSIGN, size_t{1}};
            case '!':
                if (at(p + 1) == '=') return {L::NE, 2};
                if (at(p + 1) == '~') return {L::NMATCH, 2};
                return {L::BAD_CHAR, 1};
            case '~':
                return {L::MATCH, 1};
            case '<':
                return at(p + 1) == '=' ? std::pair{L::LE, size_t{2}} : std::pair{L::LT, size_t{1}};
            case '>':
                return at(p + 1) == '=' ? std::pair{L::GE, size_t{2}} : std::pair{L::GT, size_t{1}};
            case '{':
                return {L::LBRACE, 1};
            case '}':
                return {L::RBRACE, 1};
            case '(':
                ++nesting_;
                return {L::LPAREN, 1};
            case ')':
                if (nesting_ > 0) --nesting_;
                return {L::RPAREN, 1};
            case '[':
                ++nesting_;
                return {L::LBRACK, 1};
            case ']':
                if (nesting_ > 0) --nesting_;
                return {L::RBRACK, 1};
            case ',':
                return {L::COMMA, 1};
            case '.':
                return {L::DOT, 1};
            case '/':
                return {L::SLASH, 1};
            case ':':
                return {L::COLON, 1};
            case ';':
                return {L::SEMI, 1};
            default:
                break;
        }
        if (is_digit(c)) {  // DURATION: [0-9]+ ('ms' | 's' | 'm' | 'h'), else INT: [0-9]+
            size_t e = p + 1;
            while (is_digit(at(e))) ++e;
            char unit = at(e);
            if (unit == 'm' && at(e + 1) == 's') return {L::DURATION, e + 2 - p};
            if (unit == 'm' || unit == 's' || unit == 'h') return {L::DURATION, e + 1 - p};
            return {L::INT, e - p};
        }
        if (is_ident_start(c)) {  // IDENT: [A-Za-z_] ([A-Za-z0-9_-]* [A-Za-z0-9_])?, or a keyword
            size_t e = p + 1;
            while (is_ident_part(at(e))) ++e;
            while (text_[e - 1] == '-') --e;  // it may not end with '-'
            return {keyword_or_ident(std::string_view(text_).substr(p, e - p)), e - p};
        }
        return {L::BAD_CHAR, utf8_length(static_cast<unsigned char>(c))};  // BAD_CHAR: .
    }

    // At a '"': TRIPLE_STRING ('"""' .*? '"""', the shortest), else STRING
    // ('"' (ESC | ~["\\\r\n])* '"'), else UNTERMINATED_STRING (the same without the closing quote).
    std::pair<size_t, size_t> string() const {
        const size_t p = pos_;
        if (text_.compare(p, 3, R"(""")") == 0) {
            size_t close = text_.find(R"(""")", p + 3);
            if (close != std::string::npos) return {L::TRIPLE_STRING, close + 3 - p};
        }
        size_t i = p + 1;
        while (i < text_.size()) {
            char c = text_[i];
            if (c == '"') return {L::STRING, i + 1 - p};
            if (c == '\r' || c == '\n') break;
            if (c == '\\') {  // ESC: '\\' ~[\r\n]
                char next = at(i + 1);
                if (i + 1 >= text_.size() || next == '\r' || next == '\n') break;
                i += 1 + utf8_length(static_cast<unsigned char>(next));
                continue;
            }
            i += utf8_length(static_cast<unsigned char>(c));
        }
        return {L::UNTERMINATED_STRING, i - p};
    }

    // Moves past `token`, counting lines and characters as ANTLR does.
    void advance(std::string_view token) {
        for (char c : token) {
            if ((static_cast<unsigned char>(c) & 0xC0) == 0x80) continue;  // UTF-8 continuation
            ++index_;
            if (c == '\n') {
                ++line_;
                column_ = 0;
            } else {
                ++column_;
            }
        }
        pos_ += token.size();
    }

    std::unique_ptr<antlr4::Token> make(size_t type, std::string text, size_t channel, size_t start,
                                        size_t stop, size_t line, size_t column) {
        return antlr4::CommonTokenFactory::DEFAULT->create({this, nullptr}, type, text, channel, start, stop,
                                                           line, column);
    }

    const std::string& text_;
    const bool hidden_tokens_;
    size_t pos_ = 0;    // byte offset in text_
    size_t index_ = 0;  // characters (code points) before pos_
    size_t line_ = 1, column_ = 0;
    int nesting_ = 0;  // depth of ( and [
};

std::vector<LexedToken> drain(antlr4::TokenSource& source) {
    std::vector<LexedToken> out;
    for (;;) {
        std::unique_ptr<antlr4::Token> t = source.nextToken();
        out.push_back({t->getType(), t->getChannel(), t->getText(), t->getLine(), t->getCharPositionInLine(),
                       t->getStartIndex(), t->getStopIndex()});
        if (t->getType() == antlr4::Token::EOF) return out;
    }
}

}  // namespace

std::unique_ptr<antlr4::TokenSource> make_token_source(const std::string& text, bool hidden_tokens) {
    return std::make_unique<CarteTokenSource>(text, hidden_tokens);
}

std::vector<LexedToken> lex(const std::string& text) {
    CarteTokenSource source(text, true);
    return drain(source);
}

std::vector<LexedToken> lex_with_generated_lexer(const std::string& text) {
    antlr4::ANTLRInputStream input(text);
    carte_gen::CarteLexer lexer(&input);
    lexer.removeErrorListeners();
    return drain(lexer);
}

}  // namespace carte::dsl
