// Command-line parsing with iPXE's getopt rules: POSIX-style, stops at the first non-option
// argument (no permutation), `--` ends the options, long options match exactly, `--opt=value`
// and `--opt value` both work, short options combine (`-ab`), every command accepts `--help`
// (usage printed, ECANCELED). Too few or too many positional arguments print `Usage:` and give
// ERANGE; an unknown option or a missing value gives EINVAL.
#pragma once
#include "runtime/rt/result.h"
#include "runtime/rt/span.h"
#include "runtime/rt/string.h"
#include "runtime/vm/interpreter.h"

namespace carte {

struct OptionSpec {
    char short_name;  // 0: long only
    Str long_name;
    bool takes_value;
};

constexpr size_t kMaxOptions = 12;
constexpr size_t kUnlimited = static_cast<size_t>(-1);

struct ParsedArgs {
    bool seen[kMaxOptions] = {};
    Str value[kMaxOptions];
    Span<const Str> positional;

    bool has(size_t option) const { return seen[option]; }
    Str get(size_t option) const { return value[option]; }
};

// Parses argv against `options` (indexes into it name the results) and checks the positional
// count. Prints iPXE's messages on failure.
Result<ParsedArgs> parse_args(Interpreter& in, Span<const Str> argv, Span<const OptionSpec> options,
                              size_t min_args, size_t max_args);

// Prints "Usage:\n  <name> <usage>\n" for argv[0].
void print_usage(Interpreter& in, Str name);

// Numbers as iPXE's parse_integer (strtoul base 0: decimal, 0x…, 0… octal, a leading '-' wraps
// modulo 2^32), whole string.
Result<uint32_t> parse_uint(Interpreter& in, Str text);
// A key for --key: one character, or a number (0x02 is Ctrl-B).
Result<int> parse_key(Interpreter& in, Str text);
// Joins arguments with single spaces (iPXE's concat_args).
String join_args(Span<const Str> args);
// iPXE's text for an rc: the errno message, or "Error 0x0000000N" for a plain exit status.
void append_rc_text(String* out, int32_t rc);
// An error as iPXE's commands print it: the rc text, then " (<detail>)" when there is one.
void append_error_text(String* out, const Error& error);

}  // namespace carte
