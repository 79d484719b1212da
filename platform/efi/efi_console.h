// carte::Console over the firmware's ConOut/ConIn (UEFI 2.10 §12.3–12.4). Firmware such as OVMF
// mirrors ConOut to the serial line with ANSI escapes and decodes ANSI keys from it, so one
// implementation serves the screen and the serial console. Text is UTF-8 in, UCS-2 out.
#pragma once
#include "platform/efi/efi_api.h"
#include "runtime/platform/console.h"

namespace carte::efi {

class EfiConsole final : public Console {
  public:
    // Reads the text mode's size; call once the system table is known.
    void init();

    void write(Str text) override;
    int rows() const override { return rows_; }
    int cols() const override { return cols_; }
    void begin_screen(Attr fill) override;
    void put(int row, int col, Str text, Attr attr) override;
    void fill(int row, int col, int count, char c, Attr attr) override;
    void present() override {}
    void end_screen() override;

    // One key (key:: codes), waiting up to `timeout_ms`; key::none on timeout.
    int read_key(uint32_t timeout_ms);

  private:
    void output(Str text, bool newline_cr);
    void set_attr(Attr a);
    int rows_ = 25, cols_ = 80;
    int attr_ = -1;  // the attribute last set, -1: unknown
};

EfiConsole& console();

}  // namespace carte::efi
