#include "platform/host/host_keys.h"

#include <cstring>

#include "runtime/platform/ansi_keys.h"
#include "runtime/platform/console.h"

namespace carte::host {

namespace {

struct KeyName {
    const char* name;
    int code;
};

constexpr KeyName kNames[] = {
    {"up", key::up},
    {"down", key::down},
    {"left", key::left},
    {"right", key::right},
    {"enter", key::enter},
    {"return", key::enter},
    {"esc", key::esc},
    {"escape", key::esc},
    {"tab", key::tab},
    {"pgdn", key::page_down},
    {"pgup", key::page_up},
    {"pagedown", key::page_down},
    {"pageup", key::page_up},
    {"home", key::home},
    {"end", key::end},
    {"bs", key::backspace},
    {"backspace", key::backspace},
    {"del", key::del},
    {"space", ' '},
    {"comma", ','},
    {"ctrl-c", key::ctrl_c},
    {"ctrl-b", key::ctrl_b},
    {"ctrl-u", 0x15},
    {"ctrl-x", 0x18},
};

}  // namespace

bool parse_key_sequence(const std::string& text, std::vector<int>* keys, std::string* error) {
    size_t i = 0;
    while (i <= text.size()) {
        size_t end = text.find_first_of(", ", i);
        if (end == std::string::npos) end = text.size();
        std::string word = text.substr(i, end - i);
        bool separator_run = end < text.size() && text[end] == ' ';
        if (word.empty()) {
            if (end >= text.size() && i > 0) break;
            if (!separator_run && end < text.size()) {
                *error = "empty key name in '" + text + "'";
                return false;
            }
        } else {
            bool named = false;
            for (const KeyName& k : kNames) {
                if (word == k.name) {
                    keys->push_back(k.code);
                    named = true;
                    break;
                }
            }
            if (!named)
                for (unsigned char c : word) keys->push_back(c);
        }
        if (end >= text.size()) break;
        i = end + 1;
    }
    return true;
}

int decode_terminal_key(std::string* bytes) {
    if (bytes->empty()) return key::none;
    unsigned char c = static_cast<unsigned char>((*bytes)[0]);
    if (c != 0x1b) {
        bytes->erase(0, 1);
        if (c == '\n' || c == '\r') return key::enter;
        if (c == 0x7f) return key::backspace;
        return c;
    }
    if (bytes->size() == 1) {
        bytes->erase(0, 1);
        return key::esc;
    }
    char kind = (*bytes)[1];
    if (kind != '[' && kind != 'O') {
        bytes->erase(0, 1);
        return key::esc;
    }
    // CSI: parameters then a final byte in 0x40..0x7e.
    size_t k = 2;
    while (k < bytes->size() && !is_ansi_final_byte(static_cast<unsigned char>((*bytes)[k]))) ++k;
    if (k >= bytes->size()) return key::none;
    std::string params = bytes->substr(2, k - 2);
    char final = (*bytes)[k];
    bytes->erase(0, k + 1);
    return ansi_sequence_key(Str(params.data(), params.size()), final);
}

}  // namespace carte::host
