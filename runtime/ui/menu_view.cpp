#include "runtime/ui/menu_view.h"

#include "runtime/rt/string.h"

namespace carte {

namespace {

constexpr int kTitleRow = 1;
constexpr int kFirstRow = 3;
constexpr int kPad = 2;

bool selectable(const MenuRequest& r, int i) {
    return i >= 0 && static_cast<size_t>(i) < r.rows.size() &&
           r.rows[static_cast<size_t>(i)].kind == MenuRowKind::item;
}

// The next selectable row from `from` stepping by `dir`, or -1.
int step_selectable(const MenuRequest& r, int from, int dir) {
    for (int i = from; i >= 0 && static_cast<size_t>(i) < r.rows.size(); i += dir)
        if (selectable(r, i)) return i;
    return -1;
}

// Text clipped to `width` columns (bytes; menus are ASCII in practice).
Str clip(Str s, int width) {
    return width <= 0 ? Str() : s.substr(0, static_cast<size_t>(width));
}

class MenuScreen {
  public:
    MenuScreen(Console& c, const MenuRequest& r) : c_(c), r_(r) {
        rows_visible_ = c.rows() - kFirstRow - 2;
        if (r.show_hints) rows_visible_ -= 1;
        if (rows_visible_ < 1) rows_visible_ = 1;
    }

    void keep_visible(int selected) {
        if (selected < top_) top_ = selected;
        if (selected >= top_ + rows_visible_) top_ = selected - rows_visible_ + 1;
        // Show the gap or header just above the first item when there is room.
        int n = static_cast<int>(r_.rows.size());
        if (top_ + rows_visible_ > n) top_ = n - rows_visible_;
        if (top_ < 0) top_ = 0;
    }

    void draw(int selected, int64_t remaining_ms) {
        const int cols = c_.cols();
        c_.begin_screen(r_.colors.normal);
        for (int row = 0; row < c_.rows(); ++row) c_.fill(row, 0, cols, ' ', r_.colors.normal);
        Str title = clip(r_.title, cols - 2);
        c_.put(kTitleRow, (cols - static_cast<int>(title.size())) / 2, title, r_.colors.title);

        const int width = cols - 2;
        const int n = static_cast<int>(r_.rows.size());
        for (int k = 0; k < rows_visible_; ++k) {
            int i = top_ + k;
            if (i >= n) break;
            const MenuRow& row = r_.rows[static_cast<size_t>(i)];
            int screen_row = kFirstRow + k;
            Attr attr = row.kind == MenuRowKind::item ? r_.colors.normal : r_.colors.separator;
            if (i == selected) attr = r_.colors.selected;
            c_.fill(screen_row, 1, width, ' ', attr);
            c_.put(screen_row, 1 + kPad, clip(row.text, width - 2 * kPad), attr);
            if (i == selected && remaining_ms >= 0) {
                String countdown = String::copy("(");
                (void)countdown.append_u64(static_cast<uint64_t>((remaining_ms + 999) / 1000));
                (void)countdown.append(")");
                c_.put(screen_row, 1 + width - static_cast<int>(countdown.size()), countdown, attr);
            }
        }
        if (top_ > 0) c_.put(kFirstRow - 1, 1, "...", r_.colors.separator);
        if (top_ + rows_visible_ < n) c_.put(kFirstRow + rows_visible_, 1, "...", r_.colors.separator);
        if (r_.show_hints) {
            Str hint = r_.esc_is_back ? Str("Up/Down: select   Enter: choose   Esc: back")
                                      : Str("Up/Down: select   Enter: choose   Esc: cancel");
            c_.put(c_.rows() - 1, (cols - static_cast<int>(hint.size())) / 2, clip(hint, cols),
                   r_.colors.separator);
        }
        c_.present();
    }

    int page() const { return rows_visible_; }

  private:
    Console& c_;
    const MenuRequest& r_;
    int rows_visible_;
    int top_ = 0;
};

// Hotkey search from the row after `current`, wrapping around (iPXE searches onward first).
int find_hotkey(const MenuRequest& r, int current, int key) {
    const int n = static_cast<int>(r.rows.size());
    for (int k = 1; k <= n; ++k) {
        int i = (current + k) % n;
        if (r.rows[static_cast<size_t>(i)].key == key) return i;
    }
    return -1;
}

}  // namespace

Result<int> show_menu(Console& console, KeySource& keys, const MenuRequest& r) {
    int selected = selectable(r, r.initial) ? r.initial : step_selectable(r, 0, 1);
    if (selected < 0) return Error(Errc::noent, "menu has no items");
    const int n = static_cast<int>(r.rows.size());

    MenuScreen screen(console, r);
    bool counting = r.timeout_ms != 0;
    uint64_t deadline = keys.now_ms() + r.timeout_ms;
    Result<int> outcome(Errc::canceled);
    for (;;) {
        screen.keep_visible(selected);
        uint64_t now = keys.now_ms();
        int64_t remaining = counting ? static_cast<int64_t>(deadline - now) : -1;
        if (counting && (deadline <= now)) {
            outcome = selected;
            break;
        }
        screen.draw(selected, remaining);
        // Wake at least at the next whole second so the countdown redraws.
        uint32_t wait = 1000;
        if (counting) {
            uint32_t to_tick = static_cast<uint32_t>(remaining % 1000);
            wait = to_tick ? to_tick : 1000;
        }
        int key = keys.read_key(wait);
        if (key == key::none) {
            if (!counting) continue;
            continue;
        }
        if (counting || r.retimeout_ms) {
            counting = r.retimeout_ms != 0;
            deadline = keys.now_ms() + r.retimeout_ms;
        }
        int next = selected;
        switch (key) {
            case key::up:
                next = step_selectable(r, selected - 1, -1);
                break;
            case key::down:
                next = step_selectable(r, selected + 1, 1);
                break;
            case key::page_up: {
                int target = selected - screen.page();
                next = step_selectable(r, target < 0 ? 0 : target, 1);
                if (next < 0 || next > selected) next = step_selectable(r, 0, 1);
                break;
            }
            case key::page_down: {
                int target = selected + screen.page();
                next = step_selectable(r, target >= n ? n - 1 : target, -1);
                if (next < selected) next = step_selectable(r, n - 1, -1);
                break;
            }
            case key::home:
                next = step_selectable(r, 0, 1);
                break;
            case key::end:
                next = step_selectable(r, n - 1, -1);
                break;
            case key::tab:
                next = step_selectable(r, selected + 1, 1);
                if (next < 0) next = step_selectable(r, 0, 1);
                break;
            case key::enter:
            case '\n':
                outcome = selected;
                goto done;
            case key::esc:
            case key::ctrl_c:
                outcome = Error(Errc::canceled);
                goto done;
            default: {
                int hit = find_hotkey(r, selected, key);
                if (hit < 0) break;
                if (selectable(r, hit)) {
                    outcome = hit;
                    goto done;
                }
                next = step_selectable(r, hit + 1, 1);  // a gap's hotkey just moves down
                break;
            }
        }
        if (next >= 0) selected = next;
    }
done:
    console.end_screen();
    return outcome;
}

}  // namespace carte
