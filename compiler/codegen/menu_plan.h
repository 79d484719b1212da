// Decisions every back-end shares about a checked catalogue: which menu is the entry, which is
// each submenu's parent (the target of Esc and of the generated "back" item), and that back
// item's id. Computing them once keeps bytecode and `--emit ipxe` equivalent.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "compiler/ir/ir.h"

namespace carte::codegen {

struct MenuPlan {
    size_t entry = 0;                     // index into Catalogue::menus
    std::vector<int> parent;              // per menu: index of its parent, -1 for the entry / no parent
    std::vector<std::string> back_id;     // per menu: id of the generated back item, empty if none
    std::map<std::string, size_t> index;  // menu id -> index
};

// The parent of a menu is the first menu (in catalogue order, entry first) whose item opens it.
MenuPlan plan_menus(const ir::Catalogue& cat);

constexpr const char* kBackLabel = "Back";

// "${platform}" for a bare setting name, the text itself when it is already a reference.
std::string setting_ref(const std::string& left);

}  // namespace carte::codegen
