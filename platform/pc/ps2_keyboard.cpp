#include "platform/pc/ps2_keyboard.h"

#include "drivers/hw/hw.h"
#include "runtime/platform/console.h"

namespace carte::pc {

namespace {
constexpr uint16_t kData = 0x60, kStatus = 0x64;
constexpr uint8_t kOutputFull = 0x01, kFromMouse = 0x20;

// Set 1 make codes 0x00-0x39 to characters, unshifted and shifted.
constexpr char kPlain[] = "\0\0331234567890-=\b\tqwertyuiop[]\r\0asdfghjkl;'`\0\\zxcvbnm,./\0*\0 ";
constexpr char kShifted[] = "\0\033!@#$%^&*()_+\b\tQWERTYUIOP{}\r\0ASDFGHJKL:\"~\0|ZXCVBNM<>?\0*\0 ";
static_assert(sizeof(kPlain) == 0x3a + 1 && sizeof(kShifted) == 0x3a + 1, "one entry per make code");

bool g_shift = false, g_ctrl = false, g_extended = false;

int navigation_key(uint8_t code) {
    switch (code) {
        case 0x48:
            return key::up;
        case 0x50:
            return key::down;
        case 0x4b:
            return key::left;
        case 0x4d:
            return key::right;
        case 0x47:
            return key::home;
        case 0x4f:
            return key::end;
        case 0x49:
            return key::page_up;
        case 0x51:
            return key::page_down;
        case 0x53:
            return key::del;
        case 0x1c:
            return key::enter;  // keypad Enter (E0 1C)
        default:
            return key::none;
    }
}
}  // namespace

int ps2_poll_key() {
    for (int budget = 0; budget < 16; ++budget) {
        uint8_t status = hw::inb(kStatus);
        if (status == 0xff || !(status & kOutputFull)) return key::none;  // no controller or no byte
        uint8_t code = hw::inb(kData);
        if (status & kFromMouse) continue;
        if (code == 0xe0) {
            g_extended = true;
            continue;
        }
        bool extended = g_extended;
        g_extended = false;
        bool release = code & 0x80;
        code &= 0x7f;
        if (code == 0x2a || code == 0x36) {
            g_shift = !release;
            continue;
        }
        if (code == 0x1d) {
            g_ctrl = !release;
            continue;
        }
        if (release) continue;
        int nav = navigation_key(code);
        if (nav != key::none && (extended || code != 0x1c)) return nav;
        if (code >= sizeof(kPlain) - 1) continue;
        char c = (g_shift ? kShifted : kPlain)[code];
        if (!c) continue;
        if (g_ctrl && c >= 'a' && c <= 'z') return c - 'a' + 1;  // Ctrl-B, Ctrl-C, …
        if (g_ctrl && c >= 'A' && c <= 'Z') return c - 'A' + 1;
        return static_cast<unsigned char>(c);
    }
    return key::none;
}

}  // namespace carte::pc
