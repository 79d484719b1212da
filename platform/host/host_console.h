// The host's consoles. PlainConsole (for `carte run --plain` and tests) writes stream output as
// is and prints each distinct menu frame as text between marker lines, with `>` in front of
// highlighted rows. AnsiConsole draws full-screen on a terminal with ANSI escapes (alternate
// screen, colours) and keeps stream output in the normal screen.
#pragma once
#include <cstdio>
#include <string>
#include <vector>

#include "runtime/platform/console.h"

namespace carte::host {

class PlainConsole final : public Console {
  public:
    // Writes to `out` (stdout for `carte run`) and also keeps everything in transcript().
    explicit PlainConsole(FILE* out, int rows = 25, int cols = 80) : out_(out), rows_(rows), cols_(cols) {}

    void write(Str text) override;
    int rows() const override { return rows_; }
    int cols() const override { return cols_; }
    void begin_screen(Attr fill) override;
    void put(int row, int col, Str text, Attr attr) override;
    void fill(int row, int col, int count, char c, Attr attr) override;
    void present() override;
    void end_screen() override;

    const std::string& transcript() const { return transcript_; }
    size_t frames() const { return frames_; }

  private:
    void emit(const std::string& s);
    FILE* out_;
    int rows_, cols_;
    std::vector<std::string> grid_;
    std::vector<bool> highlight_;
    std::string last_frame_;
    std::string transcript_;
    size_t frames_ = 0;
};

class AnsiConsole final : public Console {
  public:
    AnsiConsole(FILE* out, int rows, int cols) : out_(out), rows_(rows), cols_(cols) {}
    void write(Str text) override;
    int rows() const override { return rows_; }
    int cols() const override { return cols_; }
    void begin_screen(Attr fill) override;
    void put(int row, int col, Str text, Attr attr) override;
    void fill(int row, int col, int count, char c, Attr attr) override;
    void present() override;
    void end_screen() override;

  private:
    void sgr(Attr a);
    FILE* out_;
    int rows_, cols_;
    bool in_screen_ = false;
};

}  // namespace carte::host
