#include "compiler/codegen/bytecode_codegen.h"

#include "compiler/codegen/menu_plan.h"
#include "compiler/codegen/step_commands.h"
#include "runtime/bytecode/module_builder.h"
#include "runtime/script/line_parser.h"

namespace carte::codegen {
namespace {

using bc::Label;
using bc::Op;

Str view(const std::string& s) {
    return Str(s.data(), s.size());
}

// First Unicode code point of a UTF-8 string (0 if empty or malformed).
uint32_t code_point(const std::string& s) {
    if (s.empty()) return 0;
    auto b = [&](size_t i) { return static_cast<uint8_t>(s[i]); };
    uint8_t c = b(0);
    if (c < 0x80) return c;
    size_t n = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : c >= 0xc0 ? 1 : 0;
    if (n == 0 || s.size() < n + 1) return 0;
    uint32_t cp = c & (0x3f >> n);
    for (size_t i = 1; i <= n; ++i) cp = cp << 6 | (b(i) & 0x3f);
    return cp;
}

class Generator {
  public:
    Generator(const ir::Catalogue& cat, const BytecodeOptions& opts, diag::DiagnosticSink& sink)
        : cat_(cat), opts_(opts), sink_(sink), plan_(plan_menus(cat)) {}

    std::optional<std::vector<uint8_t>> run() {
        b_.set_serial(cat_.serial);
        size_t n = cat_.menus.size();
        menu_label_.resize(n);
        fail_label_.resize(n);
        item_label_.resize(n);
        back_label_.resize(n);
        // Every label the builder hands out must be bound, so labels are made only where used
        // (the failure handler lazily, on its first jump).
        for (size_t m = 0; m < n; ++m) {
            menu_label_[m] = b_.new_label();
            for (const ir::Item& it : cat_.menus[m].items)
                item_label_[m].push_back(it.kind == ir::Item::Kind::Item ? b_.new_label() : Label());
            if (!plan_.back_id[m].empty()) back_label_[m] = b_.new_label();
        }
        // The listing order (menus, meta, then code) is also the string numbering order, so that
        // `carte asm` can reproduce these bytes from `carte disasm` output.
        for (size_t m = 0; m < n; ++m) add_menu(m);
        if (opts_.debug_info) {
            b_.add_meta("source", view(cat_.source_file));
            b_.add_meta("compiler", "carte 0.1.0");
        }
        emit_entry();
        for (size_t m = 0; m < n; ++m) emit_menu(m);
        String why;
        auto bytes = b_.finish(&why);
        if (!bytes.ok()) {
            ir::SourceSpan s;
            s.file = cat_.source_file;
            sink_.error("codegen", s, std::string("cannot generate bytecode: ") + std::string(why.c_str()));
            return std::nullopt;
        }
        const Vec<uint8_t>& v = bytes.value();
        return std::vector<uint8_t>(v.data(), v.data() + v.size());
    }

  private:
    void source(uint32_t line) {
        if (opts_.debug_info && line) b_.set_source(view(cat_.source_file), line);
    }

    void add_menu(size_t m) {
        const ir::Menu& menu = cat_.menus[m];
        std::vector<bc::ItemSpec> items;
        uint32_t default_item = 0;
        for (size_t i = 0; i < menu.items.size(); ++i) {
            const ir::Item& it = menu.items[i];
            bc::ItemSpec s;
            s.kind = it.kind == ir::Item::Kind::Item  ? bc::ItemKind::Item
                     : it.kind == ir::Item::Kind::Gap ? bc::ItemKind::Gap
                                                      : bc::ItemKind::Header;
            s.id = view(it.id.value);
            s.label = view(it.label.value);
            s.key = it.hotkey ? code_point(it.hotkey->value) : 0;
            if (it.kind == ir::Item::Kind::Item) s.target = item_label_[m][i];
            if (menu.default_item && it.kind == ir::Item::Kind::Item &&
                it.id.value == menu.default_item->value)
                default_item = static_cast<uint32_t>(i + 1);
            items.push_back(s);
        }
        if (!plan_.back_id[m].empty()) {
            bc::ItemSpec gap;
            gap.kind = bc::ItemKind::Gap;
            items.push_back(gap);
            bc::ItemSpec back;
            back.id = view(plan_.back_id[m]);
            back.label = Str::from_cstr(kBackLabel);
            back.target = back_label_[m];
            items.push_back(back);
        }
        bc::MenuSpec spec;
        spec.id = view(menu.id.value);
        spec.title = view(menu.title.value);
        spec.timeout_ms = static_cast<uint32_t>(menu.timeout_ms.value_or(0));
        spec.default_item = default_item;
        spec.items = Span<const bc::ItemSpec>(items.data(), items.size());
        b_.add_menu(spec);
    }

