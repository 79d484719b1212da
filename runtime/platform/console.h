// The text console the runtime draws on: a stream for command output plus a cell grid for
// full-screen UIs (menus, the shell line editor). Implemented by the host terminal, the host
// --plain recorder, and VGA text + 16550 serial in the ROM.
#pragma once
#include "runtime/rt/str.h"

namespace carte {

enum class Color : uint8_t { black, red, green, yellow, blue, magenta, cyan, white };

struct Attr {
    Color fg = Color::white;
    Color bg = Color::black;
    bool bold = false;
    friend bool operator==(Attr a, Attr b) { return a.fg == b.fg && a.bg == b.bg && a.bold == b.bold; }
};

// Key codes: printable characters are their byte value; control keys as ASCII; the rest above 0xff.
namespace key {
constexpr int none = -1;
constexpr int ctrl_b = 0x02;
constexpr int ctrl_c = 0x03;
constexpr int backspace = 0x08;
constexpr int tab = 0x09;
constexpr int enter = 0x0d;
constexpr int esc = 0x1b;
constexpr int up = 0x101;
constexpr int down = 0x102;
constexpr int left = 0x103;
constexpr int right = 0x104;
constexpr int home = 0x105;
constexpr int end = 0x106;
constexpr int page_up = 0x107;
constexpr int page_down = 0x108;
constexpr int del = 0x109;
}  // namespace key

class Console {
  public:
    // Stream output, as a terminal would show it ("\n" newline, "\r" return, "\b" back).
    virtual void write(Str text) = 0;

    // Full-screen drawing. begin_screen() switches to a cleared grid; end_screen() restores
    // stream mode. Rows and columns count from 0.
    virtual int rows() const = 0;
    virtual int cols() const = 0;
    virtual void begin_screen(Attr fill) = 0;
    virtual void put(int row, int col, Str text, Attr attr) = 0;
    virtual void fill(int row, int col, int count, char c, Attr attr) = 0;
    // Called after each complete frame, so recorders (--plain) can snapshot it.
    virtual void present() = 0;
    virtual void end_screen() = 0;

  protected:
    ~Console() = default;
};

}  // namespace carte
