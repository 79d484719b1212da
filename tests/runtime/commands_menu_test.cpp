// Classic menus: menu / item / choose (iPXE: src/hci/commands/menu_cmd.c, src/hci/tui/menu_ui.c).
#include <gtest/gtest.h>

#include "tests/runtime/vm_harness.h"

namespace carte {
namespace {

using test::Harness;

const char* kMenu =
    "#!ipxe\n"
    "menu Boot menu\n"
    "item --gap -- ---- Installers ----\n"
    "item debian Debian\n"
    "item --key u ubuntu Ubuntu\n"
    "item\n"
    "item shell iPXE shell\n";

std::string script(const std::string& choose) {
    return std::string(kMenu) + choose + "\necho chose ${sel}\n";
}

// Enter picks the first named item; gaps are skipped.
TEST(CommandChoose, EnterPicksFirstItem) {
    Harness h("enter");
    EXPECT_EQ(h.run(script("choose sel")), 0);
    EXPECT_NE(h.out().find("chose debian\n"), std::string::npos) << h.out();
    EXPECT_NE(h.out().find("Boot menu"), std::string::npos);
    EXPECT_NE(h.out().find(">    Debian"), std::string::npos) << h.out();  // highlighted row
}

// Navigation skips separators; a hotkey chooses at once.
TEST(CommandChoose, NavigationAndHotkey) {
    Harness h("down,down,enter");
    EXPECT_EQ(h.run(script("choose sel")), 0);
    EXPECT_NE(h.out().find("chose shell\n"), std::string::npos) << h.out();
    Harness h2("u");
    EXPECT_EQ(h2.run(script("choose sel")), 0);
    EXPECT_NE(h2.out().find("chose ubuntu\n"), std::string::npos);
}

// Tab moves down with wrap; Down does not wrap.
TEST(CommandChoose, TabWraps) {
    Harness h("tab,tab,tab,enter");
    EXPECT_EQ(h.run(script("choose sel")), 0);
    EXPECT_NE(h.out().find("chose debian\n"), std::string::npos) << h.out();
    Harness h2("down,down,down,down,enter");
    EXPECT_EQ(h2.run(script("choose sel")), 0);
    EXPECT_NE(h2.out().find("chose shell\n"), std::string::npos);
}

// Esc returns ECANCELED (the `|| goto cancel` idiom).
TEST(CommandChoose, EscCancels) {
    Harness h("esc");
    EXPECT_EQ(h.run(script("choose sel || echo cancelled")), 0);
    EXPECT_NE(h.out().find("cancelled\n"), std::string::npos);
    EXPECT_EQ(h.setting("sel"), "<unset>");
}

// --default overrides item --default; the last item --default wins, an unknown
// --default picks the first item.
TEST(CommandChoose, Defaults) {
    Harness h("enter");
    EXPECT_EQ(h.run("#!ipxe\nmenu\nitem --default a A\nitem b B\nitem --default c C\nchoose s\necho ${s}\n"),
              0);
    EXPECT_NE(h.out().find("\nc\n"), std::string::npos) << h.out();
    Harness h2("enter");
    EXPECT_EQ(h2.run(script("choose --default ubuntu sel")), 0);
    EXPECT_NE(h2.out().find("chose ubuntu\n"), std::string::npos);
    Harness h3("enter");
    EXPECT_EQ(h3.run(script("choose --default nosuch sel")), 0);
    EXPECT_NE(h3.out().find("chose debian\n"), std::string::npos);
}

// The timeout chooses the selection; the countdown `(N)` shows on the selected row.
TEST(CommandChoose, TimeoutChoosesDefault) {
    Harness h;
    EXPECT_EQ(h.run(script("choose --timeout 3000 --default shell sel")), 0);
    EXPECT_NE(h.out().find("chose shell\n"), std::string::npos) << h.out();
    EXPECT_NE(h.out().find("(3)"), std::string::npos);
    EXPECT_NE(h.out().find("(1)"), std::string::npos);
}

// --retimeout (iPXE PR #1413): a key press restarts the countdown instead of stopping it.
TEST(CommandChoose, RetimeoutRestartsCountdown) {
    Harness h("down");
    EXPECT_EQ(h.run(script("choose --timeout 3000 --retimeout 2000 sel")), 0);
    EXPECT_NE(h.out().find("chose ubuntu\n"), std::string::npos) << h.out();
}

// A menu with no named items gives ENOENT; choose destroys the menu unless --keep.
TEST(CommandChoose, NoItemsAndKeep) {
    Harness h;
    EXPECT_EQ(h.run("#!ipxe\nmenu Empty\nitem --gap x\nchoose s\n"), static_cast<int32_t>(Errc::noent));
    Harness h2("enter,enter");
    EXPECT_EQ(
        h2.run("#!ipxe\nmenu --name m T\nitem --menu m a A\nchoose --menu m --keep s\nchoose --menu m t\n"
               "choose --menu m u || echo destroyed\n"),
        0);
    EXPECT_EQ(h2.setting("t"), "a");
    EXPECT_NE(h2.out().find("destroyed\n"), std::string::npos) << h2.out();
}

// `item` into a missing menu fails; menu --delete removes it.
TEST(CommandMenu, MissingAndDelete) {
    Harness h;
    EXPECT_EQ(h.run("#!ipxe\nitem --menu nosuch a A || echo no-menu\nmenu --name m\nmenu --name m --delete\n"
                    "item --menu m x X || echo deleted\n"),
              0);
    EXPECT_NE(h.out().find("no-menu\n"), std::string::npos);
    EXPECT_NE(h.out().find("deleted\n"), std::string::npos);
}

}  // namespace
}  // namespace carte
