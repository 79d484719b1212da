// carte::Console for the PC: serial (ANSI escapes for the cell grid) mirrored to VGA text.
#pragma once
#include "runtime/platform/console.h"

namespace carte::pc {

class PcConsole final : public Console {
  public:
    void write(Str text) override;
    int rows() const override { return 25; }
    int cols() const override { return 80; }
    void begin_screen(Attr fill) override;
    void put(int row, int col, Str text, Attr attr) override;
    void fill(int row, int col, int count, char c, Attr attr) override;
    void present() override {}
    void end_screen() override;

    // Reads one key from the serial line (decoding ANSI cursor sequences) or the PS/2 keyboard;
    // key::none on timeout.
    int read_key(uint32_t timeout_ms);
};

// The one console, usable from the first line of pc_main (it has no constructor to run).
PcConsole& console();

}  // namespace carte::pc
