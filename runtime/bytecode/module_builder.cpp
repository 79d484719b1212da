#include "runtime/bytecode/module_builder.h"

#include "runtime/bytecode/body_codec.h"
#include "runtime/bytecode/module.h"
#include "runtime/rt/varint.h"

namespace carte::bc {
namespace {

constexpr uint32_t kUnbound = 0xffffffffu;

uint32_t hash_str(Str s) {
    uint32_t h = 2166136261u;  // FNV-1a
    for (char c : s) h = (h ^ static_cast<uint8_t>(c)) * 16777619u;
    return h;
}

class ByteSink {
  public:
    explicit ByteSink(Vec<uint8_t>* out, bool* oom) : out_(out), oom_(oom) {}
    void u8(uint8_t v) {
        if (!out_->push(v)) *oom_ = true;
    }
    void le16(uint16_t v) { u8(v & 0xff), u8(v >> 8); }
    void le32(uint32_t v) { le16(v & 0xffff), le16(v >> 16); }
    void le64(uint64_t v) { le32(static_cast<uint32_t>(v)), le32(static_cast<uint32_t>(v >> 32)); }
    void varint(uint32_t v) {
        uint8_t buf[5];
        size_t n = write_varint(v, buf);
        for (size_t i = 0; i < n; ++i) u8(buf[i]);
    }
    void bytes(Str s) {
        for (char c : s) u8(static_cast<uint8_t>(c));
    }

