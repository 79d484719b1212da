#include "compiler/ipxe_lint/ipxe_commands.h"

#include <unordered_map>

namespace carte::ipxe_lint {
namespace {

// Option groups shared by several commands (one iPXE parser each).
#define IMG_FETCH_OPTS "name= timeout= autofree quiet"
#define IMG_EXEC_OPTS "name= timeout= autofree quiet replace"

const std::vector<CommandSpec>& table() {
    static const std::vector<CommandSpec> t = {
        // Image (image_cmd.c and friends)
        {"imgfetch", IMG_FETCH_OPTS, 1, kUnlimited,
         "imgfetch [--name <name>] [--timeout <ms>] [--autofree] <uri> [<arguments>...]"},
        {"module", IMG_FETCH_OPTS, 1, kUnlimited,
         "module [--name <name>] [--timeout <ms>] [--autofree] <uri> [<arguments>...]"},
        {"initrd", IMG_FETCH_OPTS, 1, kUnlimited,
         "initrd [--name <name>] [--timeout <ms>] [--autofree] <uri> [<arguments>...]"},
        {"imgselect", IMG_FETCH_OPTS, 1, kUnlimited,
         "imgselect [--name <name>] [--timeout <ms>] [--autofree] <uri|image> [<arguments>...]"},
        {"imgload", IMG_FETCH_OPTS, 1, kUnlimited,
         "imgload [--name <name>] [--timeout <ms>] [--autofree] <uri|image> [<arguments>...]"},
        {"kernel", IMG_FETCH_OPTS, 1, kUnlimited,
         "kernel [--name <name>] [--timeout <ms>] [--autofree] <uri|image> [<arguments>...]"},
        {"imgexec", IMG_EXEC_OPTS, 0, kUnlimited,
         "imgexec [--autofree] [--replace] [<uri|image> [<arguments>...]]"},
        {"chain", IMG_EXEC_OPTS, 0, kUnlimited,
         "chain [--autofree] [--replace] [<uri|image> [<arguments>...]]"},
        {"boot", IMG_EXEC_OPTS, 0, kUnlimited,
         "boot [--autofree] [--replace] [<uri|image> [<arguments>...]]"},
        {"imgargs", "", 1, kUnlimited, "imgargs <uri|image> [<arguments>...]"},
        {"imgstat", "", 0, kUnlimited, "imgstat [<image>...]"},
        {"imgfree", "", 0, kUnlimited, "imgfree [<image>...]"},
        {"imgverify", "signer= keep timeout= quiet", 2, 2,
         "imgverify [--signer <signer>] [--keep] <uri|image> <signature uri|image>"},
        {"imgtrust", "allow permanent", 0, 0, "imgtrust [--allow] [--permanent]"},
        {"imgextract", "name= keep timeout= quiet", 1, 1, "imgextract [--name <name>] [--keep] <uri|image>"},
        {"imgdecrypt", "name= keep timeout= quiet", 2, 2,
         "imgdecrypt [--name <name>] [--keep] <uri|image> <envelope uri|image>"},
        {"imgset", "keep timeout= quiet", 2, 2, "imgset [--keep] <setting> <uri|image>"},
        {"imgmem", "name=", 2, 2, "imgmem [--name <name>] <address> <length>"},
        {"shim", "timeout= quiet require-loader/l allow-pxe/p allow-sbat/s", 0, 1,
         "shim [--require-loader] [--allow-pxe] [--allow-sbat] [<uri|image>]"},
        {"fdt", "timeout= quiet", 0, 1, "fdt [<uri>]"},
        {"md4sum", "set=", 1, kUnlimited, "md4sum [--set <setting>] <image> [<image>...]"},
        {"md5sum", "set=", 1, kUnlimited, "md5sum [--set <setting>] <image> [<image>...]"},
        {"sha1sum", "set=", 1, kUnlimited, "sha1sum [--set <setting>] <image> [<image>...]"},
        {"sha224sum", "set=", 1, kUnlimited, "sha224sum [--set <setting>] <image> [<image>...]"},
        {"sha256sum", "set=", 1, kUnlimited, "sha256sum [--set <setting>] <image> [<image>...]"},
        {"sha384sum", "set=", 1, kUnlimited, "sha384sum [--set <setting>] <image> [<image>...]"},
        {"sha512sum", "set=", 1, kUnlimited, "sha512sum [--set <setting>] <image> [<image>...]"},
        // Network (ifmgmt_cmd.c, dhcp_cmd.c, …)
        {"dhcp", "configurator= timeout=", 0, kUnlimited,
         "dhcp [--configurator dhcp|ipv6] [--timeout <ms>] [<interface>...]"},
        {"ifconf", "configurator= timeout=", 0, kUnlimited,
         "ifconf [--configurator dhcp|ipv6] [--timeout <ms>] [<interface>...]"},
        {"ifopen", "", 0, kUnlimited, "ifopen [<interface>...]"},
        {"ifclose", "", 0, kUnlimited, "ifclose [<interface>...]"},
        {"ifstat", "", 0, kUnlimited, "ifstat [<interface>...]"},
        {"iflinkwait", "timeout=", 0, kUnlimited, "iflinkwait [--timeout <ms>] [<interface>...]"},
        {"autoboot", "", 0, kUnlimited, "autoboot [<interface>...]"},
        {"pxebs", "", 2, 2, "pxebs <interface> <server type>"},
        {"route", "", 0, 0, "route"},
        {"ntp", "", 1, 1, "ntp <server>"},
        {"nslookup", "", 2, 2, "nslookup <setting> <name>"},
        {"ping", "size= timeout= count= quiet", 1, 1,
         "ping [--size <size>] [--timeout <ms>] [--count <count>] [--quiet] <host>"},
        {"vcreate", "tag= priority=", 1, 1, "vcreate --tag <tag> [--priority <priority>] <trunk interface>"},
        {"vdestroy", "", 1, 1, "vdestroy <VLAN interface>"},
        {"ipstat", "", 0, 0, "ipstat"},
        {"nstat", "", 0, 0, "nstat"},
        {"iwstat", "", 0, kUnlimited, "iwstat [<interface>...]"},
        {"iwlist", "", 0, kUnlimited, "iwlist [<interface>...]"},
        {"ibstat", "", 0, 0, "ibstat"},
        {"fcstat", "", 0, 0, "fcstat"},
        {"fcels", "port= id=", 1, 1, "fcels [--port <port>] [--id <peer port id>] <request>"},
        {"lotest", "mtu= broadcast", 2, 2,
         "lotest [--mtu <mtu>] [--broadcast] <sending interface> <receiving interface>"},
        {"startpxe", "", 0, 1, "startpxe [<interface>]"},
        {"stoppxe", "", 0, 0, "stoppxe"},
        // Settings (nvo_cmd.c, config_cmd.c)
        {"set", "", 1, kUnlimited, "set <setting> <value>"},
        {"clear", "", 1, 1, "clear <setting>"},
        {"read", "timeout=", 1, 1, "read [--timeout <ms>] <setting>"},
        {"show", "quiet", 1, 1, "show [--quiet] <setting>"},
        {"inc", "", 1, 2, "inc <setting> [<increment>]"},
        {"config", "", 0, 1, "config [<scope>]"},
        {"pciscan", "", 1, 1, "pciscan <setting>"},
        {"usbscan", "", 1, 1, "usbscan <setting>"},
        // Menus, forms, login (dynui_cmd.c, login_cmd.c)
        {"menu", "name= delete", 0, kUnlimited, "menu [--name <name>] [--delete] [<title>]"},
        {"form", "name= delete", 0, kUnlimited, "form [--name <name>] [--delete] [<title>]"},
        {"item", "menu= form= key= default secret gap", 0, kUnlimited,
         "item [--menu|--form <name>] [--key <key>] [--default] [--secret] [--gap] [<name> [<text>]]"},
        {"choose", "menu= default= timeout= retimeout= keep", 1, 1,
         "choose [--menu <name>] [--default <item>] [--timeout <ms>] [--retimeout <ms>] [--keep] <setting>"},
        {"present", "form= keep", 0, 0, "present [--form <name>] [--keep]"},
        {"login", "", 0, 0, "login"},
        // Flow (src/core/exec.c, src/image/script.c)
        {"goto", "", 1, 1, "goto <label>"},
        {"exit", "", 0, 1, "exit [<status>]"},
        {"iseq", "", 2, 2, "iseq <value1> <value2>"},
        {"isset", "", 1, 1, "isset <value>"},
        {"prompt", "key= timeout=", 0, kUnlimited, "prompt [--key <key>] [--timeout <ms>] [<text>]"},
        {"sleep", "", 1, 1, "sleep <seconds>"},
        {"echo", "n", 0, kUnlimited, "echo [-n] [...]"},
        {"shell", "", 0, 0, "shell"},
        {"help", "", 0, 0, "help"},
        {"time", "", 1, kUnlimited, "time <command>"},
        {"sync", "timeout=", 0, 0, "sync [--timeout <ms>]"},
        // SAN (sanboot_cmd.c)
        {"sanboot", "drive= no-describe keep filename= extra= label= uuid=", 0, kUnlimited,
         "sanboot [--drive <drive>] [--no-describe] [--keep] [--filename <filename>] [--extra <path>] "
         "[--label <label>] [--uuid <uuid>] [<root-path>...]"},
        {"sanhook", "drive= no-describe", 1, kUnlimited,
         "sanhook [--drive <drive>] [--no-describe] <root-path>..."},
        {"sanunhook", "drive=", 0, 0, "sanunhook [--drive <drive>]"},
        // Misc
        {"reboot", "warm setup", 0, 0, "reboot [--warm] [--setup]"},
        {"poweroff", "", 0, 0, "poweroff"},
        {"cpuid", "ext ecx/c amd", 1, 1, "cpuid [--ext] [--ecx] <bit>"},
        {"params", "name= method= delete", 0, 0, "params [--name <name>] [--method <method>] [--delete]"},
        {"param", "params= header/H", 1, 2, "param [--params <name>] [--header] <key> [<value>]"},
        {"certstat", "subject=", 0, 0, "certstat [--subject <subject>]"},
        {"certstore", "subject= keep", 0, 1, "certstore [--subject <subject>] [--keep] [<uri|image>]"},
        {"certfree", "subject=", 0, 0, "certfree [--subject <subject>]"},
        {"console", "x= y= left= right= top= bottom= depth= picture= keep", 0, 0,
         "console [--x <x>] [--y <y>] [--left <l>] [--right <r>] [--top <t>] [--bottom <b>] [--depth <d>] "
         "[--picture <uri>] [--keep]"},
        {"colour", "basic= rgb=", 1, 1, "colour [--basic <colour>] [--rgb <0xRRGGBB>] <colour>"},
        {"cpair", "foreground= background=", 1, 1,
         "cpair [--foreground <colour>] [--background <colour>] <cpair>"},
        {"gdbstub", "", 1, kUnlimited, "gdbstub <transport> [<options>...]"},
        {"profstat", "", 0, 0, "profstat"},
    };
    return t;
}

#undef IMG_FETCH_OPTS
#undef IMG_EXEC_OPTS

}  // namespace

std::vector<OptionSpec> CommandSpec::options() const {
    std::vector<OptionSpec> out;
    std::string_view rest = option_list;
    while (!rest.empty()) {
        size_t sp = rest.find(' ');
        std::string_view item = rest.substr(0, sp);
        rest = sp == std::string_view::npos ? std::string_view() : rest.substr(sp + 1);
        if (item.empty()) continue;
        OptionSpec o{};
        o.takes_value = item.back() == '=';
        if (o.takes_value) item.remove_suffix(1);
        size_t slash = item.find('/');
        o.name = std::string(item.substr(0, slash));
        o.short_name = slash != std::string_view::npos && slash + 1 < item.size() ? item[slash + 1] : item[0];
        out.push_back(std::move(o));
    }
    return out;
}

namespace {

// Name → index, built once: pciids.ipxe alone has ~48,000 commands to look up.
const std::unordered_map<std::string_view, size_t>& index() {
    static const std::unordered_map<std::string_view, size_t> idx = [] {
        std::unordered_map<std::string_view, size_t> m;
        for (size_t i = 0; i < table().size(); ++i) m.emplace(table()[i].name, i);
        return m;
    }();
    return idx;
}

}  // namespace

const CommandSpec* find_command(std::string_view name) {
    auto it = index().find(name);
    return it == index().end() ? nullptr : &table()[it->second];
}

const std::vector<OptionSpec>& options_of(const CommandSpec& c) {
    static const std::vector<std::vector<OptionSpec>> all = [] {
        std::vector<std::vector<OptionSpec>> v;
        for (const CommandSpec& spec : table()) v.push_back(spec.options());
        return v;
    }();
    return all[static_cast<size_t>(&c - table().data())];
}

const std::vector<CommandSpec>& all_commands() {
    return table();
}

std::vector<std::string> command_names() {
    std::vector<std::string> names;
    for (const CommandSpec& c : table()) names.emplace_back(c.name);
    return names;
}

}  // namespace carte::ipxe_lint
