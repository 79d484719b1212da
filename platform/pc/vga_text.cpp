#include "platform/pc/vga_text.h"

namespace carte::pc {

namespace {
volatile uint16_t* const kVga = reinterpret_cast<volatile uint16_t*>(0xb8000);
constexpr uint8_t kStreamAttr = 0x07;  // light grey on black
int g_row = 0, g_col = 0;

void scroll() {
    for (int i = 0; i < (kVgaRows - 1) * kVgaCols; ++i) kVga[i] = kVga[i + kVgaCols];
    for (int c = 0; c < kVgaCols; ++c) kVga[(kVgaRows - 1) * kVgaCols + c] = (kStreamAttr << 8) | ' ';
    g_row = kVgaRows - 1;
}
}  // namespace

void vga_clear(uint8_t attr) {
    for (int i = 0; i < kVgaRows * kVgaCols; ++i) kVga[i] = uint16_t(attr << 8 | ' ');
    g_row = g_col = 0;
}

void vga_put_cell(int row, int col, char c, uint8_t attr) {
    if (row < 0 || row >= kVgaRows || col < 0 || col >= kVgaCols) return;
    kVga[row * kVgaCols + col] = uint16_t(attr << 8 | static_cast<uint8_t>(c));
}

void vga_write_byte(char c) {
    if (c == '\n') {
        g_col = 0;
        if (++g_row >= kVgaRows) scroll();
    } else if (c == '\r') {
        g_col = 0;
    } else if (c == '\b') {
        if (g_col > 0) --g_col;
    } else {
        vga_put_cell(g_row, g_col, c, kStreamAttr);
        if (++g_col >= kVgaCols) {
            g_col = 0;
            if (++g_row >= kVgaRows) scroll();
        }
    }
}

}  // namespace carte::pc
