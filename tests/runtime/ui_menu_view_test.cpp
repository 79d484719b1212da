// The menu widget on a recording console: layout (title row 1, items from row 3, `...` when
// scrolling), highlight, countdown, keys (iPXE: src/hci/tui/menu_ui.c).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "runtime/ui/line_editor.h"
#include "runtime/ui/menu_view.h"

namespace carte {
namespace {

class RecordingConsole final : public Console {
  public:
    void write(Str t) override { stream.append(t.data(), t.size()); }
    int rows() const override { return 25; }
    int cols() const override { return 80; }
    void begin_screen(Attr) override { grid.assign(25, std::string(80, ' ')), selected_row = -1; }
    void put(int r, int c, Str t, Attr a) override {
        for (size_t i = 0; i < t.size(); ++i)
            if (c + static_cast<int>(i) < 80) grid[static_cast<size_t>(r)][static_cast<size_t>(c) + i] = t[i];
        if (a.bg == Color::red) selected_row = r;
    }
    void fill(int r, int c, int n, char ch, Attr a) override {
        for (int i = c; i < c + n && i < 80; ++i) grid[static_cast<size_t>(r)][static_cast<size_t>(i)] = ch;
        if (a.bg == Color::red) selected_row = r;
    }
    void present() override { frames.push_back(grid), selected.push_back(selected_row); }
    void end_screen() override { ended = true; }

