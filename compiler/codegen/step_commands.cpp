#include "compiler/codegen/step_commands.h"

namespace carte::codegen {
namespace {

bool is_ws(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

// `<cmd> [--sha256=H] [--name N] URL [args…]`
StepCommand fetch_command(const char* cmd, const ir::Fetch& f, bool ext,
                          const std::vector<std::string>& tail) {
    StepCommand c;
    c.argv.push_back(cmd);
    if (ext && f.sha256) c.argv.push_back("--sha256=" + f.sha256->value);
    std::vector<std::string> name_words;
    if (f.name) name_words = split_words(f.name->value);
    if (!name_words.empty()) {
        c.argv.push_back("--name");
        c.argv.push_back(name_words[0]);
    }
    c.argv.push_back(f.url.value);
    // Extra words of a name ("/etc/x mode=600") are image arguments, as CPIO expects.
    for (size_t i = 1; i < name_words.size(); ++i) c.argv.push_back(name_words[i]);
    for (const ir::Text& a : f.args)
        for (const std::string& w : split_words(a.value)) c.argv.push_back(w);
    for (const std::string& w : tail) c.argv.push_back(w);
    c.line = f.span.line;
    return c;
}

}  // namespace

std::vector<std::string> split_words(const std::string& s) {
    std::vector<std::string> out;
    size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && is_ws(s[i])) ++i;
        size_t j = i;
        while (j < s.size() && !is_ws(s[j])) ++j;
        if (j > i) out.push_back(s.substr(i, j - i));
        i = j;
    }
    return out;
}

std::vector<StepCommand> step_commands(const ir::Step& step, bool ext) {
    std::vector<StepCommand> out;
    auto simple = [&](std::vector<std::string> argv, bool checked = true) {
        out.push_back(StepCommand{std::move(argv), checked, step.span.line});
    };
    std::visit(
        [&](const auto& a) {
            using T = std::decay_t<decltype(a)>;
            if constexpr (std::is_same_v<T, ir::Linux>) {
                simple({"imgfree"}, false);
                out.push_back(
                    fetch_command("kernel", a.kernel, ext,
                                  a.cmdline ? split_words(a.cmdline->value) : std::vector<std::string>{}));
                for (const ir::Fetch& f : a.initrds) out.push_back(fetch_command("initrd", f, ext, {}));
                simple({"boot"});
            } else if constexpr (std::is_same_v<T, ir::Multiboot>) {
                simple({"imgfree"}, false);
                out.push_back(fetch_command("kernel", a.kernel, ext, {}));
                for (const ir::Fetch& f : a.modules) out.push_back(fetch_command("module", f, ext, {}));
                simple({"boot"});
            } else if constexpr (std::is_same_v<T, ir::Efi>) {
                out.push_back(fetch_command("chain", a.image, ext, {}));
            } else if constexpr (std::is_same_v<T, ir::Chain>) {
                out.push_back(fetch_command("chain", a.fetch, ext, {}));
            } else if constexpr (std::is_same_v<T, ir::Shell>) {
                simple({"shell"}, false);
            } else if constexpr (std::is_same_v<T, ir::Exit>) {
                simple({"exit", std::to_string(a.status)});
            } else if constexpr (std::is_same_v<T, ir::Reboot>) {
                simple({"reboot"});
            } else if constexpr (std::is_same_v<T, ir::Poweroff>) {
                simple({"poweroff"});
            } else if constexpr (std::is_same_v<T, ir::Set>) {
                simple({"set", a.setting.value, a.value.value});
            } else if constexpr (std::is_same_v<T, ir::Echo>) {
                simple({"echo", a.text.value}, false);
            }
        },
        step.action);
    for (StepCommand& c : out)
        if (!c.line) c.line = step.span.line;
    return out;
}

}  // namespace carte::codegen
