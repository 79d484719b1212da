#include "platform/firmware/shell_hotkey.h"

#include "runtime/platform/console.h"

namespace carte::fw {

int ShellHotkey::filter(int k, uint64_t now_ms) {
    if (requested_) return key::ctrl_c;
    if (k == key::ctrl_b && deadline_ms_ && now_ms < deadline_ms_) {
        requested_ = true;
        return key::ctrl_c;
    }
    return k;
}

void ShellHotkey::early_key(int k) {
    if (k == key::ctrl_b && deadline_ms_) requested_ = true;
}

bool ShellHotkey::take() {
    bool asked = requested_;
    requested_ = false;
    deadline_ms_ = 0;
    return asked;
}

}  // namespace carte::fw