    std::string stream;
    std::vector<std::string> grid;
    std::vector<std::vector<std::string>> frames;
    std::vector<int> selected;
    int selected_row = -1;
    bool ended = false;
};

class ListKeys final : public KeySource {
  public:
    explicit ListKeys(std::vector<int> k) : keys(std::move(k)) {}
    int read_key(uint32_t timeout) override {
        if (next < keys.size()) return keys[next++];
        now += timeout;
        return key::none;
    }
    uint64_t now_ms() override { return now; }
    std::vector<int> keys;
    size_t next = 0;
    uint64_t now = 0;
};

std::vector<MenuRow> many_rows(int n) {
    static std::vector<std::string> texts;
    texts.clear();
    for (int i = 0; i < n; ++i) texts.push_back("Item " + std::to_string(i));
    std::vector<MenuRow> rows;
    for (const std::string& t : texts) rows.push_back({MenuRowKind::item, Str(t.data(), t.size()), 0});
    return rows;
}

TEST(UiMenuView, LayoutTitleItemsHighlight) {
    RecordingConsole c;
    ListKeys k({key::enter});
    std::vector<MenuRow> rows = many_rows(3);
    MenuRequest r;
    r.title = "Title";
    r.rows = Span<const MenuRow>(rows.data(), rows.size());
    auto chosen = show_menu(c, k, r);
    ASSERT_TRUE(chosen.ok());
    EXPECT_EQ(*chosen, 0);
    ASSERT_FALSE(c.frames.empty());
    const auto& f = c.frames[0];
    EXPECT_EQ(f[1].find("Title"), (80u - 5) / 2);  // centred on row 1
    EXPECT_EQ(f[3].substr(0, 9), "   Item 0");     // row 3, column 1 + 2 padding
    EXPECT_EQ(c.selected[0], 3);
    EXPECT_TRUE(c.ended);
}

TEST(UiMenuView, ScrollsWithMarkers) {
    RecordingConsole c;
    std::vector<int> keys(30, key::down);
    keys.push_back(key::enter);
    ListKeys k(keys);
    std::vector<MenuRow> rows = many_rows(40);
    MenuRequest r;
    r.rows = Span<const MenuRow>(rows.data(), rows.size());
    auto chosen = show_menu(c, k, r);
    ASSERT_TRUE(chosen.ok());
    EXPECT_EQ(*chosen, 30);
    const auto& first = c.frames.front();
    EXPECT_EQ(first[2].substr(1, 3), "   ");   // nothing above yet
    EXPECT_EQ(first[23].substr(1, 3), "...");  // more below (20 rows visible)
    const auto& last = c.frames.back();
    EXPECT_EQ(last[2].substr(1, 3), "...");  // scrolled: more above
    EXPECT_NE(last[c.selected.back()].find("Item 30"), std::string::npos);
}

TEST(UiMenuView, PageKeysHomeEnd) {
    RecordingConsole c;
    ListKeys k({key::page_down, key::page_down, key::home, key::end, key::page_up, key::enter});
    std::vector<MenuRow> rows = many_rows(50);
    MenuRequest r;
    r.rows = Span<const MenuRow>(rows.data(), rows.size());
    auto chosen = show_menu(c, k, r);
    ASSERT_TRUE(chosen.ok());
    EXPECT_EQ(*chosen, 49 - 20);
}

TEST(UiMenuView, CountdownOnSelectedRowAndTimeout) {
    RecordingConsole c;
    ListKeys k({});
    std::vector<MenuRow> rows = many_rows(2);
    MenuRequest r;
    r.rows = Span<const MenuRow>(rows.data(), rows.size());
    r.initial = 1;
    r.timeout_ms = 2500;
    auto chosen = show_menu(c, k, r);
    ASSERT_TRUE(chosen.ok());
    EXPECT_EQ(*chosen, 1);
    EXPECT_NE(c.frames[0][4].find("(3)"), std::string::npos);  // 2.5 s rounds up
    EXPECT_EQ(c.frames[0][4].rfind(")"), 78u);                 // right-aligned in the row
    EXPECT_EQ(c.frames[0][3].find("("), std::string::npos);    // only on the selected row
}

TEST(UiMenuView, KeyPressStopsCountdownWithoutRetimeout) {
    RecordingConsole c;
    ListKeys k({key::down});
    std::vector<MenuRow> rows = many_rows(3);
    MenuRequest r;
    r.rows = Span<const MenuRow>(rows.data(), rows.size());
    r.timeout_ms = 1000;
    // After the key no countdown runs: the menu waits until the scripted idle is cut short.
    k.keys.push_back(key::none);
    k.keys.push_back(key::enter);
    auto chosen = show_menu(c, k, r);
    ASSERT_TRUE(chosen.ok());
    EXPECT_EQ(*chosen, 1);
    EXPECT_EQ(c.frames.back()[4].find("("), std::string::npos);
}

TEST(UiMenuView, HotkeyOnGapMovesDownAndEscCancels) {
    RecordingConsole c;
    std::vector<MenuRow> rows = {
        {MenuRowKind::item, "A", 0}, {MenuRowKind::gap, "--", 'g'}, {MenuRowKind::item, "B", 0}};
    ListKeys k({'g', key::enter});
    MenuRequest r;
    r.rows = Span<const MenuRow>(rows.data(), rows.size());
    auto chosen = show_menu(c, k, r);
    ASSERT_TRUE(chosen.ok());
    EXPECT_EQ(*chosen, 2);
    ListKeys esc({key::esc});
    auto cancelled = show_menu(c, esc, r);
    ASSERT_FALSE(cancelled.ok());
    EXPECT_EQ(cancelled.error().code, Errc::canceled);
    std::vector<MenuRow> none = {{MenuRowKind::gap, "only a gap", 0}};
    r.rows = Span<const MenuRow>(none.data(), none.size());
    auto empty = show_menu(c, esc, r);
    EXPECT_EQ(empty.error().code, Errc::noent);
}

TEST(UiMenuView, CarteHintsLine) {
    RecordingConsole c;
    ListKeys k({key::enter});
    std::vector<MenuRow> rows = many_rows(1);
    MenuRequest r;
    r.rows = Span<const MenuRow>(rows.data(), rows.size());
    r.show_hints = true;
    r.esc_is_back = true;
    ASSERT_TRUE(show_menu(c, k, r).ok());
    EXPECT_NE(c.frames[0][24].find("Esc: back"), std::string::npos);
}

TEST(UiLineEditor, EditsAndCancels) {
    RecordingConsole c;
    ListKeys k({'x', key::left, key::left, 'A', key::end, key::backspace, key::enter});
    LineEditOptions o;
    o.prompt = "> ";
    o.initial = "ab";
    auto line = edit_line(c, k, o);
    ASSERT_TRUE(line.ok());
    EXPECT_EQ(std::string(line->c_str()), "aAb");
    ListKeys esc({'q', key::esc});
    EXPECT_EQ(edit_line(c, esc, o).error().code, Errc::canceled);
    ListKeys none({});
    o.timeout_ms = 500;
    EXPECT_EQ(edit_line(c, none, o).error().code, Errc::timedout);
}

// Up/Down step through the history and back to the line being typed; edits apply to a recalled
// line; Up stops at the oldest entry.
TEST(UiLineEditor, HistoryRecallsEarlierLines) {
    LineHistory history;
    history.add("echo one");
    history.add("echo two");
    history.add("echo two");  // a repeat of the newest is not stored twice
    history.add("");
    EXPECT_EQ(history.size(), 2u);
    RecordingConsole c;
    LineEditOptions o;
    o.history = &history;
    ListKeys k({'x', key::up, key::up, key::up, key::down, key::enter});
    auto line = edit_line(c, k, o);
    ASSERT_TRUE(line.ok());
    EXPECT_EQ(std::string(line->c_str()), "echo two");
    ListKeys back({'d', 'r', 'a', 'f', 't', key::up, key::down, '!', key::enter});
    line = edit_line(c, back, o);
    ASSERT_TRUE(line.ok());
    EXPECT_EQ(std::string(line->c_str()), "draft!");
    ListKeys edit({key::up, key::backspace, key::backspace, key::backspace, 'o', 'n', 'e', key::enter});
    line = edit_line(c, edit, o);
    ASSERT_TRUE(line.ok());
    EXPECT_EQ(std::string(line->c_str()), "echo one");
    // An edited recalled line keeps its edits when left and come back to (iPXE does the same).
    ListKeys kept(
        {key::up, key::backspace, key::backspace, key::backspace, 'X', key::up, key::down, key::enter});
    line = edit_line(c, kept, o);
    ASSERT_TRUE(line.ok());
    EXPECT_EQ(std::string(line->c_str()), "echo X");
    // The screen: a longer line replaced by a shorter one is blanked to its old end.
    RecordingConsole shown;
    ListKeys longer({'l', 'o', 'n', 'g', 'e', 'r', ' ', 'd', 'r', 'a', 'f', 't', ' ', 't', 'e', 'x', 't',
                     key::up, key::enter});
    ASSERT_TRUE(edit_line(shown, longer, o).ok());
    // 17 characters → 8: the cursor goes home, the new text, 9 blanks, 9 steps back.
    std::string want = std::string(17, '\b') + "echo two" + std::string(9, ' ') + std::string(9, '\b');
    EXPECT_NE(shown.stream.find(want), std::string::npos) << shown.stream;
    ListKeys none({key::up, key::enter});  // no history: Up does nothing
    o.history = nullptr;
    line = edit_line(c, none, o);
    ASSERT_TRUE(line.ok());
    EXPECT_EQ(std::string(line->c_str()), "");
}

TEST(UiLineHistory, KeepsTheNewestWhenFull) {
    LineHistory history;
    for (size_t i = 0; i < LineHistory::kCapacity + 5; ++i) {
        std::string line = "cmd " + std::to_string(i);
        history.add(Str(line.data(), line.size()));
    }
    EXPECT_EQ(history.size(), LineHistory::kCapacity);
    EXPECT_EQ(std::string(history.newest(0).data(), history.newest(0).size()),
              "cmd " + std::to_string(LineHistory::kCapacity + 4));
    Str oldest = history.newest(LineHistory::kCapacity - 1);
    EXPECT_EQ(std::string(oldest.data(), oldest.size()), "cmd 5");
}

}  // namespace
}  // namespace carte
