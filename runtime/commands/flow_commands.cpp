// Flow and helper commands: echo, goto, exit, iseq, isset, sleep, prompt (iPXE: src/core/exec.c;
// goto and prompt in src/image/script.c).
#include "runtime/commands/handlers.h"
#include "runtime/commands/options.h"

namespace carte::commands {

Status echo(Interpreter& in, Span<const Str> argv) {
    const OptionSpec opts[] = {{'n', "n", false}};
    auto a = parse_args(in, argv, opts, 0, kUnlimited);
    if (!a) return a.error();
    String text = join_args(a->positional);
    if (!a->has(0)) (void)text.append("\n");
    in.print(text);
    return {};
}

// `goto <label>`: the jump happens when the command returns (an unknown label gives ENOENT).
Status goto_label(Interpreter& in, Span<const Str> argv) {
    auto a = parse_args(in, argv, {}, 1, 1);
    if (!a) return a.error();
    if (!in.in_script()) {
        in.print("Not in a script\n");
        return Error(Errc::notsup, "not in a script");
    }
    in.request_goto(a->positional[0]);
    return {};
}

// `exit [<status>]` ends the current script only; its caller sees the status.
Status exit(Interpreter& in, Span<const Str> argv) {
    auto a = parse_args(in, argv, {}, 0, 1);
    if (!a) return a.error();
    uint32_t status = 0;
    if (a->positional.size() == 1) {
        auto n = parse_uint(in, a->positional[0]);
        if (!n) return n.error();
        status = *n;
    }
    return Error(Errc::exit_status, nullptr, static_cast<int32_t>(status));
}

Status iseq(Interpreter& in, Span<const Str> argv) {
    auto a = parse_args(in, argv, {}, 2, 2);
    if (!a) return a.error();
    return a->positional[0] == a->positional[1] ? Status() : Status(Errc::range);
}

// Tests the (expanded) string, not whether a setting exists.
Status isset(Interpreter& in, Span<const Str> argv) {
    auto a = parse_args(in, argv, {}, 1, 1);
    if (!a) return a.error();
    return a->positional[0].empty() ? Status(Errc::noent) : Status();
}

// Waits, returning ECANCELED if Ctrl-C is pressed; other keys are swallowed as in iPXE.
static Status wait_ms(Interpreter& in, uint64_t ms) {
    uint64_t deadline = in.now_ms() + ms;
    for (;;) {
        uint64_t now = in.now_ms();
        if (now >= deadline) return {};
        uint64_t left = deadline - now;
        int k = in.read_key(left > 1000 ? 1000 : static_cast<uint32_t>(left));
        if (k == key::ctrl_c) return Error(Errc::canceled);
    }
}

Status sleep(Interpreter& in, Span<const Str> argv) {
    auto a = parse_args(in, argv, {}, 1, 1);
    if (!a) return a.error();
    auto seconds = parse_uint(in, a->positional[0]);
    if (!seconds) return seconds.error();
    return wait_ms(in, static_cast<uint64_t>(*seconds) * 1000);
}

// `prompt [--key k] [--timeout ms] [text]`: any key (or the given one) succeeds, another key
// gives ECANCELED, the timeout ETIMEDOUT; the text is then erased with backspaces.
Status prompt(Interpreter& in, Span<const Str> argv) {
    const OptionSpec opts[] = {{'k', "key", true}, {'t', "timeout", true}};
    auto a = parse_args(in, argv, opts, 0, kUnlimited);
    if (!a) return a.error();
    int want = 0;
    if (a->has(0)) {
        auto k = parse_key(in, a->get(0));
        if (!k) return k.error();
        want = *k;
    }
    uint32_t timeout = 0;
    if (a->has(1)) {
        auto t = parse_uint(in, a->get(1));
        if (!t) return t.error();
        timeout = *t;
    }
    String text = join_args(a->positional);
    in.print(text);
    Status result;
    uint64_t deadline = in.now_ms() + timeout;
    for (;;) {
        uint32_t wait = 1000;
        if (timeout) {
            uint64_t now = in.now_ms();
            if (now >= deadline) {
                result = Error(Errc::timedout);
                break;
            }
            wait = static_cast<uint32_t>(deadline - now);
        }
        int k = in.read_key(wait);
        if (k == key::none) continue;
        if (want && k != want) result = Error(Errc::canceled);
        break;
    }
    String erase;
    for (size_t i = 0; i < text.size(); ++i) (void)erase.append("\b \b");
    in.print(erase);
    return result;
}

}  // namespace carte::commands
