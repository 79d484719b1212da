#include "compiler/ipxe_lint/ipxe_lint.h"

#include <fmt/format.h>

#include <set>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "compiler/diag/suggest.h"
#include "compiler/ipxe_lint/ipxe_commands.h"
#include "runtime/bytecode/opcode.h"
#include "runtime/script/line_parser.h"
#include "runtime/script/line_reader.h"
#include "runtime/script/script_header.h"

namespace carte::ipxe_lint {
namespace {

using diag::Severity;
using diag::SourceSpan;
using script::Command;
using script::Joiner;
using script::LineReader;
using script::ParsedLine;
using script::ScriptLine;
using script::Token;

std::string_view sv(Str s) {
    return std::string_view(s.data(), s.size());
}
std::string str(Str s) {
    return std::string(s.data(), s.size());
}
bool has_expansion(std::string_view s) {
    return s.find("${") != std::string_view::npos;
}

// What a command can leave behind for the rest of its line (a small abstract interpretation
// used to find lines that can never run).
enum Outcome : unsigned { kNone = 0, kOk = 1, kFail = 2, kEither = 3 };

std::string plural(int n, const char* word) {
    return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

class Linter {
  public:
    Linter(const std::string& path, const std::string& text, diag::DiagnosticSink& sink)
        : path_(path), text_(text.data(), text.size()), sink_(sink) {}

    void run() {
        if (!script::is_script(text_))
            sink_.error(
                "ipxe-no-header", SourceSpan{path_, 1, 1, 1, 1},
                "not an iPXE script: the first line must be '#!ipxe'",
                "iPXE runs a file as a script only if it starts with '#!ipxe' (or '#!gpxe') and whitespace");
        collect_labels();
        check_lines();
    }

  private:
    SourceSpan span(const ScriptLine& l, size_t offset, size_t length) const {
        SourceSpan s;
        s.file = path_;
        LineReader::position(l, offset, &s.line, &s.col);
        LineReader::position(l, offset + (length ? length - 1 : 0), &s.end_line, &s.end_col);
        return s;
    }
    SourceSpan span(const ScriptLine& l, const Token& t) const { return span(l, t.offset, t.text.size()); }
    // From the first word of a command to its last (or a point, for the empty command).
    SourceSpan span(const ScriptLine& l, const ParsedLine& p, const Command& c) const {
        if (c.count == 0) return span(l, c.offset, 0);
        Token last = p.word(c, c.count - 1);
        return span(l, c.offset, last.offset + last.text.size() - c.offset);
    }

    // Pass 1: every `:label`, first definition wins (as iPXE's top-down scan does).
    void collect_labels() {
        LineReader reader(text_);
        ScriptLine l;
        while (reader.next(&l)) {
            if (l.broken || !script::parse_line(l.text, &parsed_) || !parsed_.has_label) continue;
            std::string name = str(parsed_.label);
            SourceSpan s = span(l, parsed_.label_offset, parsed_.label.size() + 1);
            auto [it, inserted] = labels_.emplace(name, s);
            if (inserted) {
                label_set_.insert(name);
                continue;
            }
            sink_.warning("ipxe-duplicate-label", s, fmt::format("label '{}' is defined again", name),
                          "goto always lands on the first definition, so this one is never reached by goto");
            sink_.report(diag::Diagnostic{
                Severity::Note, "ipxe-duplicate-label", "first defined here", it->second, {}});
        }
    }

    // Pass 2: each line's commands, and reachability from one line to the next.
    void check_lines() {
        LineReader reader(text_);
        ScriptLine l;
        bool reachable = true, reported = false;
        uint32_t ended_at = 0;
        while (reader.next(&l)) {
            if (l.broken) {
                uint32_t line = 0, col = 0;
                LineReader::position(l, l.text.size(), &line, &col);
                sink_.error("ipxe-broken-continuation", SourceSpan{path_, line, col, line, col},
                            "the last line ends with '\\', so iPXE fails the script here without running it",
                            "remove the trailing backslash or add the line it continues to");
                return;
            }
            if (!script::parse_line(l.text, &parsed_)) return;
            if (parsed_.has_label) reachable = true, reported = false;
            if (parsed_.commands.empty()) continue;
            if (!reachable && !reported) {
                const Command& first = parsed_.commands[0];
                sink_.warning(
                    "ipxe-unreachable", span(l, parsed_, first),
                    fmt::format("this line can never run: line {} always jumps away or ends the script, "
                                "and no label comes in between",
                                ended_at),
                    pitfall_line_ ? "operators have no precedence: on line " + std::to_string(ended_at) +
                                        ", 'a || b && c' runs c when a succeeds"
                                  : "add a label before it, or remove it");
                reported = true;
            }
            unsigned states = kNone;
            for (const Command& c : parsed_.commands) {
                unsigned result = check_command(l, c);
                switch (c.joiner) {
                    case Joiner::First:
                        states = result;
                        break;
                    case Joiner::Or:
                        states = (states & kOk) | ((states & kFail) ? result : kNone);
                        break;
                    case Joiner::And:
                        states = (states & kFail) | ((states & kOk) ? result : kNone);
                        break;
                    case Joiner::Semicolon:
                        states = states ? result : kNone;
                        break;
                }
            }
            if (reachable && !(states & kOk)) {
                reachable = false, ended_at = l.line;
                pitfall_line_ = has_or_then_and();
            }
        }
    }

    // `a || b && c`: the classic surprise (docs/ipxe-scripts.md, "Operators: left to right, no
    // precedence"), worth naming in a hint.
    bool has_or_then_and() const {
        bool seen_or = false;
        for (const Command& c : parsed_.commands) {
            if (c.joiner == Joiner::Or) seen_or = true;
            if (c.joiner == Joiner::And && seen_or) return true;
        }
        return false;
    }

    // Checks one command and returns what it can leave in rc for the rest of the line.
    unsigned check_command(const ScriptLine& l, const Command& c) {
        for (uint32_t i = 0; i < c.count; ++i) check_expansion(l, parsed_.word(c, i));
        if (c.count == 0) return kOk;
        if (c.count > bc::kMaxExecArgs)
            sink_.error("ipxe-too-many-words", span(l, parsed_, c),
                        fmt::format("this command has {} words; Carte runs commands of at most {}", c.count,
                                    bc::kMaxExecArgs),
                        "iPXE has no such limit, but Carte's runtime cannot translate this script");
        Token name = parsed_.word(c, 0);
        std::string_view cmd = sv(name.text);
        if (has_expansion(cmd)) return kEither;  // the command name is only known at boot time
        const CommandSpec* spec = find_command(cmd);
        if (!spec) {
            report_unknown_command(l, name);
            return kFail;
        }
        int positional = 0;
        uint32_t first_positional = 0;
        if (!check_options(l, c, *spec, &positional, &first_positional)) return kFail;
        if (!check_arity(l, c, *spec, positional)) return kFail;
        if (cmd == "goto") {
            check_goto_target(l, parsed_.word(c, first_positional));
            return kFail;  // either it jumps away, or it fails (unknown label)
        }
        if (cmd == "exit") return kNone;  // ends the script
        return kEither;
    }

    void report_unknown_command(const ScriptLine& l, const Token& name) {
        std::string word = str(name.text), hint;
        std::string lower = word;
        for (char& ch : lower) ch = static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
        if (lower != word && find_command(lower))
            hint = fmt::format("command names are case-sensitive: did you mean '{}'?", lower);
        else
            hint = diag::did_you_mean(word, command_names());
        sink_.error("ipxe-unknown-command", span(l, name), fmt::format("unknown command '{}'", word), hint);
    }

    // iPXE's getopt: options only before the first positional argument; `--` ends them;
    // `--opt=value` or `--opt value`; bundled short options (`-ar`); every command takes --help.
    bool check_options(const ScriptLine& l, const Command& c, const CommandSpec& spec, int* positional,
                       uint32_t* first_positional) {
        const std::vector<OptionSpec>& opts = options_of(spec);
        auto find_long = [&](std::string_view n) -> const OptionSpec* {
            for (const OptionSpec& o : opts)
                if (o.name == n) return &o;
            return nullptr;
        };
        auto find_short = [&](char ch) -> const OptionSpec* {
            for (const OptionSpec& o : opts)
                if (o.short_name == ch) return &o;
            return nullptr;
        };
        auto unknown = [&](const Token& t, const std::string& what) {
            std::vector<std::string> names;
            for (const OptionSpec& o : opts) names.push_back("--" + o.name);
            std::string hint = diag::did_you_mean(what, names);
            if (hint.empty()) hint = "usage: " + std::string(spec.usage);
            sink_.error("ipxe-unknown-option", span(l, t),
                        fmt::format("'{}' has no option '{}'", spec.name, what), hint);
        };
        bool ok = true;
        uint32_t i = 1;
        while (i < c.count) {
            Token t = parsed_.word(c, i);
            std::string_view w = sv(t.text);
            if (w == "--") {
                ++i;
                break;
            }
            if (w.size() < 1 || w[0] != '-') break;
            ++i;
            if (w == "-") {
                unknown(t, "-");
                ok = false;
                continue;
            }
            if (w.size() > 2 && w[1] == '-') {
                std::string_view body = w.substr(2);
                size_t eq = body.find('=');
                std::string_view n = body.substr(0, eq);
                if (n == "help") continue;
                const OptionSpec* o = find_long(n);
                if (!o) {
                    unknown(t, "--" + std::string(n));
                    ok = false;
                } else if (!o->takes_value && eq != std::string_view::npos) {
                    sink_.error(
                        "ipxe-option-value", span(l, t),
                        fmt::format("option '--{}' of '{}' does not take a value", o->name, spec.name));
                    ok = false;
                } else if (o->takes_value && eq == std::string_view::npos && !take_value(l, c, spec, t, &i)) {
                    ok = false;
                }
                continue;
            }
            for (size_t k = 1; k < w.size(); ++k) {
                const OptionSpec* o = find_short(w[k]);
                if (!o && w[k] == 'h') continue;  // -h is --help
                if (!o) {
                    unknown(t, std::string("-") + w[k]);
                    ok = false;
                    break;
                }
                if (o->takes_value) {
                    if (k + 1 == w.size() && !take_value(l, c, spec, t, &i)) ok = false;
                    break;  // the rest of the word, or the next word, is the value
                }
            }
        }
        *positional = static_cast<int>(c.count - i);
        *first_positional = i;
        return ok;
    }

    bool take_value(const ScriptLine& l, const Command& c, const CommandSpec& spec, const Token& opt,
                    uint32_t* i) {
        if (*i < c.count) {
            ++*i;
            return true;
        }
        sink_.error("ipxe-option-value", span(l, opt),
                    fmt::format("option '{}' of '{}' needs a value", sv(opt.text), spec.name),
                    "usage: " + std::string(spec.usage));
        return false;
    }

    bool check_arity(const ScriptLine& l, const Command& c, const CommandSpec& spec, int n) {
        bool too_few = n < spec.min_args, too_many = spec.max_args != kUnlimited && n > spec.max_args;
        if (!too_few && !too_many) return true;
        std::string want;
        if (spec.min_args == spec.max_args)
            want = spec.min_args == 0 ? "no arguments" : plural(spec.min_args, "argument");
        else if (too_few)
            want = "at least " + plural(spec.min_args, "argument");
        else
            want = "at most " + plural(spec.max_args, "argument");
        sink_.error("ipxe-argument-count", span(l, parsed_, c),
                    fmt::format("'{}' takes {}, but is given {}", spec.name, want, n),
                    "usage: " + std::string(spec.usage));
        return false;
    }

    void check_goto_target(const ScriptLine& l, const Token& target) {
        std::string t = str(target.text);
        size_t dollar = t.find("${");
        if (dollar == std::string::npos) {
            if (labels_.count(t)) return;
            std::string hint =
                diag::did_you_mean(t, std::vector<std::string>(label_set_.begin(), label_set_.end()));
            sink_.error("ipxe-undefined-label", span(l, target),
                        fmt::format("no label ':{}' in this script, so this goto always fails", t),
                        hint.empty() ? "define the label, or handle the failure with '|| …'" : hint);
            return;
        }
        // `goto deb_${type}`: at least one label must start with the literal prefix.
        std::string prefix = t.substr(0, dollar);
        if (prefix.empty()) return;
        auto it = label_set_.lower_bound(prefix);
        if (it != label_set_.end() && it->compare(0, prefix.size(), prefix) == 0) return;
        sink_.warning("ipxe-no-matching-label", span(l, target),
                      fmt::format("no label starts with '{}', so this goto can only fail", prefix));
    }

    // `${` with no matching `}` stays literal in iPXE, which is almost never what was meant.
    void check_expansion(const ScriptLine& l, const Token& t) {
        std::string_view w = sv(t.text);
        std::vector<size_t> open;
        for (size_t k = 0; k < w.size(); ++k) {
            if (w[k] == '$' && k + 1 < w.size() && w[k + 1] == '{') {
                open.push_back(k++);
            } else if (w[k] == '}' && !open.empty()) {
                open.pop_back();
            }
        }
        if (open.empty()) return;
        size_t at = open.front();
        sink_.warning("ipxe-unclosed-expansion", span(l, t.offset + at, w.size() - at),
                      "'${' without a closing '}' is not expanded: iPXE keeps it literally");
    }

    std::string path_;
    Str text_;
    diag::DiagnosticSink& sink_;
    ParsedLine parsed_;
    bool pitfall_line_ = false;  // the line that ended reachability mixes `||` then `&&`
    std::unordered_map<std::string, SourceSpan> labels_;
    std::set<std::string> label_set_;  // sorted, for prefix lookups and suggestions
};

}  // namespace

void lint_ipxe_script(const std::string& path, const std::string& text, diag::DiagnosticSink& sink) {
    sink.add_source(path, text);
    Linter(path, text, sink).run();
}

}  // namespace carte::ipxe_lint
