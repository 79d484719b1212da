// Classic iPXE menus (`menu`, `item`, `choose`): named, built item by item, shown by `choose`
// and destroyed afterwards unless --keep. Creating a menu with an existing name (or the unnamed
// default menu again) replaces the old one.
#pragma once
#include "runtime/rt/result.h"
#include "runtime/rt/string.h"
#include "runtime/rt/vec.h"

namespace carte {

struct DynamicItem {
    String name;  // empty: a gap (separator), which cannot be chosen
    String text;
    int key = 0;
    bool is_default = false;
};

struct DynamicMenu {
    String name;  // "" for the default menu
    String title;
    Vec<DynamicItem> items;
};

class DynamicMenus {
  public:
    DynamicMenus() = default;
    DynamicMenus(const DynamicMenus&) = delete;
    DynamicMenus& operator=(const DynamicMenus&) = delete;
    ~DynamicMenus();

    // Creates a menu, destroying any menu with the same name first.
    Result<DynamicMenu*> create(Str name, Str title);
    DynamicMenu* find(Str name) const;
    void remove(DynamicMenu* menu);

  private:
    Vec<DynamicMenu*> menus_;
};

}  // namespace carte
