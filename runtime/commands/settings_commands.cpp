// Settings commands: set, clear, show, read, inc (iPXE: src/hci/commands/nvo_cmd.c).
#include "runtime/commands/handlers.h"
#include "runtime/commands/options.h"
#include "runtime/ui/line_editor.h"

namespace carte::commands {

namespace {

Status report(Interpreter& in, const char* what, Str name, const Status& s) {
    if (s.ok()) return s;
    String msg = String::copy(Str::from_cstr(what));
    (void)msg.append(" \"");
    (void)msg.append(name);
    (void)msg.append("\": ");
    append_rc_text(&msg, status_rc(s));
    (void)msg.append("\n");
    in.print(msg);
    return s;
}

}  // namespace

// `set <setting> <value...>`: the value is the remaining arguments joined by single spaces; an
// empty value deletes the setting.
Status set(Interpreter& in, Span<const Str> argv) {
    auto a = parse_args(in, argv, {}, 1, kUnlimited);
    if (!a) return a.error();
    String value = join_args(a->positional.subspan(1));
    return report(in, "Could not store", a->positional[0], in.settings().store_text(a->positional[0], value));
}

Status clear(Interpreter& in, Span<const Str> argv) {
    auto a = parse_args(in, argv, {}, 1, 1);
    if (!a) return a.error();
    return report(in, "Could not clear", a->positional[0], in.settings().erase(a->positional[0]));
}

// `show <setting>` prints `scope/name:type = value`; --quiet only the value.
Status show(Interpreter& in, Span<const Str> argv) {
    const OptionSpec opts[] = {{'q', "quiet", false}};
    auto a = parse_args(in, argv, opts, 1, 1);
    if (!a) return a.error();
    String out;
    Status s = a->has(0) ? in.settings().fetch_text(a->positional[0], &out)
                         : in.settings().describe(a->positional[0], &out);
    if (!s.ok()) return report(in, "Could not find", a->positional[0], s);
    (void)out.append("\n");
    in.print(out);
    return {};
}

// `read [--timeout ms] <setting>`: a line editor pre-filled with the current value.
Status read(Interpreter& in, Span<const Str> argv) {
    const OptionSpec opts[] = {{'t', "timeout", true}};
    auto a = parse_args(in, argv, opts, 1, 1);
    if (!a) return a.error();
    LineEditOptions o;
    if (a->has(0)) {
        auto t = parse_uint(in, a->get(0));
        if (!t) return t.error();
        o.timeout_ms = *t;
    }
    String current;
    (void)in.settings().fetch_text(a->positional[0], &current);
    o.initial = current;
    auto line = edit_line(in.console(), in, o);
    if (!line) return line.error();
    return report(in, "Could not store", a->positional[0], in.settings().store_text(a->positional[0], *line));
}

// `inc <setting> [<increment>]`: a missing setting counts as 0 (stored as int32); the increment
// is parsed as unsigned (strtoul), so `inc n -1` wraps and decrements.
Status inc(Interpreter& in, Span<const Str> argv) {
    auto a = parse_args(in, argv, {}, 1, 2);
    if (!a) return a.error();
    uint32_t increment = 1;
    if (a->positional.size() == 2) {
        auto n = parse_uint(in, a->positional[1]);
        if (!n) return n.error();
        increment = *n;
    }
    Str name = a->positional[0];
    int64_t value = 0;
    auto current = in.settings().fetch_number(name);
    if (current) {
        value = *current;
    } else if (current.error().code != Errc::noent) {
        return report(in, "Could not increment", name, current.error());
    }
    int32_t next = static_cast<int32_t>(static_cast<uint32_t>(value) + increment);
    return report(in, "Could not store", name, in.settings().store_number(name, next));
}

}  // namespace carte::commands
