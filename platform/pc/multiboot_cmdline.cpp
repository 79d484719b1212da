#include "platform/pc/multiboot_cmdline.h"

namespace carte::pc {

namespace {
// "GRUB 2.06", "GRUB 2.12~rc1", a future "GRUB 3.0": GRUB 2 and later pass only the arguments.
bool args_only(Str loader_name) {
    return loader_name.starts_with("GRUB ") && loader_name.size() > 5 && loader_name[5] >= '2' &&
           loader_name[5] <= '9';
}
}  // namespace

Str multiboot_args(Str cmdline, Str loader_name) {
    size_t i = 0;
    if (!args_only(loader_name)) {
        while (i < cmdline.size() && cmdline[i] == ' ') ++i;
        while (i < cmdline.size() && cmdline[i] != ' ') ++i;
    }
    while (i < cmdline.size() && cmdline[i] == ' ') ++i;
    return cmdline.drop(i);
}

}  // namespace carte::pc
