#include "runtime/ui/line_editor.h"

namespace carte {

namespace {

// Redraws the text from the cursor onwards and moves the cursor back to `cursor`.
void redraw_tail(Console& c, const String& text, size_t cursor, size_t erased, bool secret) {
    String out;
    for (size_t i = cursor; i < text.size(); ++i) (void)out.append(secret ? '*' : text[i]);
    for (size_t i = 0; i < erased; ++i) (void)out.append(' ');
    for (size_t i = cursor; i < text.size() + erased; ++i) (void)out.append('\b');
    c.write(out);
}

// Replaces the whole line on screen and in `text` with `with`, leaving the cursor at its end.
Status replace_line(Console& c, String& text, size_t& cursor, Str with, bool secret) {
    String out;
    for (; cursor > 0; --cursor) (void)out.append('\b');
    for (char ch : with) (void)out.append(secret ? '*' : ch);
    size_t erased = text.size() > with.size() ? text.size() - with.size() : 0;
    for (size_t i = 0; i < erased; ++i) (void)out.append(' ');
    for (size_t i = 0; i < erased; ++i) (void)out.append('\b');
    c.write(out);
    text = String::copy(with);
    if (text.size() != with.size()) return Errc::nomem;
    cursor = text.size();
    return {};
}

}  // namespace

Result<String> edit_line(Console& c, KeySource& keys, const LineEditOptions& o) {
    String text = String::copy(o.initial);
    size_t cursor = text.size();
    c.write(o.prompt);
    {
        String shown;
        for (size_t i = 0; i < text.size(); ++i) (void)shown.append(o.secret ? '*' : text[i]);
        c.write(shown);
    }
    // Up/Down: recalled = how far back (0: the line being typed). As in iPXE, a line edited and
    // then left keeps its edits until Enter: edited[i] holds line i's text (empty String and
    // !has_edit[i]: as in the history).
    size_t recalled = 0;
    String edited[LineHistory::kCapacity + 1];
    bool has_edit[LineHistory::kCapacity + 1] = {};
    bool timing = o.timeout_ms != 0;
    uint64_t deadline = keys.now_ms() + o.timeout_ms;
    for (;;) {
        uint32_t wait = 1000;
        if (timing) {
            uint64_t now = keys.now_ms();
            if (now >= deadline) {
                c.write("\n");
                return Error(Errc::timedout);
            }
            wait = static_cast<uint32_t>(deadline - now);
        }
        int k = keys.read_key(wait);
        if (k == key::none) continue;
        timing = false;
        switch (k) {
            case key::enter:
            case '\n':
                c.write("\n");
                return text;
            case key::esc:
            case key::ctrl_c:
                c.write("\n");
                return Error(Errc::canceled);
            case key::backspace:
            case 0x7f:
                if (cursor == 0) break;
                {
                    String rest = String::copy(text.view().drop(cursor));
                    text.truncate(cursor - 1);
                    if (!text.append(rest)) return Errc::nomem;
                    --cursor;
                    c.write("\b");
                    redraw_tail(c, text, cursor, 1, o.secret);
                }
                break;
            case key::del:
                if (cursor >= text.size()) break;
                {
                    String rest = String::copy(text.view().drop(cursor + 1));
                    text.truncate(cursor);
                    if (!text.append(rest)) return Errc::nomem;
                    redraw_tail(c, text, cursor, 1, o.secret);
                }
                break;
            case key::left:
                if (cursor > 0) --cursor, c.write("\b");
                break;
            case key::right:
                if (cursor < text.size()) {
                    char ch = o.secret ? '*' : text[cursor];
                    c.write(Str(&ch, 1));
                    ++cursor;
                }
                break;
            case key::home:
                while (cursor > 0) --cursor, c.write("\b");
                break;
            case key::end:
                while (cursor < text.size()) {
                    char ch = o.secret ? '*' : text[cursor];
                    c.write(Str(&ch, 1));
                    ++cursor;
                }
                break;
            case key::up:
            case key::down: {
                size_t have = o.history ? o.history->size() : 0;
                size_t to = k == key::up ? (recalled < have ? recalled + 1 : recalled)
                                         : (recalled > 0 ? recalled - 1 : 0);
                if (to == recalled) break;
                edited[recalled] = String::copy(text.view()), has_edit[recalled] = true;
                recalled = to;
                Str shown = has_edit[to] ? edited[to].view() : o.history->newest(to - 1);
                CARTE_TRY(replace_line(c, text, cursor, shown, o.secret));
                break;
            }
            case 0x15: {  // Ctrl-U: clear the line
                while (cursor > 0) --cursor, c.write("\b");
                size_t old = text.size();
                text.clear();
                redraw_tail(c, text, 0, old, o.secret);
                break;
            }
            default:
                if (k < 0x20 || k > 0xff) break;
                {
                    String rest = String::copy(text.view().drop(cursor));
                    text.truncate(cursor);
                    if (!text.append(static_cast<char>(k)) || !text.append(rest)) return Errc::nomem;
                    char ch = o.secret ? '*' : static_cast<char>(k);
                    c.write(Str(&ch, 1));
                    ++cursor;
                    redraw_tail(c, text, cursor, 0, o.secret);
                }
                break;
        }
    }
}

}  // namespace carte
