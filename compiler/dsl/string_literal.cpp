#include "compiler/dsl/string_literal.h"

#include <cctype>
#include <optional>
#include <vector>

namespace carte::dsl {
namespace {

// One character of the literal's content with where it was written.
struct PosChar {
    char c;
    uint32_t line, col;
};

std::vector<PosChar> positioned(const std::string& text, uint32_t line, uint32_t col) {
    std::vector<PosChar> out;
    out.reserve(text.size());
    for (char c : text) {
        out.push_back({c, line, col});
        if (c == '\n') {
            ++line;
            col = 1;
        } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
            ++col;  // columns count characters, not UTF-8 continuation bytes
        }
    }
    return out;
}

bool is_blank(const std::vector<PosChar>& line) {
    for (const PosChar& p : line)
        if (p.c != ' ' && p.c != '\t' && p.c != '\r') return false;
    return true;
}

// Text blocks read like the code around them: strip the indentation they share.
std::vector<PosChar> dedent(const std::vector<PosChar>& chars) {
    std::vector<std::vector<PosChar>> lines(1);
    for (const PosChar& p : chars) {
        if (p.c == '\n') {
            lines.emplace_back();
        } else {
            lines.back().push_back(p);
        }
    }
    if (lines.size() > 1 && is_blank(lines.front())) lines.erase(lines.begin());
    if (lines.size() > 1 && is_blank(lines.back())) lines.pop_back();
    size_t common = std::string::npos;
    for (const auto& l : lines) {
        if (is_blank(l)) continue;
        size_t n = 0;
        while (n < l.size() && (l[n].c == ' ' || l[n].c == '\t')) ++n;
        if (n < common) common = n;
    }
    if (common == std::string::npos) common = 0;
    std::vector<PosChar> out;
    for (size_t i = 0; i < lines.size(); ++i) {
        const auto& l = lines[i];
        for (size_t j = is_blank(l) ? l.size() : common; j < l.size(); ++j) out.push_back(l[j]);
        if (i + 1 < lines.size()) out.push_back({'\n', 0, 0});
    }
    return out;
}

bool is_ident_start(char c) {
    return std::isalpha(static_cast<unsigned char>(c)) || c == '_';
}
bool is_ident_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
}

// "a.b.0" → {"a","b","0"}, or empty when it is not a path.
std::vector<std::string> split_path(const std::string& s) {
    std::vector<std::string> segs;
    size_t start = 0;
    while (true) {
        size_t dot = s.find('.', start);
        std::string seg = s.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        if (seg.empty()) return {};
        bool digits = true;
        for (char c : seg) digits = digits && std::isdigit(static_cast<unsigned char>(c));
        bool ident = is_ident_start(seg[0]);
        for (char c : seg) ident = ident && is_ident_char(c);
        if (!(digits && segs.size() > 0) && !ident) return {};
        segs.push_back(seg);
        if (dot == std::string::npos) return segs;
        start = dot + 1;
    }
}

}  // namespace

ast::StringLit plain_string(std::string text, const ast::Span& span) {
    ast::StringLit lit;
    lit.span = span;
    lit.parts.push_back({ast::StrPart::Kind::Literal, std::move(text), {}, span});
    return lit;
}

namespace {

// The common case, a one-line "…" without escapes or compile-time interpolations ({name}), whose
// runtime settings (${name}) are all closed: one literal piece, the text between the quotes.
// Gives exactly what the general reader below gives (the same spans too) without building its
// per-byte position table; nullopt when the general reader is needed.
std::optional<ast::StringLit> simple_string(const std::string& token, const std::string& file, uint32_t line,
                                            uint32_t col) {
    size_t n = token.size();
    if (n < 2 || token[0] != '"' || token[n - 1] != '"' || (n >= 6 && token.compare(0, 3, "\"\"\"") == 0))
        return std::nullopt;
    for (size_t i = 1; i + 1 < n; ++i) {
        char c = token[i];
        if (c == '\\' || c == '\n' || c == '{') return std::nullopt;
        if (c == '$' && token[i + 1] == '{') {  // kept verbatim up to its '}'
            size_t close = token.find_first_of("}\n", i + 2);
            if (close >= n - 1 || token[close] != '}') return std::nullopt;
            i = close;
        }
    }
    // The general reader gives byte k the column `col` plus the number of bytes before it that
    // start a character (so a multi-byte character's last byte has the next column).
    auto column = [&](size_t k) {
        uint32_t c = col;
        for (size_t i = 0; i < k; ++i) c += (static_cast<unsigned char>(token[i]) & 0xC0) != 0x80;
        return c;
    };
    uint32_t last = column(n - 2);
    ast::StringLit lit;
    lit.span = {file, line, col, line, last + ((static_cast<unsigned char>(token[n - 2]) & 0xC0) != 0x80)};
    if (n > 2)
        lit.parts.push_back(
            {ast::StrPart::Kind::Literal, token.substr(1, n - 2), {}, {file, line, col + 1, line, last}});
    return lit;
}

}  // namespace

