// The menu widget every menu uses: classic `choose` menus and Carte's bytecode menus. It draws on
// the abstract Console, like iPXE's menu: title centred and bold on row 1, items from row 3 with
// two spaces of padding, `...` above/below when the list scrolls, the selection highlighted, the
// countdown `(N)` right-aligned on the selected row. Keys: Up/Down/PgUp/PgDn/Home/End move (no
// wrap), Tab moves down with wrap, Enter chooses, a hotkey chooses its item at once, Esc/Ctrl-C
// cancel. A key press restarts the countdown from `retimeout_ms` (0: the countdown stops).
#pragma once
#include "runtime/platform/console.h"
#include "runtime/rt/result.h"
#include "runtime/rt/span.h"
#include "runtime/ui/key_source.h"

namespace carte {

enum class MenuRowKind : uint8_t { item, gap, header };

struct MenuRow {
    MenuRowKind kind = MenuRowKind::item;
    Str text;
    int key = 0;  // hotkey (case-sensitive), 0 = none
};

struct MenuColors {
    Attr normal{Color::white, Color::blue, false};
    Attr selected{Color::white, Color::red, true};
    Attr separator{Color::cyan, Color::blue, false};
    Attr title{Color::white, Color::blue, true};
};

struct MenuRequest {
    Str title;
    Span<const MenuRow> rows;
    int initial = -1;           // row selected first; -1 (or not selectable): the first item
    uint32_t timeout_ms = 0;    // 0: wait forever
    uint32_t retimeout_ms = 0;  // countdown after a key press; 0: none
    bool show_hints = false;    // Carte menus: a key-hint line at the bottom
    bool esc_is_back = false;   // the hint says "Esc: back" rather than "Esc: cancel"
    MenuColors colors;
};

// Shows the menu until a choice. Returns the chosen row index (a timeout chooses the selected
// row); Errc::canceled on Esc/Ctrl-C; Errc::noent if no row is selectable.
Result<int> show_menu(Console& console, KeySource& keys, const MenuRequest& request);

}  // namespace carte
