#include "runtime/script/line_reader.h"

namespace carte::script {

bool LineReader::physical(Str* out) {
    // A final segment after the last `\n` is a line only if it is not empty: "a\n" is one line.
    if (pos_ >= src_.size()) return false;
    size_t end = src_.find('\n', pos_);
    size_t next = end == Str::npos ? src_.size() : end + 1;
    if (end == Str::npos) end = src_.size();
    Str s = src_.substr(pos_, end - pos_);
    if (!s.empty() && s.back() == '\r') s = s.substr(0, s.size() - 1);
    pos_ = next;
    ++line_no_;
    *out = s;
    return true;
}

bool LineReader::next(ScriptLine* out) {
    if (oom_) return false;
    Str first;
    if (!physical(&first)) return false;
    pieces_.clear();
    if (!pieces_.push(LinePiece{0, line_no_})) return oom_ = true, false;
    *out = ScriptLine{};
    out->line = out->last_line = line_no_;
    if (first.empty() || first.back() != '\\') {
        out->text = first;
        out->pieces = pieces_.span();
        return true;
    }
    // Continuation: copy into joined_ and keep appending while lines end in a backslash.
    joined_.clear();
    Str cur = first;
    for (;;) {
        bool cont = !cur.empty() && cur.back() == '\\';
        if (!joined_.append(cont ? cur.substr(0, cur.size() - 1) : cur)) return oom_ = true, false;
        if (!cont) break;
        Str more;
        if (!physical(&more)) {
            out->broken = true;
            break;
        }
        if (!pieces_.push(LinePiece{static_cast<uint32_t>(joined_.size()), line_no_}))
            return oom_ = true, false;
        cur = more;
    }
    out->text = joined_.view();
    out->last_line = line_no_;
    out->pieces = pieces_.span();
    return true;
}

void LineReader::position(const ScriptLine& l, size_t offset, uint32_t* line, uint32_t* column) {
    LinePiece p{0, l.line};
    for (const LinePiece& piece : l.pieces)
        if (piece.offset <= offset) p = piece;
    *line = p.line;
    *column = static_cast<uint32_t>(offset - p.offset + 1);
}

}  // namespace carte::script
