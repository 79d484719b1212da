// The key an ANSI/VT escape sequence names, for consoles that read a terminal byte stream (the
// host terminal, the ROM's serial line). Both collect `ESC [` or `ESC O`, the parameter bytes and
// the final byte (0x40..0x7e), then ask here. Modifiers (`ESC [1;5A`, Ctrl-Up) keep the base key.
#pragma once
#include "runtime/platform/console.h"

namespace carte {

constexpr bool is_ansi_final_byte(int b) {
    return b >= 0x40 && b <= 0x7e;
}

// key::none for a sequence that names no key we use (F-keys, mouse reports, …).
constexpr int ansi_sequence_key(Str params, char final) {
    switch (final) {
        case 'A':
            return key::up;
        case 'B':
            return key::down;
        case 'C':
            return key::right;
        case 'D':
            return key::left;
        case 'H':
            return key::home;
        case 'F':
            return key::end;
        case 'Z':
            return key::tab;  // Shift-Tab: treat as Tab
        case '~': {
            // vt220 (`1~` home, `4~` end) and rxvt (`7~`, `8~`) numbers; a `;modifier` is ignored.
            size_t digits = 0;
            while (digits < params.size() && params[digits] != ';') ++digits;
            Str code = params.substr(0, digits);
            if (code == "1" || code == "7") return key::home;
            if (code == "4" || code == "8") return key::end;
            if (code == "3") return key::del;
            if (code == "5") return key::page_up;
            if (code == "6") return key::page_down;
            return key::none;
        }
        default:
            return key::none;
    }
}

}  // namespace carte
