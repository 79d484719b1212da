// Splitting a script into logical lines (iPXE: src/image/script.c, process_script()): physical
// lines end at `\n`, one trailing `\r` is dropped, and a line ending in `\` is joined *directly*
// (no separator) with the next physical line. The translator and the host-side lint share this
// reader so they can never disagree about what a line is.
#pragma once
#include "runtime/rt/span.h"
#include "runtime/rt/string.h"
#include "runtime/rt/vec.h"

namespace carte::script {

// Where a physical line starts inside a joined logical line.
struct LinePiece {
    uint32_t offset;  // byte offset in ScriptLine::text
    uint32_t line;    // 1-based physical line number
};

struct ScriptLine {
    Str text;                      // the logical line, continuation backslashes and CRs removed
    uint32_t line = 0;             // 1-based number of its first physical line
    uint32_t last_line = 0;        // number of its last physical line
    bool broken = false;           // ends in `\` with no line to join: iPXE fails the script here
    Span<const LinePiece> pieces;  // one per physical line (always at least one)
};

class LineReader {
  public:
    explicit LineReader(Str script) : src_(script) {}
    LineReader(const LineReader&) = delete;
    LineReader& operator=(const LineReader&) = delete;

    // Reads the next logical line; `out` stays valid until the next call. False at the end of
    // the script, or when memory runs out (then out_of_memory() is true).
    bool next(ScriptLine* out);
    bool out_of_memory() const { return oom_; }

    // Physical position of byte `offset` of a logical line: line number and 1-based column
    // (in bytes, counted on the physical line).
    static void position(const ScriptLine& l, size_t offset, uint32_t* line, uint32_t* column);

  private:
    // The next physical line without its `\n` and trailing `\r`; false at the end.
    bool physical(Str* out);

    Str src_;
    size_t pos_ = 0;
    uint32_t line_no_ = 0;
    String joined_;  // storage for lines that needed joining
    Vec<LinePiece> pieces_;
    bool oom_ = false;
};

}  // namespace carte::script