    void emit_argv(const std::vector<std::string>& argv) {
        for (const std::string& a : argv) b_.push_auto(view(a));
        b_.exec(static_cast<uint32_t>(argv.size()));
    }

    // Runtime settings with a default: `set` them only when unset, so DHCP, an embedded script
    // or the shell can override a mirror.
    void emit_entry() {
        Label start = b_.new_label();
        b_.bind(start);
        b_.set_entry(start);
        for (const ir::SettingDefault& d : cat_.defaults) {
            source(d.span.line);
            Label skip = b_.new_label();
            b_.pushx(view(setting_ref(d.name.value)));
            b_.push("");
            b_.emit(Op::Eq);
            b_.jump(Op::Jfail, skip);
            emit_argv({"set", d.name.value, d.value.value});
            b_.bind(skip);
        }
        if (!cat_.menus.empty()) {
            source(cat_.menus[plan_.entry].span.line);
            b_.jump(Op::Jmp, menu_label_[plan_.entry]);
        } else {
            b_.emit(Op::Ret);
        }
    }

    // Leaves rc = 0 when the condition holds.
    void emit_condition(const ir::Condition& c) {
        using K = ir::Condition::Kind;
        switch (c.kind) {
            case K::Eq:
            case K::Ne:
            case K::Match:
            case K::NotMatch:
                b_.pushx(view(setting_ref(c.left.value)));
                b_.push_auto(view(c.right.value));
                b_.emit(c.kind == K::Eq || c.kind == K::Ne ? Op::Eq : Op::Match);
                if (c.kind == K::Ne || c.kind == K::NotMatch) b_.emit(Op::Not);
                return;
            case K::IsSet:
                b_.pushx(view(setting_ref(c.left.value)));
                b_.push("");
                b_.emit(Op::Eq);
                b_.emit(Op::Not);
                return;
            case K::Not:
                if (!c.operands.empty()) emit_condition(c.operands[0]);
                b_.emit(Op::Not);
                return;
            case K::And:
            case K::Or: {
                Label end = b_.new_label();
                for (size_t i = 0; i < c.operands.size(); ++i) {
                    emit_condition(c.operands[i]);
                    if (i + 1 < c.operands.size()) b_.jump(c.kind == K::And ? Op::Jfail : Op::Jok, end);
                }
                b_.bind(end);
                // `end` must label an instruction: the caller always emits one next.
                return;
            }
        }
    }

    void emit_menu(size_t m) {
        const ir::Menu& menu = cat_.menus[m];
        b_.bind(menu_label_[m]);
        source(menu.span.line);
        // Conditions are evaluated each time the menu is shown: settings may have changed.
        for (size_t i = 0; i < menu.items.size(); ++i) {
            const ir::Item& it = menu.items[i];
            if (!it.when) continue;
            source(it.when->span.line ? it.when->span.line : it.span.line);
            Label shown = b_.new_label();
            emit_condition(*it.when);
            b_.jump(Op::Jok, shown);
            b_.emit(Op::Hide, static_cast<uint32_t>(m), static_cast<uint32_t>(i));
            b_.bind(shown);
        }
        source(menu.span.line);
        b_.emit(Op::Menu, static_cast<uint32_t>(m));
        // Esc: back to the parent, or leave Carte from the top menu (rc = ECANCELED).
        emit_leave(m);

        for (size_t i = 0; i < menu.items.size(); ++i) {
            const ir::Item& it = menu.items[i];
            if (it.kind != ir::Item::Kind::Item) continue;
            b_.bind(item_label_[m][i]);
            source(it.span.line);
            bool ended = false;
            for (const ir::Step& s : it.steps) {
                if (ended) break;
                ended = emit_step(m, s);
            }
            if (!ended) b_.jump(Op::Jmp, menu_label_[m]);
        }
        if (!plan_.back_id[m].empty()) {
            b_.bind(back_label_[m]);
            b_.jump(Op::Jmp, menu_label_[static_cast<size_t>(plan_.parent[m])]);
        }
        if (fail_label_[m].valid()) {
            b_.bind(fail_label_[m]);
            source(menu.span.line);
            emit_argv({"prompt", "--timeout", "10000", "Press any key to return to the menu"});
            b_.jump(Op::Jmp, menu_label_[m]);
        }
    }

