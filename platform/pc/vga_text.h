// The VGA text screen at 0xb8000 (80x25): a mirror of the serial console for people watching a
// real or virtual monitor.
#pragma once
#include "runtime/rt/types.h"

namespace carte::pc {

constexpr int kVgaRows = 25, kVgaCols = 80;

void vga_clear(uint8_t attr);
void vga_put_cell(int row, int col, char c, uint8_t attr);
// Stream output with a cursor, wrapping and scrolling.
void vga_write_byte(char c);

}  // namespace carte::pc
