// A one-line editor on the console stream, for `read`, `login` and the `shell` prompt: printable
// characters insert at the cursor, Backspace/Delete/Left/Right/Home/End edit, Ctrl-U clears,
// Enter accepts, Esc/Ctrl-C cancel. The initial text (e.g. a setting's current value) is shown
// ready to edit. With a history, Up/Down step through earlier lines (the line being typed comes
// back below the newest).
#pragma once
#include "runtime/platform/console.h"
#include "runtime/rt/result.h"
#include "runtime/rt/string.h"
#include "runtime/ui/key_source.h"
#include "runtime/ui/line_history.h"

namespace carte {

struct LineEditOptions {
    Str prompt;
    Str initial;
    uint32_t timeout_ms = 0;               // 0: wait forever; the timer stops at the first key
    bool secret = false;                   // echo '*' (passwords)
    const LineHistory* history = nullptr;  // Up/Down recall; the caller adds accepted lines
};

// The edited line; Errc::canceled on Esc/Ctrl-C, Errc::timedout when the timeout expires first.
Result<String> edit_line(Console& console, KeySource& keys, const LineEditOptions& options);

}  // namespace carte
