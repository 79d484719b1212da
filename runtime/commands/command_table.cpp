#include "runtime/commands/command_table.h"

#include "runtime/commands/handlers.h"

namespace carte {

namespace {

using namespace commands;

// Usage strings as iPXE prints them (src/core/parseopt.c, print_usage()), plus Carte's --sha256 pin.
#define IMG_OPTS "[--name <name>] [--timeout <timeout>] [--quiet] [--autofree] [--sha256 <hex>]"
const CommandSpec kCommands[] = {
    {"boot", imgexec, "[--autofree] [--replace] " IMG_OPTS " [<uri|image> [<arguments>...]]"},
    {"certfree", certfree, "[--subject <subject>]"},
    {"certstat", certstat, "[--subject <subject>]"},
    {"certstore", certstore, "[--subject <subject>] [--keep] [<uri|image>]"},
    {"chain", imgexec, "[--autofree] [--replace] " IMG_OPTS " [<uri|image> [<arguments>...]]"},
    {"choose", choose,
     "[--menu <menu>] [--default <default>] [--timeout <timeout>] [--retimeout <timeout>] [--keep] "
     "<setting>"},
    {"clear", clear, "<setting>"},
    {"cpuid", cpuid, "[--ext] [--ecx] <bit>"},
    {"dhcp", ifconf, "[--configurator <configurator>] [--timeout <timeout>] [<interface>...]"},
    {"echo", echo, "[-n] [...]"},
    {"exit", exit, "[<status>]"},
    {"goto", goto_label, "<label>"},
    {"help", help, ""},
    {"ifclose", ifclose, "[<interface>...]"},
    {"ifconf", ifconf, "[--configurator <configurator>] [--timeout <timeout>] [<interface>...]"},
    {"ifopen", ifopen, "[<interface>...]"},
    {"ifstat", ifstat, "[<interface>...]"},
    {"imgargs", imgargs, "[--autofree] [--replace] " IMG_OPTS " <uri|image> [<arguments>...]"},
    {"imgexec", imgexec, "[--autofree] [--replace] " IMG_OPTS " [<uri|image> [<arguments>...]]"},
    {"imgfetch", imgfetch, IMG_OPTS " <uri> [<arguments>...]"},
    {"imgfree", imgfree, "[<image>...]"},
    {"imgload", imgselect, IMG_OPTS " <uri|image> [<arguments>...]"},
    {"imgselect", imgselect, IMG_OPTS " <uri|image> [<arguments>...]"},
    {"imgstat", imgstat, "[<image>...]"},
    {"imgtrust", imgtrust, "[--allow] [--permanent]"},
    {"imgverify", imgverify,
     "[--signer <signer>] [--keep] [--timeout <timeout>] [--quiet] <uri|image> <signature uri|image>"},
    {"inc", inc, "<setting> [<increment>]"},
    {"initrd", imgfetch, IMG_OPTS " <uri> [<arguments>...]"},
    {"iseq", iseq, "<value1> <value2>"},
    {"isset", isset, "<value>"},
    {"item", item, "[--menu <menu>] [--key <key>] [--default] [--gap] [<name> [<text>]]"},
    {"kernel", imgselect, IMG_OPTS " <uri|image> [<arguments>...]"},
    {"login", login, ""},
    {"md5sum", md5sum, "[--set <setting>] <image> [<image>...]"},
    {"menu", menu, "[--name <name>] [--delete] [<title>]"},
    {"module", imgfetch, IMG_OPTS " <uri> [<arguments>...]"},
    {"nslookup", nslookup, "<setting> <name>"},
    {"ntp", ntp, "<server>"},
    {"param", param, "[--params <params>] [--header] <key> [<value>]"},
    {"params", params, "[--name <name>] [--delete]"},
    {"ping", ping, "[--size <size>] [--timeout <timeout>] [--count <count>] [--quiet] <host>"},
    {"poweroff", poweroff, ""},
    {"prompt", prompt, "[--key <key>] [--timeout <timeout>] [<text>]"},
    {"read", read, "[--timeout <timeout>] <setting>"},
    {"reboot", reboot, "[--warm]"},
    {"set", set, "<setting> <value>"},
    {"sha1sum", sha1sum, "[--set <setting>] <image> [<image>...]"},
    {"sha256sum", sha256sum, "[--set <setting>] <image> [<image>...]"},
    {"shell", shell, ""},
    {"show", show, "[--quiet] <setting>"},
    {"sleep", sleep, "<seconds>"},
};
#undef IMG_OPTS

}  // namespace

Span<const CommandSpec> builtin_commands() {
    return Span<const CommandSpec>(kCommands);
}

}  // namespace carte
