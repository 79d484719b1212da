#include "runtime/script/translator.h"

#include "runtime/bytecode/module_builder.h"
#include "runtime/script/line_parser.h"
#include "runtime/script/line_reader.h"
#include "runtime/script/script_header.h"

namespace carte::script {
namespace {

using bc::Label;
using bc::ModuleBuilder;
using bc::Op;

void set_why(String* why, Str name, uint32_t line, Str msg) {
    if (!why) return;
    why->clear();
    (void)(why->append(name) && why->append(":") && why->append_u64(line) && why->append(": ") &&
           why->append(msg));
}

// `goto <label>` with exactly one argument becomes the `goto` opcode, which jumps via LABL and
// so also abandons the rest of the line. Any other shape (no argument, two, an option
// such as `--help`) runs the `goto` command itself, which prints iPXE's usage error.
bool is_direct_goto(const ParsedLine& pl, const Command& c) {
    if (c.count != 2 || pl.word(c, 0).text != Str("goto")) return false;
    Str target = pl.word(c, 1).text;
    return !(target.size() > 1 && target[0] == '-');
}

class Translator {
  public:
    Translator(Str name, const ScriptOptions& options, String* why)
        : name_(name), options_(options), why_(why) {}

    Result<Vec<uint8_t>> run(Str text) {
        if (options_.require_header && !is_script(text)) {
            set_why(why_, name_, 1, "not an iPXE script: it must start with #!ipxe");
            return Result<Vec<uint8_t>>(Errc::badmsg, "not an iPXE script");
        }
        b_.set_script_flag(true);
        b_.set_serial(options_.serial);
        LineReader reader(text);
        ScriptLine line;
        while (reader.next(&line)) {
            if (line.broken) {
                // iPXE runs every line before it, then fails the script here.
                source(line.line);
                b_.emit(Op::SetRc, static_cast<uint32_t>(Errc::inval));
                b_.emit(Op::Ret);
                return b_.finish(why_);
            }
            if (!parse_line(line.text, &parsed_)) return Result<Vec<uint8_t>>(Errc::nomem, "out of memory");
            if (!translate_line(line.line))
                return Result<Vec<uint8_t>>(Errc::badmsg, "command has too many words");
        }
        if (reader.out_of_memory()) return Result<Vec<uint8_t>>(Errc::nomem, "out of memory");
        // Falling off the end: the script succeeded.
        b_.emit(Op::SetRc, 0);
        b_.emit(Op::Ret);
        return b_.finish(why_);
    }

  private:
    void source(uint32_t line) {
        if (options_.debug_info) b_.set_source(name_, line);
    }

    bool translate_line(uint32_t line) {
        if (parsed_.has_label) {
            // Bound to the first instruction of this line (or of the next line that has any):
            // `goto` lands on the label line itself and runs its command.
            Label l = b_.new_label();
            b_.bind(l);
            (void)b_.add_named_label(parsed_.label, l);  // false for a duplicate: the first wins
        }
        if (parsed_.commands.empty()) return true;  // blank, comment-only or label-only: nothing runs
        source(line);
        for (const Command& c : parsed_.commands) {
            // Operators associate left to right with no precedence; each test sees the rc of the
            // last command that actually ran, because a skipped command leaves rc alone.
            Label skip;
            if (c.joiner == Joiner::Or || c.joiner == Joiner::And) {
                skip = b_.new_label();
                b_.jump(c.joiner == Joiner::Or ? Op::Jok : Op::Jfail, skip);
            }
            if (!translate_command(c, line)) return false;
            if (skip.valid()) b_.bind(skip);
        }
        b_.emit(Op::Line);  // the first failing line ends the script
        return true;
    }

    bool translate_command(const Command& c, uint32_t line) {
        if (c.count == 0) {
            b_.emit(Op::SetRc, 0);  // an empty command succeeds, as in iPXE's execv()
            return true;
        }
        if (is_direct_goto(parsed_, c)) {
            b_.push_auto(parsed_.word(c, 1).text);
            b_.emit(Op::Goto);
            return true;
        }
        if (c.count > bc::kMaxExecArgs) {
            set_why(why_, name_, line, "a command has more than 64 words");
            return false;
        }
        for (uint32_t i = 0; i < c.count; ++i) b_.push_auto(parsed_.word(c, i).text);
        b_.exec(c.count);
        return true;
    }

    Str name_;
    const ScriptOptions& options_;
    String* why_;
    ModuleBuilder b_;
    ParsedLine parsed_;
};

}  // namespace

Result<Vec<uint8_t>> translate_script(Str text, Str name, const ScriptOptions& options, String* why) {
    Translator t(name, options, why);
    return t.run(text);
}

}  // namespace carte::script
