#include "platform/firmware/keytest_mode.h"

#include "platform/firmware/kprint.h"
#include "platform/firmware/machine.h"

namespace carte::fw {

bool is_keytest_cmdline(Str cmdline) {
    while (!cmdline.empty() && cmdline[0] == ' ') cmdline = cmdline.drop(1);
    while (!cmdline.empty() && cmdline[cmdline.size() - 1] == ' ')
        cmdline = cmdline.substr(0, cmdline.size() - 1);
    return cmdline == Str("keytest");
}

void run_keytest(Platform& platform) {
    carte_printf("keytest: ready\n");
    for (int k; (k = platform.read_key(60000)) != 'q';) {
        if (k == key::none) {
            carte_printf("keytest: no key within 60 s\n");
            halt_after_failure();
        }
        carte_printf("key: %d\n", k);
    }
    power_off();
}

}  // namespace carte::fw