    void emit_leave(size_t m) {
        if (plan_.parent[m] >= 0)
            b_.jump(Op::Jmp, menu_label_[static_cast<size_t>(plan_.parent[m])]);
        else
            b_.emit(Op::Ret);
    }

    // Returns true when control never comes back from the step (submenu).
    bool emit_step(size_t m, const ir::Step& s) {
        if (auto* sub = std::get_if<ir::Submenu>(&s.action)) {
            source(s.span.line);
            auto f = plan_.index.find(sub->menu.value);
            if (f != plan_.index.end()) b_.jump(Op::Jmp, menu_label_[f->second]);
            return true;
        }
        if (auto* ask = std::get_if<ir::Ask>(&s.action)) {
            source(s.span.line);
            if (ask->default_value) {
                Label has = b_.new_label();
                b_.pushx(view(setting_ref(ask->setting.value)));
                b_.push("");
                b_.emit(Op::Eq);
                b_.jump(Op::Jfail, has);
                emit_argv({"set", ask->setting.value, ask->default_value->value});
                b_.bind(has);
            }
            if (ask->prompt) emit_argv({"echo", "-n", ask->prompt->value + " "});
            emit_argv({"read", ask->setting.value});
            jump_fail(m);
            return false;
        }
        if (auto* ip = std::get_if<ir::Ipxe>(&s.action)) {
            for (const ir::Text& l : ip->lines) emit_ipxe_line(m, l, s.span.line);
            return false;
        }
        for (const StepCommand& c : step_commands(s, true)) {
            source(c.line);
            emit_argv(c.argv);
            if (c.checked) jump_fail(m);
        }
        return false;
    }

    // An inline classic line, translated as the iPXE reader does (||, &&, ;), whose failure
    // aborts the item like any other step.
    void emit_ipxe_line(size_t m, const ir::Text& l, uint32_t fallback_line) {
        script::ParsedLine pl;
        if (!script::parse_line(view(l.value), &pl)) return;
        if (pl.commands.empty()) return;
        source(l.span.line ? l.span.line : fallback_line);
        for (const script::Command& c : pl.commands) {
            Label skip = b_.new_label();
            if (c.joiner == script::Joiner::Or) b_.jump(Op::Jok, skip);
            if (c.joiner == script::Joiner::And) b_.jump(Op::Jfail, skip);
            if (c.count == 0) {
                b_.emit(Op::SetRc, 0);
            } else {
                for (uint32_t w = 0; w < c.count; ++w) {
                    script::Token t = pl.word(c, w);
                    b_.push_auto(t.text);
                }
                b_.exec(c.count);
            }
            b_.bind(skip);  // bound even when unused: the builder requires every label bound
        }
        jump_fail(m);
    }

    void jump_fail(size_t m) {
        if (!fail_label_[m].valid()) fail_label_[m] = b_.new_label();
        b_.jump(Op::Jfail, fail_label_[m]);
    }

    const ir::Catalogue& cat_;
    const BytecodeOptions& opts_;
    diag::DiagnosticSink& sink_;
    MenuPlan plan_;
    bc::ModuleBuilder b_;
    std::vector<Label> menu_label_, fail_label_, back_label_;
    std::vector<std::vector<Label>> item_label_;
};

}  // namespace

std::optional<std::vector<uint8_t>> compile_bytecode(const ir::Catalogue& cat, const BytecodeOptions& opts,
                                                     diag::DiagnosticSink& sink) {
    return Generator(cat, opts, sink).run();
}

}  // namespace carte::codegen