ast::StringLit read_string_literal(const std::string& token, const std::string& file, uint32_t line,
                                   uint32_t col, diag::DiagnosticSink& sink) {
    if (auto lit = simple_string(token, file, line, col)) return std::move(*lit);
    bool triple = token.size() >= 6 && token.compare(0, 3, "\"\"\"") == 0;
    size_t quote = triple ? 3 : 1;
    std::vector<PosChar> all = positioned(token, line, col);
    ast::StringLit lit;
    lit.span = {file, line, col, all.empty() ? line : all.back().line, all.empty() ? col : all.back().col};
    if (token.size() < 2 * quote) return lit;
    std::vector<PosChar> chars(all.begin() + quote, all.end() - quote);
    if (triple) chars = dedent(chars);

    auto span_of = [&](size_t from, size_t to) {  // inclusive indices into chars
        const PosChar& a = chars[from];
        const PosChar& b = chars[to];
        return ast::Span{file, a.line ? a.line : line, a.line ? a.col : col, b.line ? b.line : line,
                         b.line ? b.col : col};
    };
    std::string literal;
    size_t literal_start = 0;
    auto flush = [&](size_t end) {
        if (!literal.empty())
            lit.parts.push_back({ast::StrPart::Kind::Literal, literal, {}, span_of(literal_start, end - 1)});
        literal.clear();
    };
    for (size_t i = 0; i < chars.size(); ++i) {
        if (literal.empty()) literal_start = i;
        char c = chars[i].c;
        if (c == '\\' && i + 1 < chars.size()) {
            char e = chars[i + 1].c;
            const char* known = "\"\\{}$";
            if (e == 'n') {
                literal += '\n';
            } else if (e == 't') {
                literal += '\t';
            } else if (std::string(known).find(e) != std::string::npos) {
                literal += e;
            } else {
                sink.error("bad-escape", span_of(i, i + 1), std::string("unknown escape '\\") + e + "'",
                           "escapes are \\\" \\\\ \\n \\t \\{ \\} \\$");
            }
            ++i;
        } else if (c == '$' && i + 1 < chars.size() && chars[i + 1].c == '{') {
            // A runtime setting in iPXE syntax: kept verbatim for the machine to expand.
            size_t close = i + 2;
            while (close < chars.size() && chars[close].c != '}' && chars[close].c != '\n') ++close;
            if (close >= chars.size() || chars[close].c != '}') {
                sink.error("unclosed-setting", span_of(i, i + 1), "'${' without a closing '}'",
                           "runtime settings are written ${name} or ${scope/name:type}");
                literal += "${";
                ++i;
                continue;
            }
            for (size_t j = i; j <= close; ++j) literal += chars[j].c;
            i = close;
        } else if (c == '{') {
            size_t close = i + 1;
            while (close < chars.size() && chars[close].c != '}' && chars[close].c != '\n' &&
                   chars[close].c != '{')
                ++close;
            if (close >= chars.size() || chars[close].c != '}') {
                sink.error("bad-interpolation", span_of(i, i), "'{' without a closing '}'",
                           "write {name} or {name.field} to insert a constant, \\{ for a literal brace");
                literal += '{';
                continue;
            }
            std::string inner;
            for (size_t j = i + 1; j < close; ++j) inner += chars[j].c;
            std::vector<std::string> path = split_path(inner);
            if (path.empty()) {
                sink.error("bad-interpolation", span_of(i, close),
                           "'{" + inner + "}' is not a name to insert",
                           "write {name} or {name.field} to insert a constant, \\{ for a literal brace");
            } else {
                flush(i);
                lit.parts.push_back({ast::StrPart::Kind::Interp, inner, path, span_of(i, close)});
            }
            i = close;
        } else {
            literal += c;
        }
    }
    flush(chars.size());
    return lit;
}

}  // namespace carte::dsl
