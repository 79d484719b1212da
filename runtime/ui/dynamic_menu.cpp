#include "runtime/ui/dynamic_menu.h"

namespace carte {

DynamicMenus::~DynamicMenus() {
    for (DynamicMenu* m : menus_) destroy(m);
}

Result<DynamicMenu*> DynamicMenus::create(Str name, Str title) {
    if (DynamicMenu* old = find(name)) remove(old);
    DynamicMenu* m = make<DynamicMenu>();
    if (!m) return Errc::nomem;
    m->name = String::copy(name);
    m->title = String::copy(title);
    if (!menus_.push(m)) {
        destroy(m);
        return Errc::nomem;
    }
    return m;
}

DynamicMenu* DynamicMenus::find(Str name) const {
    for (DynamicMenu* m : menus_)
        if (m->name == name) return m;
    return nullptr;
}

void DynamicMenus::remove(DynamicMenu* menu) {
    for (size_t i = 0; i < menus_.size(); ++i) {
        if (menus_[i] == menu) {
            menus_.erase(i);
            destroy(menu);
            return;
        }
    }
}

}  // namespace carte
