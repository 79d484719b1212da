#include "runtime/bytecode/disassembler.h"

#include "runtime/bytecode/instruction.h"

namespace carte::bc {
namespace {

bool append_label(String* out, uint32_t off) {
    return out->append("L") && out->append_u64(off, 16, 4);
}

}  // namespace

bool append_quoted(String* out, Str s) {
    bool ok = out->append('"');
    for (char c : s) {
        auto u = static_cast<uint8_t>(c);
        if (c == '"' || c == '\\') {
            ok = ok && out->append('\\') && out->append(c);
        } else if (c == '\n') {
            ok = ok && out->append("\\n");
        } else if (c == '\r') {
            ok = ok && out->append("\\r");
        } else if (c == '\t') {
            ok = ok && out->append("\\t");
        } else if (u < 0x20 || u == 0x7f) {
            ok = ok && out->append("\\x") && out->append_hex_byte(u);
        } else {
            ok = ok && out->append(c);
        }
    }
    return ok && out->append('"');
}

bool disassemble(const Module& m, String* out) {
    const Header& h = m.header();
    bool ok = out->append("; carte bytecode ") && out->append_u64(h.major) && out->append(".") &&
              out->append_u64(h.minor) && out->append("\n");
    ok = ok && out->append(".serial ") && out->append_u64(h.serial) && out->append("\n");
    if (h.flags & kFlagScript) ok = ok && out->append(".script\n");
    ok = ok && out->append(".entry ") && append_label(out, h.entry) && out->append("\n");

    // Which offsets need a label line: every jump/menu/label target and the entry.
    Bytes code = m.code();
    Vec<uint8_t> is_target;
    for (size_t i = 0; i < code.size(); ++i) ok = ok && is_target.push(0);
    if (!ok) return false;
    is_target[h.entry] = 1;
    for (const MenuItemView& it : m.items())
        if (it.kind == ItemKind::Item) is_target[it.target] = 1;
    for (const LabelView& l : m.labels()) is_target[l.target] = 1;
    for (uint32_t pos = 0; pos < code.size();) {
        Instruction in;
        (void)decode_instruction(code, pos, &in);
        if (in.info->a == OperandKind::Off) is_target[in.a] = 1;
        pos += in.size;
    }

    for (size_t i = 0; i < m.menus().size(); ++i) {
        const MenuView& mv = m.menus()[i];
        ok = ok && out->append(".menu ") && append_quoted(out, m.str(mv.id)) && out->append(" ") &&
             append_quoted(out, m.str(mv.title)) && out->append(" timeout=") &&
             out->append_u64(mv.timeout_ms) && out->append(" default=") && out->append_u64(mv.default_item) &&
             out->append("\n");
        for (const MenuItemView& it : m.items_of(mv)) {
            Str kind = it.kind == ItemKind::Item  ? Str("item")
                       : it.kind == ItemKind::Gap ? Str("gap")
                                                  : Str("header");
            ok = ok && out->append("  .") && out->append(kind) && out->append(" ") &&
                 append_quoted(out, m.str(it.id)) && out->append(" ") &&
                 append_quoted(out, m.str(it.label)) && out->append(" key=") && out->append_u64(it.key);
            if (it.kind == ItemKind::Item) ok = ok && out->append(" -> ") && append_label(out, it.target);
            ok = ok && out->append("\n");
        }
    }
    for (const LabelView& l : m.labels())
        ok = ok && out->append(".label ") && append_quoted(out, m.str(l.name)) && out->append(" ") &&
             append_label(out, l.target) && out->append("\n");
    for (const LabelView& kv : m.meta_entries())
        ok = ok && out->append(".meta ") && append_quoted(out, m.str(kv.name)) && out->append(" ") &&
             append_quoted(out, m.str(kv.target)) && out->append("\n");

    Str last_file;
    uint32_t last_line = 0;
    for (uint32_t pos = 0; pos < code.size();) {
        Instruction in;
        (void)decode_instruction(code, pos, &in);
        SourcePos sp = m.source_at(pos);
        if (sp.line && (sp.line != last_line || !(sp.file == last_file))) {
            ok = ok && out->append(".line ") && append_quoted(out, sp.file) && out->append(" ") &&
                 out->append_u64(sp.line) && out->append("\n");
            last_file = sp.file, last_line = sp.line;
        }
        if (is_target[pos]) ok = ok && append_label(out, pos) && out->append(":\n");
        ok = ok && out->append("  ") && out->append(in.info->mnemonic);
        const OperandKind kinds[2] = {in.info->a, in.info->b};
        const uint32_t vals[2] = {in.a, in.b};
        for (int k = 0; k < 2; ++k) {
            switch (kinds[k]) {
                case OperandKind::None:
                    break;
                case OperandKind::Str:
                    ok = ok && out->append(" ") && append_quoted(out, m.str(vals[k]));
                    break;
                case OperandKind::Off:
                    ok = ok && out->append(" ") && append_label(out, vals[k]);
                    break;
                case OperandKind::Num:
                    ok = ok && out->append(" ") && out->append_u64(vals[k]);
                    break;
                case OperandKind::Menu:
                    ok = ok && out->append(" ") && append_quoted(out, m.str(m.menus()[vals[k]].id));
                    break;
            }
        }
        ok = ok && out->append("\n");
        pos += in.size;
    }
    return ok;
}

}  // namespace carte::bc
