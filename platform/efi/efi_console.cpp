#include "platform/efi/efi_console.h"

#include "drivers/hw/hw.h"
#include "platform/efi/efi_system.h"
#include "platform/firmware/machine.h"

namespace carte::efi {

namespace {
EfiConsole g_console;

// EFI text attributes use the VGA colour numbers (EFI_BLUE = 1, EFI_RED = 4, …), not ANSI's.
uint64_t efi_attr(Attr a) {
    static constexpr uint8_t kColor[] = {0, 4, 2, 6, 1, 5, 3, 7};
    return uint64_t(kColor[int(a.fg)] | (a.bold ? 8 : 0) | (kColor[int(a.bg)] << 4));
}

// Decodes one UTF-8 sequence at s[*i] (advancing *i); anything outside the BMP or malformed is '?'.
Char16 next_char(Str s, size_t* i) {
    uint8_t c = uint8_t(s[(*i)++]);
    if (c < 0x80) return c;
    int extra = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : c >= 0xc0 ? 1 : -1;
    if (extra < 0) return u'?';
    uint32_t v = c & (0x3f >> extra);
    for (int k = 0; k < extra; ++k) {
        if (*i >= s.size() || (uint8_t(s[*i]) & 0xc0) != 0x80) return u'?';
        v = (v << 6) | (uint8_t(s[(*i)++]) & 0x3f);
    }
    return v > 0xffff || (v >= 0xd800 && v < 0xe000) ? u'?' : Char16(v);
}

// ConIn scan codes (UEFI 2.10 table 12-2) as key:: codes.
int scan_key(uint16_t scan) {
    switch (scan) {
        case 0x01:
            return key::up;
        case 0x02:
            return key::down;
        case 0x03:
            return key::right;
        case 0x04:
            return key::left;
        case 0x05:
            return key::home;
        case 0x06:
            return key::end;
        case 0x08:
            return key::del;
        case 0x09:
            return key::page_up;
        case 0x0a:
            return key::page_down;
        case 0x17:
            return key::esc;
        default:
            return key::none;
    }
}
}  // namespace

EfiConsole& console() {
    return g_console;
}

void EfiConsole::init() {
    SimpleTextOutput* out = sys().table->con_out;
    uint64_t c = 0, r = 0;
    if (out && out->mode && !failed(out->query_mode(out, uint64_t(out->mode->mode), &c, &r)) && c >= 40 &&
        r >= 10)
        cols_ = int(c), rows_ = int(r);
}

void EfiConsole::output(Str text, bool newline_cr) {
    SimpleTextOutput* out = sys().table->con_out;
    if (!out) return;
    Char16 buf[130];
    size_t n = 0;
    auto flush = [&] {
        buf[n] = 0;
        out->output_string(out, buf);
        n = 0;
    };
    for (size_t i = 0; i < text.size();) {
        Char16 ch = next_char(text, &i);
        if (ch == u'\n' && newline_cr) buf[n++] = u'\r';
        buf[n++] = ch;
        if (n >= 126) flush();
    }
    if (n) flush();
}

void EfiConsole::write(Str text) {
    output(text, true);
}

void EfiConsole::set_attr(Attr a) {
    int v = int(efi_attr(a));
    if (v == attr_) return;
    SimpleTextOutput* out = sys().table->con_out;
    out->set_attribute(out, uint64_t(v));
    attr_ = v;
}

void EfiConsole::begin_screen(Attr fill) {
    SimpleTextOutput* out = sys().table->con_out;
    set_attr(fill);
    out->enable_cursor(out, false);
    out->clear_screen(out);
}

void EfiConsole::put(int row, int col, Str text, Attr attr) {
    if (row < 0 || row >= rows_ || col < 0 || col >= cols_) return;
    SimpleTextOutput* out = sys().table->con_out;
    // Writing the last cell of the screen would scroll it.
    size_t room = size_t(cols_ - col) - (row == rows_ - 1 ? 1 : 0);
    if (text.size() > room) text = text.substr(0, room);
    out->set_cursor_position(out, uint64_t(col), uint64_t(row));
    set_attr(attr);
    output(text, false);
}

void EfiConsole::fill(int row, int col, int count, char c, Attr attr) {
    char line[256];
    if (count > int(sizeof(line))) count = int(sizeof(line));
    for (int i = 0; i < count; ++i) line[i] = c;
    if (count > 0) put(row, col, Str(line, size_t(count)), attr);
}

void EfiConsole::end_screen() {
    SimpleTextOutput* out = sys().table->con_out;
    set_attr(Attr{});
    out->clear_screen(out);
    out->enable_cursor(out, true);
}

int EfiConsole::read_key(uint32_t timeout_ms) {
    SimpleTextInput* in = sys().table->con_in;
    if (!in) return key::none;
    uint64_t deadline = hw::now_ms() + timeout_ms;
    for (;;) {
        InputKey k;
        if (!failed(in->read_key_stroke(in, &k))) {
            if (k.scan_code) {
                int code = scan_key(k.scan_code);
                if (code != key::none) return code;
            } else if (k.unicode_char == u'\r' || k.unicode_char == u'\n') {
                return key::enter;
            } else if (k.unicode_char < 0x100) {
                return k.unicode_char == 0x7f ? key::backspace : int(k.unicode_char);
            }
            continue;  // a key with no code of ours: read on
        }
        if (hw::now_ms() >= deadline) return key::none;
        __asm__ volatile("pause");
    }
}

}  // namespace carte::efi

namespace carte::fw {
void console_write(Str text) {
    efi::console().write(text);
}
}  // namespace carte::fw
