#include "platform/host/host_console.h"

namespace carte::host {

void PlainConsole::emit(const std::string& s) {
    transcript_ += s;
    if (out_) {
        std::fwrite(s.data(), 1, s.size(), out_);
        std::fflush(out_);
    }
}

void PlainConsole::write(Str text) {
    // Backspaces (prompt erasure, line editing) are applied to the transcript's last line so the
    // plain output reads as the screen would.
    std::string s;
    for (char c : text) {
        if (c == '\b') {
            if (!s.empty())
                s.pop_back();
            else if (!transcript_.empty() && transcript_.back() != '\n')
                transcript_.pop_back();
            continue;
        }
        if (c == '\r') continue;
        s += c;
    }
    emit(s);
}

void PlainConsole::begin_screen(Attr) {
    grid_.assign(static_cast<size_t>(rows_), std::string(static_cast<size_t>(cols_), ' '));
    highlight_.assign(static_cast<size_t>(rows_), false);
}

void PlainConsole::put(int row, int col, Str text, Attr attr) {
    if (row < 0 || row >= rows_ || grid_.empty()) return;
    std::string& line = grid_[static_cast<size_t>(row)];
    for (size_t i = 0; i < text.size(); ++i) {
        int c = col + static_cast<int>(i);
        if (c >= 0 && c < cols_) line[static_cast<size_t>(c)] = text[i];
    }
    if (attr.bg == Color::red) highlight_[static_cast<size_t>(row)] = true;
}

void PlainConsole::fill(int row, int col, int count, char ch, Attr attr) {
    if (row < 0 || row >= rows_ || grid_.empty()) return;
    std::string& line = grid_[static_cast<size_t>(row)];
    for (int c = col; c < col + count; ++c)
        if (c >= 0 && c < cols_) line[static_cast<size_t>(c)] = ch;
    if (attr.bg == Color::red)
        highlight_[static_cast<size_t>(row)] = true;
    else if (col == 0 && count >= cols_)
        highlight_[static_cast<size_t>(row)] = false;
}

void PlainConsole::present() {
    std::string frame;
    size_t last = 0;
    for (size_t r = 0; r < grid_.size(); ++r)
        if (grid_[r].find_first_not_of(' ') != std::string::npos) last = r + 1;
    for (size_t r = 0; r < last; ++r) {
        std::string line = grid_[r];
        line.erase(line.find_last_not_of(' ') + 1);
        frame += (highlight_[r] ? "> " : "  ") + line + "\n";
    }
    if (frame == last_frame_) return;  // the same picture again (e.g. a redraw without change)
    last_frame_ = frame;
    ++frames_;
    emit("---- menu frame " + std::to_string(frames_) + " ----\n" + frame + "----\n");
    // Rows are redrawn from scratch each frame.
    for (size_t r = 0; r < highlight_.size(); ++r) highlight_[r] = false;
}

void PlainConsole::end_screen() {
    grid_.clear();
    last_frame_.clear();
}

void AnsiConsole::write(Str text) {
    std::string s;
    for (char c : text) {
        if (c == '\n')
            s += "\r\n";
        else
            s += c;
    }
    std::fwrite(s.data(), 1, s.size(), out_);
    std::fflush(out_);
}

void AnsiConsole::sgr(Attr a) {
    std::fprintf(out_, "\x1b[0;%s3%d;4%dm", a.bold ? "1;" : "", static_cast<int>(a.fg),
                 static_cast<int>(a.bg));
}

void AnsiConsole::begin_screen(Attr fill) {
    if (!in_screen_) std::fputs("\x1b[?1049h\x1b[?25l", out_);  // alternate screen, hide cursor
    in_screen_ = true;
    sgr(fill);
    std::fputs("\x1b[2J", out_);
}

void AnsiConsole::put(int row, int col, Str text, Attr attr) {
    if (row < 0 || row >= rows_ || col >= cols_) return;
    if (col < 0) {
        text = text.drop(static_cast<size_t>(-col));
        col = 0;
    }
    size_t room = static_cast<size_t>(cols_ - col);
    std::fprintf(out_, "\x1b[%d;%dH", row + 1, col + 1);
    sgr(attr);
    std::fwrite(text.data(), 1, text.size() < room ? text.size() : room, out_);
}

void AnsiConsole::fill(int row, int col, int count, char c, Attr attr) {
    if (count <= 0) return;
    std::string s(static_cast<size_t>(count), c);
    put(row, col, Str(s.data(), s.size()), attr);
}

void AnsiConsole::present() {
    std::fflush(out_);
}

void AnsiConsole::end_screen() {
    if (in_screen_) std::fputs("\x1b[0m\x1b[?25h\x1b[?1049l", out_);  // restore the normal screen
    in_screen_ = false;
    std::fflush(out_);
}

}  // namespace carte::host
