// The interactive `iPXE>` shell: each line is translated like a one-line script and run in the
// current context (not "in a script", so `goto` fails as in iPXE); `exit` leaves the shell.
#include "runtime/ui/line_editor.h"
#include "runtime/vm/interpreter.h"

namespace carte {

Status Interpreter::shell() {
    if (!options_.translate) return Error(Errc::notsup, "no script translator");
    for (;;) {
        // A shell inside a program (the `shell` command) ends with it when the embedder stops it.
        if (options_.stop && options_.stop->requested()) return Errc::canceled;
        LineEditOptions o;
        o.prompt = "iPXE> ";
        o.history = &shell_history_;
        auto line = edit_line(console(), *this, o);
        if (!line) {
            if (line.error().code == Errc::canceled) continue;
            return line.error();
        }
        shell_history_.add(line->view());
        String text = String::copy("#!ipxe\n");
        if (!text.append(*line) || !text.append("\n")) return Errc::nomem;
        String why;
        auto bytes = options_.translate(text.view(), Str("shell"), &why);
        if (!bytes) {
            print_error(why.empty() ? Str("shell") : Str(why), bytes.error());
            continue;
        }
        auto module = bc::load_module(bytes->span(), &why);
        if (!module) {
            print_error("shell", module.error());
            continue;
        }
        exited_ = false;
        (void)execute_module(*module);
        if (halted_) return rc_status(halt_status_);
        if (exited_) return {};
    }
}

}  // namespace carte
