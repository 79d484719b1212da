#include "runtime/commands/options.h"

namespace carte {

void print_usage(Interpreter& in, Str name) {
    String text = String::copy("Usage:\n  ");
    (void)text.append(name);
    if (const CommandSpec* c = in.find_command(name)) {
        if (!c->usage.empty()) (void)text.append(' '), (void)text.append(c->usage);
    }
    (void)text.append("\n");
    in.print(text);
}

namespace {

Status option_error(Interpreter& in, const char* what, Str option) {
    String text = String::copy(Str::from_cstr(what));
    (void)text.append(" \"");
    (void)text.append(option);
    (void)text.append("\"\n");
    in.print(text);
    return Error(Errc::inval);
}

const OptionSpec* find_long(Span<const OptionSpec> options, Str name, size_t* index) {
    for (size_t i = 0; i < options.size(); ++i)
        if (options[i].long_name == name) return *index = i, &options[i];
    return nullptr;
}

const OptionSpec* find_short(Span<const OptionSpec> options, char c, size_t* index) {
    for (size_t i = 0; i < options.size(); ++i)
        if (options[i].short_name && options[i].short_name == c) return *index = i, &options[i];
    return nullptr;
}

}  // namespace

Result<ParsedArgs> parse_args(Interpreter& in, Span<const Str> argv, Span<const OptionSpec> options,
                              size_t min_args, size_t max_args) {
    ParsedArgs out;
    size_t i = 1;
    while (i < argv.size()) {
        Str arg = argv[i];
        if (arg.size() < 1 || arg[0] != '-') break;  // the first non-option ends the options
        ++i;
        if (arg == "--") break;
        if (arg.starts_with("--")) {
            Str name = arg.drop(2);
            Str value;
            bool inline_value = false;
            size_t eq = name.find('=');
            if (eq != Str::npos) value = name.drop(eq + 1), name = name.substr(0, eq), inline_value = true;
            if (name == "help") {
                print_usage(in, argv[0]);
                return Error(Errc::canceled);
            }
            size_t index;
            const OptionSpec* spec = find_long(options, name, &index);
            if (!spec) return option_error(in, "Unrecognised option", arg).error();
            if (spec->takes_value && !inline_value) {
                if (i >= argv.size()) return option_error(in, "Missing value for option", arg).error();
                value = argv[i++];
            } else if (!spec->takes_value && inline_value) {
                return option_error(in, "Option takes no value:", arg).error();
            }
            out.seen[index] = true;
            out.value[index] = value;
            continue;
        }
        if (arg.size() == 1) return option_error(in, "Unrecognised option", arg).error();  // a lone "-"
        for (size_t k = 1; k < arg.size(); ++k) {
            size_t index;
            const OptionSpec* spec = find_short(options, arg[k], &index);
            if (!spec) return option_error(in, "Unrecognised option", arg.substr(k, 1)).error();
            out.seen[index] = true;
            if (spec->takes_value) {
                if (k + 1 < arg.size()) {
                    out.value[index] = arg.drop(k + 1);
                } else {
                    if (i >= argv.size()) return option_error(in, "Missing value for option", arg).error();
                    out.value[index] = argv[i++];
                }
                break;
            }
        }
    }
    out.positional = argv.subspan(i);
    size_t n = out.positional.size();
    if (n < min_args || (max_args != kUnlimited && n > max_args)) {
        print_usage(in, argv[0]);
        return Error(Errc::range);
    }
    return out;
}

Result<uint32_t> parse_uint(Interpreter& in, Str text) {
    uint64_t v = 0;
    bool negative = false;
    Str whole = text;
    if (!text.empty() && (text[0] == '-' || text[0] == '+')) negative = text[0] == '-', text = text.drop(1);
    size_t i = 0;
    unsigned base = 10;
    if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
        base = 16, i = 2;
    } else if (text.size() > 1 && text[0] == '0') {
        base = 8, i = 1;
    }
    bool ok = i < text.size();
    for (; i < text.size() && ok; ++i) {
        char c = text[i];
        unsigned d = c >= '0' && c <= '9'   ? static_cast<unsigned>(c - '0')
                     : c >= 'a' && c <= 'f' ? static_cast<unsigned>(c - 'a' + 10)
                     : c >= 'A' && c <= 'F' ? static_cast<unsigned>(c - 'A' + 10)
                                            : 99u;
        if (d >= base) ok = false;
        v = v * base + d;
        if (v > 0xffffffffu) ok = false;
    }
    if (!ok) {
        String msg = String::copy("\"");
        (void)msg.append(whole);
        (void)msg.append("\": invalid integer value\n");
        in.print(msg);
        return Error(Errc::inval);
    }
    return negative ? static_cast<uint32_t>(0u - static_cast<uint32_t>(v)) : static_cast<uint32_t>(v);
}

Result<int> parse_key(Interpreter& in, Str text) {
    if (text.size() == 1) return static_cast<int>(static_cast<unsigned char>(text[0]));
    auto n = parse_uint(in, text);
    if (!n) return n.error();
    return static_cast<int>(*n);
}

String join_args(Span<const Str> args) {
    String out;
    for (size_t i = 0; i < args.size(); ++i) {
        if (i) (void)out.append(' ');
        (void)out.append(args[i]);
    }
    return out;
}

void append_rc_text(String* out, int32_t rc) {
    const char* msg = errc_message(static_cast<Errc>(rc));
    if (Str::from_cstr(msg) == "Unknown error") {
        (void)out->append("Error 0x");
        (void)out->append_u64(static_cast<uint32_t>(rc), 16, 8);
    } else {
        (void)out->append(Str::from_cstr(msg));
    }
}

void append_error_text(String* out, const Error& error) {
    append_rc_text(out, status_rc(Status(error)));
    if (error.detail)
        (void)(out->append(" (") && out->append(Str::from_cstr(error.detail)) && out->append(")"));
}

}  // namespace carte
