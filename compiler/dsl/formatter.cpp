#include "compiler/dsl/formatter.h"

#include <vector>

#include "CarteLexer.h"
#include "CarteParser.h"
#include "antlr4-runtime.h"
#include "compiler/dsl/lexer.h"
#include "compiler/dsl/syntax_errors.h"
#include "compiler/dsl/utf8_check.h"

namespace carte::dsl {
namespace {

using L = carte_gen::CarteLexer;

constexpr const char* kIndent = "  ";

class Layout {
  public:
    explicit Layout(std::vector<antlr4::Token*> tokens) : tokens_(std::move(tokens)) { find_inline_blocks(); }

    std::string run() {
        for (size_t i = 0; i < tokens_.size(); ++i) token(i);
        end_line();
        while (!lines_.empty() && lines_.back().empty()) lines_.pop_back();
        std::string out;
        for (const auto& l : lines_) out += l + "\n";
        return out;
    }

  private:
    // A block stays on one line when the author wrote it so and it contains no other block.
    void find_inline_blocks() {
        inline_.assign(tokens_.size(), false);
        std::vector<size_t> open;
        std::vector<bool> nested;
        for (size_t i = 0; i < tokens_.size(); ++i) {
            auto* t = tokens_[i];
            if (t->getChannel() != antlr4::Token::DEFAULT_CHANNEL) continue;
            if (t->getType() == L::LBRACE) {
                if (!nested.empty()) nested.back() = true;
                open.push_back(i);
                nested.push_back(false);
            } else if (t->getType() == L::RBRACE && !open.empty()) {
                size_t o = open.back();
                bool one_line = tokens_[o]->getLine() == t->getLine();
                inline_[o] = inline_[i] = one_line && !nested.back();
                open.pop_back();
                nested.pop_back();
            }
        }
    }

    void end_line() {
        if (!cur_.empty()) lines_.push_back(cur_);
        cur_.clear();
        prev_ = 0;
    }

    void start_content(size_t type) {
        if (!cur_.empty()) return;
        bool after_open = !lines_.empty() && !lines_.back().empty() && lines_.back().back() == '{';
        if (blank_pending_ && !lines_.empty() && !after_open && type != L::RBRACE) lines_.push_back("");
        blank_pending_ = false;
        newlines_ = 0;
        for (int d = 0; d < depth_ + (continuation_ ? 2 : 0); ++d) cur_ += kIndent;
        continuation_ = false;
        prev_ = 0;
        line_started_ = true;
    }

    void append(size_t type, const std::string& text) {
        bool fresh = !line_started_;
        start_content(type);
        bool tight_after = prev_ == L::LPAREN || prev_ == L::LBRACK || prev_ == L::DOT || prev_ == L::SLASH ||
                           prev_ == L::COLON;
        bool tight_before = type == L::RPAREN || type == L::RBRACK || type == L::COMMA || type == L::DOT ||
                            type == L::SLASH || type == L::COLON || type == L::SEMI;
        if (!fresh && prev_ != 0 && !tight_after && !tight_before) cur_ += ' ';
        cur_ += text;
        prev_ = type;
    }

    void newline() {
        end_line();
        line_started_ = false;
    }

    void token(size_t i) {
        antlr4::Token* t = tokens_[i];
        size_t type = t->getType();
        if (type == antlr4::Token::EOF || type == L::WS) return;
        bool hidden = t->getChannel() != antlr4::Token::DEFAULT_CHANNEL;
        if (type == L::NL) {
            if (hidden) return;  // inside ( ) or [ ]: the statement goes on
            if (line_started_) newline();
            if (++newlines_ >= 2) blank_pending_ = true;
            return;
        }
        if (type == L::COMMENT) {
            if (line_started_) {
                cur_ += "  ";  // two spaces before a trailing comment
                cur_ += t->getText();
                newline();
                continuation_ = parens_ > 0;  // a comment inside ( ) ends the line, not the statement
            } else {
                start_content(type);
                cur_ += t->getText();
                newline();
            }
            newlines_ = 0;
            return;
        }
        if (type == L::SEMI && inline_depth_ == 0) {
            if (line_started_) newline();
            return;
        }
        if (type == L::LPAREN || type == L::LBRACK) ++parens_;
        if ((type == L::RPAREN || type == L::RBRACK) && parens_ > 0) --parens_;
        if (type == L::LBRACE) {
            append(type, "{");
            if (inline_[i]) {
                ++inline_depth_;
            } else {
                newline();
                ++depth_;
            }
            return;
        }
        if (type == L::RBRACE) {
            if (inline_[i] && inline_depth_ > 0) {
                --inline_depth_;
                append(type, "}");
                return;
            }
            if (line_started_) newline();
            if (depth_ > 0) --depth_;
            blank_pending_ = false;
            append(type, "}");
            return;
        }
        append(type, t->getText());
    }

    std::vector<antlr4::Token*> tokens_;
    std::vector<bool> inline_;
    std::vector<std::string> lines_;
    std::string cur_;
    size_t prev_ = 0;
    int depth_ = 0, parens_ = 0, inline_depth_ = 0, newlines_ = 0;
    bool line_started_ = false, blank_pending_ = false, continuation_ = false;
};

}  // namespace

std::optional<std::string> format_carte(const std::string& text, const std::string& file,
                                        diag::DiagnosticSink& sink) {
    sink.add_source(file, text);
    if (!check_utf8(text, file, sink)) return std::nullopt;
    std::unique_ptr<antlr4::TokenSource> source =
        make_token_source(text, /*hidden_tokens=*/true);  // comments too
    antlr4::CommonTokenStream tokens(source.get());
    carte_gen::CarteParser parser(&tokens);
    SyntaxErrorListener listener(file, sink);
    parser.removeErrorListeners();
    parser.addErrorListener(&listener);
    parser.file();
    if (listener.count() > 0) return std::nullopt;
    std::vector<antlr4::Token*> all;
    for (size_t i = 0; i < tokens.size(); ++i) all.push_back(tokens.get(i));
    return Layout(std::move(all)).run();
}

}  // namespace carte::dsl
