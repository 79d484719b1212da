#include "platform/pc/pc_console.h"

#include "platform/pc/ps2_keyboard.h"
#include "platform/pc/serial.h"
#include "platform/pc/timer.h"
#include "platform/pc/vga_text.h"
#include "runtime/platform/ansi_keys.h"

namespace carte::pc {

namespace {
PcConsole g_console;

void serial_str(Str s) {
    for (char c : s) serial_write_byte(static_cast<uint8_t>(c));
}
void serial_num(int v) {
    char buf[12];
    int n = 0;
    do buf[n++] = char('0' + v % 10), v /= 10;
    while (v && n < 11);
    while (n) serial_write_byte(static_cast<uint8_t>(buf[--n]));
}
void serial_goto(int row, int col) {
    serial_str("\x1b[");
    serial_num(row + 1);
    serial_write_byte(';');
    serial_num(col + 1);
    serial_write_byte('H');
}
void serial_attr(Attr a) {
    serial_str("\x1b[0;");
    if (a.bold) serial_str("1;");
    serial_num(30 + int(a.fg));
    serial_write_byte(';');
    serial_num(40 + int(a.bg));
    serial_write_byte('m');
}
// VGA colour numbers differ from ANSI ones (blue and red are swapped, and so on).
uint8_t vga_attr(Attr a) {
    static constexpr uint8_t kVgaColor[] = {0, 4, 2, 6, 1, 5, 3, 7};
    return uint8_t((kVgaColor[int(a.bg)] << 4) | kVgaColor[int(a.fg)] | (a.bold ? 8 : 0));
}
int wait_byte(uint64_t deadline) {
    for (;;) {
        int b = serial_try_read();
        if (b >= 0 || timer_ms() >= deadline) return b;
        __asm__ volatile("pause");
    }
}
}  // namespace

PcConsole& console() {
    return g_console;
}

void PcConsole::write(Str text) {
    for (char c : text) {
        if (c == '\n') serial_write_byte('\r');
        serial_write_byte(static_cast<uint8_t>(c));
        vga_write_byte(c);
    }
}

void PcConsole::begin_screen(Attr fill_attr) {
    serial_attr(fill_attr);
    serial_str("\x1b[2J\x1b[H");
    vga_clear(vga_attr(fill_attr));
}

void PcConsole::put(int row, int col, Str text, Attr attr) {
    serial_goto(row, col);
    serial_attr(attr);
    serial_str(text);
    for (size_t i = 0; i < text.size(); ++i) vga_put_cell(row, col + int(i), text[i], vga_attr(attr));
}

void PcConsole::fill(int row, int col, int count, char c, Attr attr) {
    serial_goto(row, col);
    serial_attr(attr);
    for (int i = 0; i < count; ++i) {
        serial_write_byte(static_cast<uint8_t>(c));
        vga_put_cell(row, col + i, c, vga_attr(attr));
    }
}

void PcConsole::end_screen() {
    serial_str("\x1b[0m\x1b[2J\x1b[H");
    vga_clear(0x07);
}

namespace {
// The key a byte from the serial line starts. An ANSI sequence's bytes follow within a few ms; a
// lone Esc has none. A complete sequence naming no key we use (F-keys, Insert) gives key::none:
// it must not act as Esc, which cancels menus and line edits.
int serial_key(int b) {
    if (b == 0x7f) return key::backspace;
    if (b == '\n') return key::enter;
    if (b != key::esc) return b;
    int b1 = wait_byte(timer_ms() + 20);
    if (b1 != '[' && b1 != 'O') return key::esc;
    char params[8];
    size_t n = 0;
    for (;;) {
        int b2 = wait_byte(timer_ms() + 20);
        if (b2 < 0) return key::esc;
        if (is_ansi_final_byte(b2))
            return ansi_sequence_key(Str(params, n < sizeof params ? n : sizeof params), char(b2));
        if (b2 < 0x20 || b2 > 0x3f) return key::esc;  // not a parameter byte: not a sequence
        if (n < sizeof params) params[n] = char(b2);
        ++n;
    }
}
}  // namespace

int PcConsole::read_key(uint32_t timeout_ms) {
    // Whichever comes first: a key on the serial line or on the PS/2 keyboard.
    uint64_t deadline = timer_ms() + timeout_ms;
    for (;;) {
        int b = serial_try_read();
        int k = b >= 0 ? serial_key(b) : ps2_poll_key();
        if (k != key::none) return k;
        if (timer_ms() >= deadline) return key::none;
        __asm__ volatile("pause");
    }
}

}  // namespace carte::pc

namespace carte::fw {
void console_write(Str text) {
    pc::console().write(text);
}
}  // namespace carte::fw
