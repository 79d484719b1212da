#include "runtime/script/line_parser.h"

#include "runtime/script/script_header.h"

namespace carte::script {
namespace {

TokenKind classify(Str t) {
    if (t == Str("||")) return TokenKind::Or;
    if (t == Str("&&")) return TokenKind::And;
    if (t == Str(";")) return TokenKind::Semicolon;
    return TokenKind::Word;
}

Joiner joiner_of(TokenKind k) {
    switch (k) {
        case TokenKind::Or:
            return Joiner::Or;
        case TokenKind::And:
            return Joiner::And;
        default:
            return Joiner::Semicolon;
    }
}

}  // namespace

bool parse_line(Str text, ParsedLine* out) {
    out->has_label = false;
    out->label = Str();
    out->label_offset = 0;
    out->has_comment = false;
    out->comment_offset = 0;
    out->tokens.clear();
    out->commands.clear();

    size_t nul = text.find('\0');
    if (nul != Str::npos) text = text.substr(0, nul);

    size_t i = 0, n = text.size();
    while (i < n && is_space(text[i])) ++i;
    if (i < n && text[i] == ':') {
        // A label is the run of non-space bytes after the colon; the rest is still a command.
        size_t start = i + 1, end = start;
        while (end < n && !is_space(text[end])) ++end;
        out->has_label = true;
        out->label = text.substr(start, end - start);
        out->label_offset = static_cast<uint32_t>(i);
        i = end;
    }
    for (;;) {
        while (i < n && is_space(text[i])) ++i;
        if (i >= n) break;
        size_t start = i;
        while (i < n && !is_space(text[i])) ++i;
        Str t = text.substr(start, i - start);
        if (t[0] == '#') {
            out->has_comment = true;
            out->comment_offset = static_cast<uint32_t>(start);
            break;
        }
        if (!out->tokens.push(Token{t, static_cast<uint32_t>(start), classify(t)})) return false;
    }
    if (out->tokens.empty()) return true;

    Command cur{Joiner::First, 0, 0, out->tokens[0].offset};
    for (uint32_t k = 0; k < out->tokens.size(); ++k) {
        const Token& t = out->tokens[k];
        if (t.kind == TokenKind::Word) {
            if (cur.count == 0) cur.first = k, cur.offset = t.offset;
            ++cur.count;
            continue;
        }
        if (cur.count == 0) cur.first = k;
        if (!out->commands.push(cur)) return false;
        cur = Command{joiner_of(t.kind), k + 1, 0, static_cast<uint32_t>(t.offset + t.text.size())};
    }
    return out->commands.push(cur);
}

}  // namespace carte::script