  private:
    Vec<uint8_t>* out_;
    bool* oom_;
};

size_t varint_size(uint32_t v) {
    size_t n = 1;
    while (v >= 0x80) v >>= 7, ++n;
    return n;
}

}  // namespace

ModuleBuilder::ModuleBuilder() {
    if (!table_.reserve(256)) oom_ = true;
    for (int i = 0; i < 256; ++i) (void)table_.push(0);
}

bool ModuleBuilder::grow_table() {
    Vec<uint32_t> t;
    size_t cap = table_.size() * 2;
    if (!t.reserve(cap)) return false;
    for (size_t i = 0; i < cap; ++i) (void)t.push(0);
    for (uint32_t idx = 0; idx < strings_.size(); ++idx) {
        size_t h = hash_str(strings_[idx]) & (cap - 1);
        while (t[h]) h = (h + 1) & (cap - 1);
        t[h] = idx + 1;
    }
    table_ = move(t);
    return true;
}

uint32_t ModuleBuilder::intern(Str s) {
    size_t mask = table_.size() - 1;
    size_t h = hash_str(s) & mask;
    while (table_[h]) {
        uint32_t idx = table_[h] - 1;
        if (strings_[idx].view() == s) return idx;
        h = (h + 1) & mask;
    }
    uint32_t idx = static_cast<uint32_t>(strings_.size());
    String copy;
    if (!copy.append(s) || !strings_.push(move(copy))) {
        oom_ = true;
        return 0;
    }
    table_[h] = idx + 1;
    if (strings_.size() * 2 > table_.size() && !grow_table()) oom_ = true;
    return idx;
}

Label ModuleBuilder::new_label() {
    Label l{static_cast<uint32_t>(label_insn_.size())};
    if (!label_insn_.push(kUnbound)) oom_ = true;
    return l;
}

void ModuleBuilder::bind(Label l) {
    if (l.valid() && l.id < label_insn_.size()) label_insn_[l.id] = static_cast<uint32_t>(insns_.size());
}

void ModuleBuilder::emit(Op op, uint32_t a, uint32_t b) {
    if (!insns_.push(Insn{op, a, b, false})) oom_ = true;
}

void ModuleBuilder::jump(Op op, Label target) {
    if (!insns_.push(Insn{op, target.id, 0, true})) oom_ = true;
}

void ModuleBuilder::push_auto(Str s) {
    if (s.find(Str("${")) != Str::npos)
        pushx(s);
    else
        push(s);
}

uint32_t ModuleBuilder::add_menu(const MenuSpec& menu) {
    Menu m{intern(menu.id),
           intern(menu.title),
           menu.timeout_ms,
           menu.default_item,
           static_cast<uint32_t>(items_.size()),
           static_cast<uint32_t>(menu.items.size())};
    for (const ItemSpec& it : menu.items)
        if (!items_.push(Item{it.kind, intern(it.id), intern(it.label), it.key, it.target})) oom_ = true;
    if (!menus_.push(m)) oom_ = true;
    return static_cast<uint32_t>(menus_.size() - 1);
}

bool ModuleBuilder::add_named_label(Str name, Label target) {
    uint32_t idx = intern(name);
    // One flag per string index makes the duplicate check O(1): a 24,000-label iPXE script
    // (netboot.xyz's pciids.ipxe) must not take quadratic time.
    while (is_named_.size() <= idx)
        if (!is_named_.push(0)) return oom_ = true, false;
    if (is_named_[idx]) return false;
    is_named_[idx] = 1;
    if (!named_.push(Named{idx, target})) oom_ = true;
    return true;
}

void ModuleBuilder::add_meta(Str key, Str value) {
    if (!meta_.push(intern(key)) || !meta_.push(intern(value))) oom_ = true;
}

void ModuleBuilder::set_source(Str file, uint32_t line) {
    uint32_t f = intern(file);
    uint32_t fi = 0;
    while (fi < files_.size() && files_[fi] != f) ++fi;
    if (fi == files_.size() && !files_.push(f)) oom_ = true;
    uint32_t insn = static_cast<uint32_t>(insns_.size());
    if (!positions_.empty() && positions_.back().insn == insn) positions_.pop();
    if (!positions_.empty() && positions_.back().file == fi && positions_.back().line == line) return;
    if (!positions_.push(Pos{insn, fi, line})) oom_ = true;
}

Result<Vec<uint8_t>> ModuleBuilder::finish(String* why) {
    auto fail = [&](Str msg) {
        if (why && why->empty()) (void)why->append(msg);
        return Result<Vec<uint8_t>>(Errc::inval, "cannot build bytecode");
    };
    if (oom_) return Result<Vec<uint8_t>>(Errc::nomem, "out of memory building bytecode");
    if (!entry_.valid()) {
        entry_ = new_label();
        label_insn_[entry_.id] = 0;
    }
    if (insns_.empty()) return fail("no instructions");
    for (uint32_t li : label_insn_)
        if (li == kUnbound || li > insns_.size()) return fail("a label is used but never bound");
    // An instruction index equal to insns_.size() would be past the end: reject.
    auto insn_of = [&](uint32_t label) { return label_insn_[label]; };
    for (uint32_t li : label_insn_)
        if (li == insns_.size()) return fail("a label is bound after the last instruction");

    // Layout: offsets depend on varint sizes of jump operands, which depend on offsets.
    Vec<uint32_t> off;
    if (!off.reserve(insns_.size() + 1)) return Result<Vec<uint8_t>>(Errc::nomem, "out of memory");
    for (size_t i = 0; i <= insns_.size(); ++i) (void)off.push(0);
    for (bool changed = true; changed;) {
        changed = false;
        uint32_t pos = 0;
        for (size_t i = 0; i < insns_.size(); ++i) {
            if (off[i] != pos) off[i] = pos, changed = true;
            const Insn& in = insns_[i];
            const OpInfo* info = op_info(static_cast<uint8_t>(in.op));
            size_t sz = 1;
            if (info->a != OperandKind::None) sz += varint_size(in.a_is_label ? off[insn_of(in.a)] : in.a);
            if (info->b != OperandKind::None) sz += varint_size(in.b);
            pos += static_cast<uint32_t>(sz);
        }
        if (off[insns_.size()] != pos) off[insns_.size()] = pos, changed = true;
    }
    auto label_off = [&](Label l) { return off[insn_of(l.id)]; };

    // Maximum stack depth, straight-line (the verifier re-checks everything).
    uint32_t depth = 0, max_depth = 0;
    for (const Insn& in : insns_) {
        const OpInfo* info = op_info(static_cast<uint8_t>(in.op));
        uint32_t pops = info->pops == kPopsOperandA ? in.a : static_cast<uint32_t>(info->pops);
        depth = pops > depth ? 0 : depth - pops;
        depth += static_cast<uint32_t>(info->pushes);
        max_depth = max(max_depth, depth);
    }

    // Sections.
    Vec<uint8_t> strs, code, menu, labl, dbug, meta;
    bool oom = false;
    {
        ByteSink s(&strs, &oom);
        s.varint(static_cast<uint32_t>(strings_.size()));
        for (const String& str : strings_) s.varint(static_cast<uint32_t>(str.size())), s.bytes(str.view());
    }
    {
        ByteSink s(&code, &oom);
        for (const Insn& in : insns_) {
            const OpInfo* info = op_info(static_cast<uint8_t>(in.op));
            s.u8(static_cast<uint8_t>(in.op));
            if (info->a != OperandKind::None) s.varint(in.a_is_label ? off[insn_of(in.a)] : in.a);
            if (info->b != OperandKind::None) s.varint(in.b);
        }
    }
    if (!menus_.empty()) {
        ByteSink s(&menu, &oom);
        s.varint(static_cast<uint32_t>(menus_.size()));
        for (const Menu& m : menus_) {
            s.varint(m.id), s.varint(m.title), s.varint(m.timeout_ms), s.varint(m.default_item);
            s.varint(m.item_count);
            for (uint32_t i = 0; i < m.item_count; ++i) {
                const Item& it = items_[m.first_item + i];
                s.u8(static_cast<uint8_t>(it.kind));
                s.varint(it.id), s.varint(it.label), s.varint(it.key);
                s.varint(it.kind == ItemKind::Item ? label_off(it.target) : 0);
            }
        }
    }
    if (!named_.empty()) {
        // Sort by name bytes (insertion sort on indexes is too slow for 24k labels: use a merge sort).
        Vec<uint32_t> order, tmp;
        if (!order.reserve(named_.size()) || !tmp.reserve(named_.size()))
            return Result<Vec<uint8_t>>(Errc::nomem, "out of memory");
        for (uint32_t i = 0; i < named_.size(); ++i) (void)order.push(i), (void)tmp.push(0);
        auto less = [&](uint32_t x, uint32_t y) {
            return strings_[named_[x].name].view() < strings_[named_[y].name].view();
        };
        for (size_t width = 1; width < order.size(); width *= 2) {
            for (size_t lo = 0; lo < order.size(); lo += 2 * width) {
                size_t mid = min(lo + width, order.size()), hi = min(lo + 2 * width, order.size());
                size_t i = lo, j = mid, k = lo;
                while (i < mid && j < hi) tmp[k++] = less(order[j], order[i]) ? order[j++] : order[i++];
                while (i < mid) tmp[k++] = order[i++];
                while (j < hi) tmp[k++] = order[j++];
            }
            for (size_t i = 0; i < order.size(); ++i) order[i] = tmp[i];
        }
        ByteSink s(&labl, &oom);
        s.varint(static_cast<uint32_t>(named_.size()));
        for (uint32_t i : order) s.varint(named_[i].name), s.varint(label_off(named_[i].target));
    }
    if (!positions_.empty()) {
        ByteSink s(&dbug, &oom);
        s.varint(static_cast<uint32_t>(files_.size()));
        for (uint32_t f : files_) s.varint(f);
        s.varint(static_cast<uint32_t>(positions_.size()));
        uint32_t prev = 0;
        for (const Pos& p : positions_) {
            uint32_t o = off[p.insn];
            s.varint(o - prev), s.varint(p.file), s.varint(p.line);
            prev = o;
        }
    }
    if (!meta_.empty()) {
        ByteSink s(&meta, &oom);
        s.varint(static_cast<uint32_t>(meta_.size() / 2));
        for (uint32_t v : meta_) s.varint(v);
    }
    if (oom) return Result<Vec<uint8_t>>(Errc::nomem, "out of memory");

    struct Sec {
        uint32_t kind;
        Vec<uint8_t>* data;
        bool present;
    } secs[] = {{kSecStrs, &strs, true},
                {kSecCode, &code, true},
                {kSecMenu, &menu, !menus_.empty()},
                {kSecLabl, &labl, !named_.empty()},
                {kSecDbug, &dbug, !positions_.empty()},
                {kSecMeta, &meta, !meta_.empty()}};
    uint16_t count = 0;
    for (const Sec& s : secs) count = static_cast<uint16_t>(count + (s.present ? 1 : 0));
    size_t body = kHeaderSize + kDirEntrySize * count;
    for (const Sec& s : secs)
        if (s.present) body += s.data->size();

    Vec<uint8_t> out;
    if (!out.reserve(body)) return Result<Vec<uint8_t>>(Errc::nomem, "out of memory");
    ByteSink s(&out, &oom);
    for (uint8_t b : kMagic) s.u8(b);
    s.le16(kMajor), s.le16(kMinor);
    s.le32((positions_.empty() ? 0 : kFlagDebug) | (script_ ? kFlagScript : 0));
    s.le32(static_cast<uint32_t>(body));
    s.le64(serial_);
    s.le32(label_off(entry_));
    s.le16(count);
    s.le16(static_cast<uint16_t>(max_depth));
    uint32_t at = static_cast<uint32_t>(kHeaderSize + kDirEntrySize * count);
    for (const Sec& sec : secs) {
        if (!sec.present) continue;
        s.le32(sec.kind), s.le32(at), s.le32(static_cast<uint32_t>(sec.data->size()));
        at += static_cast<uint32_t>(sec.data->size());
    }
    for (const Sec& sec : secs)
        if (sec.present)
            for (uint8_t b : *sec.data) s.u8(b);
    if (oom) return Result<Vec<uint8_t>>(Errc::nomem, "out of memory");

    // Same header and directory (uncompressed offsets), then the sections as one LZ block.
    const size_t dir_end = kHeaderSize + kDirEntrySize * count;
    if (compress_ && body - dir_end >= kCompressMinSections) {
        Vec<uint8_t> packed;
        if (!packed.reserve(body) || !packed.append(out.span().subspan(0, dir_end)))
            return Result<Vec<uint8_t>>(Errc::nomem, "out of memory");
        if (!compress_body(out.span().subspan(dir_end), &packed))
            return Result<Vec<uint8_t>>(Errc::nomem, "out of memory");
        if (packed.size() < body) {
            uint8_t* h = packed.data();
            h[6] = static_cast<uint8_t>(kMinorCompressed), h[7] = static_cast<uint8_t>(kMinorCompressed >> 8);
            h[8] = static_cast<uint8_t>(h[8] | kFlagCompressed);
            const uint32_t size = static_cast<uint32_t>(packed.size());
            for (int i = 0; i < 4; ++i) h[12 + i] = static_cast<uint8_t>(size >> (8 * i));
            out = static_cast<Vec<uint8_t>&&>(packed);
        }
    }

    // Whatever a front-end emitted, never hand out bytes the loader would refuse.
    String verify_why;
    auto check = load_module(out.span(), &verify_why);
    if (!check.ok()) return fail(verify_why.view());
    return out;
}

}  // namespace carte::bc
