// cpuid, login, shell, reboot, poweroff, help.
#include "runtime/commands/handlers.h"
#include "runtime/commands/options.h"
#include "runtime/ui/line_editor.h"

namespace carte::commands {

// `cpuid [--ext] [--ecx] <bit>`: success iff the feature bit is set (ENOENT otherwise).
Status cpuid(Interpreter& in, Span<const Str> argv) {
    const OptionSpec opts[] = {{'e', "ext", false}, {'c', "ecx", false}, {0, "amd", false}};
    auto a = parse_args(in, argv, opts, 1, 1);
    if (!a) return a.error();
    auto bit = parse_uint(in, a->positional[0]);
    if (!bit) return bit.error();
    return in.platform().cpuid(a->has(0) || a->has(2), a->has(1), *bit) ? Status() : Status(Errc::noent);
}

// `login`: asks for `username` and `password` (masked) and stores them.
Status login(Interpreter& in, Span<const Str> argv) {
    auto a = parse_args(in, argv, {}, 0, 0);
    if (!a) return a.error();
    LineEditOptions o;
    String user_now;
    (void)in.settings().fetch_text("username", &user_now);
    o.prompt = "Username: ";
    o.initial = user_now;
    auto user = edit_line(in.console(), in, o);
    if (!user) return user.error();
    LineEditOptions p;
    p.prompt = "Password: ";
    p.secret = true;
    auto pass = edit_line(in.console(), in, p);
    if (!pass) return pass.error();
    CARTE_TRY(in.settings().store_text("username", *user));
    return in.settings().store_text("password", *pass);
}

Status shell(Interpreter& in, Span<const Str> argv) {
    auto a = parse_args(in, argv, {}, 0, 0);
    if (!a) return a.error();
    return in.shell();
}

Status reboot(Interpreter& in, Span<const Str> argv) {
    const OptionSpec opts[] = {{'w', "warm", false}, {'s', "setup", false}};
    auto a = parse_args(in, argv, opts, 0, 0);
    if (!a) return a.error();
    Status s = in.platform().reboot(a->has(0));
    if (s.ok()) in.request_halt(0);
    return s;
}

Status poweroff(Interpreter& in, Span<const Str> argv) {
    auto a = parse_args(in, argv, {}, 0, 0);
    if (!a) return a.error();
    Status s = in.platform().poweroff();
    if (s.ok()) in.request_halt(0);
    return s;
}

// `help`: the command names in table order, in columns.
Status help(Interpreter& in, Span<const Str> argv) {
    auto a = parse_args(in, argv, {}, 0, 0);
    if (!a) return a.error();
    String out = String::copy("\nAvailable commands:\n\n");
    size_t col = 0;
    for (const CommandSpec& c : in.commands()) {
        if (col + c.name.size() + 1 > 72) (void)out.append("\n"), col = 0;
        (void)out.append(' ');
        (void)out.append(c.name);
        col += c.name.size() + 1;
    }
    (void)out.append("\n\nType \"<command> --help\" for further information\n\n");
    in.print(out);
    return {};
}

}  // namespace carte::commands
