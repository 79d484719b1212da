// params / param: request-parameter lists (iPXE: src/hci/commands/param_cmd.c, src/core/params.c).
#include "runtime/commands/handlers.h"
#include "runtime/commands/options.h"

namespace carte::commands {

// `params [--name n] [--delete]`
Status params(Interpreter& in, Span<const Str> argv) {
    const OptionSpec opts[] = {{'n', "name", true}, {'d', "delete", false}};
    auto a = parse_args(in, argv, opts, 0, 0);
    if (!a) return a.error();
    if (a->has(1)) return in.params().remove(a->get(0)) ? Status() : Status(Errc::noent);
    return in.params().create(a->get(0)) ? Status() : Status(Errc::nomem);
}

// `param [--params n] [--header] <key> [<value>]`
Status param(Interpreter& in, Span<const Str> argv) {
    const OptionSpec opts[] = {{'p', "params", true}, {'H', "header", false}};
    auto a = parse_args(in, argv, opts, 1, kUnlimited);
    if (!a) return a.error();
    ParamList* list = in.params().find(a->get(0));
    if (!list) {
        in.print("Could not find parameter list\n");
        return Error(Errc::noent);
    }
    Param p;
    p.key = String::copy(a->positional[0]);
    p.value = join_args(a->positional.subspan(1));
    p.header = a->has(1);
    return list->params.push(carte::move(p)) ? Status() : Status(Errc::nomem);
}

}  // namespace carte::commands
