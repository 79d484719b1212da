// The one-pass loader/verifier for .cbm modules (docs/bytecode.md, "Verification").
#include "runtime/bytecode/module.h"

#include "runtime/bytecode/body_codec.h"
#include "runtime/bytecode/instruction.h"
#include "runtime/rt/varint.h"

namespace carte::bc {
namespace {

// Collects the first failure as text; everything after the first failure is skipped.
class Failure {
  public:
    explicit Failure(String* out) : out_(out) {}
    bool fail(Str where, uint32_t at, Str what, uint32_t value = 0, bool with_value = false) {
        if (out_ && out_->empty()) {
            (void)out_->append(where);
            if (at != kNoOffset) {
                (void)out_->append("+0x");
                (void)out_->append_u64(at, 16);
            }
            (void)out_->append(": ");
            (void)out_->append(what);
            if (with_value) {
                (void)out_->append(" 0x");
                (void)out_->append_u64(value, 16);
            }
        }
        return false;
    }
    static constexpr uint32_t kNoOffset = 0xffffffffu;

  private:
    String* out_;
};

// A bounded reader over one section.
struct Reader {
    Bytes data;
    size_t pos = 0;
    bool varint(uint32_t* v) { return read_varint(data, &pos, v); }
    bool byte(uint8_t* v) {
        if (pos >= data.size()) return false;
        *v = data[pos++];
        return true;
    }
    bool done() const { return pos == data.size(); }
};

}  // namespace

bool looks_like_module(Bytes bytes) {
    return bytes.size() >= 4 && bytes[0] == kMagic[0] && bytes[1] == kMagic[1] && bytes[2] == kMagic[2] &&
           bytes[3] == kMagic[3];
}

Result<Module> load_module(Bytes bytes, String* why) {
    Failure f(why);
    const Result<Module> bad(Errc::badmsg, "malformed bytecode");
    constexpr uint32_t none = Failure::kNoOffset;
    auto reject = [&](Str where, uint32_t at, Str what) {
        f.fail(where, at, what);
        return Result<Module>(Errc::badmsg, "malformed bytecode");
    };
    (void)bad;

    if (bytes.size() < kHeaderSize) return reject("header", none, "file shorter than the 32-byte header");
    if (!looks_like_module(bytes)) return reject("header", 0, "bad magic (not a Carte bytecode file)");
    Module m;
    m.bytes_ = bytes;
    const uint8_t* h = bytes.data();
    Header& hd = m.header_;
    hd.major = load_le16(h + 4);
    hd.minor = load_le16(h + 6);
    hd.flags = load_le32(h + 8);
    hd.body_size = load_le32(h + 12);
    hd.serial = load_le64(h + 16);
    hd.entry = load_le32(h + 24);
    hd.section_count = load_le16(h + 28);
    hd.max_stack = load_le16(h + 30);
    if (hd.major != kMajor) return reject("header", 4, "unsupported major version");
    if (hd.flags & ~kKnownFlags) return reject("header", 8, "unknown flag bits");
    if (hd.body_size > bytes.size()) return reject("header", 12, "body_size exceeds the file size");
    if (hd.body_size < bytes.size() && !(hd.flags & kFlagTrailer))
        return reject("header", 12, "trailing bytes after the body without the TRAILER flag");
    if (hd.section_count < 2 || hd.section_count > kMaxSections)
        return reject("header", 28, "bad section count");
    if (hd.max_stack > kMaxStack) return reject("header", 30, "max_stack above 64");
    size_t dir_end = kHeaderSize + kDirEntrySize * hd.section_count;
    if (dir_end > hd.body_size) return reject("header", 28, "section directory exceeds the body");

    // Directory: known kinds, in canonical order, contiguous from dir_end to body_size. In a
    // COMPRESSED module the offsets are into the inflated body, which is capped in size.
    const bool compressed = (hd.flags & kFlagCompressed) != 0;
    const uint64_t sections_limit = compressed ? dir_end + uint64_t{kMaxExpandedBody} : hd.body_size;
    Bytes sec[6];
    uint32_t sec_off[6] = {}, sec_size[6] = {};
    bool present[6] = {};
    size_t expect = dir_end;
    size_t order = 0;
    for (uint16_t i = 0; i < hd.section_count; ++i) {
        const uint8_t* e = h + kHeaderSize + kDirEntrySize * i;
        uint32_t kind = load_le32(e), off = load_le32(e + 4), size = load_le32(e + 8);
        uint32_t at = static_cast<uint32_t>(kHeaderSize + kDirEntrySize * i);
        while (order < 6 && kSectionOrder[order] != kind) ++order;
        if (order == 6) return reject("directory", at, "unknown or out-of-order section kind");
        if (off != expect) return reject("directory", at, "section is not contiguous with the previous one");
        if (size > sections_limit - off)
            return reject("directory", at,
                          compressed ? Str("section exceeds the 16 MiB expanded-body limit")
                                     : Str("section exceeds the body"));
        sec_off[order] = off, sec_size[order] = size;
        present[order] = true;
        expect = static_cast<size_t>(off) + size;
        ++order;
    }
    Bytes sections_base = bytes;  // where sec_off[] points
    size_t base_off = 0;
    if (!compressed) {
        if (expect != hd.body_size) return reject("directory", none, "sections do not end at body_size");
    } else {
        // Inflate once into a buffer of exactly the declared size; the codec checks every token.
        const size_t expanded = expect - dir_end;
        if (!m.expanded_.reserve(expanded))
            return Result<Module>(Errc::nomem, "out of memory inflating bytecode");
        for (size_t i = 0; i < expanded; ++i) (void)m.expanded_.push(0);
        String codec_why;
        if (!decompress_body(bytes.subspan(dir_end, hd.body_size - dir_end), m.expanded_.data(), expanded,
                             why ? &codec_why : nullptr))
            return reject("body", static_cast<uint32_t>(dir_end), codec_why.view());
        sections_base = m.expanded_.span();
        base_off = dir_end;
    }
    for (size_t k = 0; k < 6; ++k)
        if (present[k]) sec[k] = sections_base.subspan(sec_off[k] - base_off, sec_size[k]);
    if (!present[0] || !present[1]) return reject("directory", none, "STRS and CODE sections are required");

    // STRS
    {
        Reader r{sec[0]};
        uint32_t count;
        if (!r.varint(&count) || count > kMaxStrings || count > r.data.size())
            return reject("strs", 0, "bad string count");
        if (!m.strings_.reserve(count)) return Result<Module>(Errc::nomem, "out of memory loading bytecode");
        for (uint32_t i = 0; i < count; ++i) {
            uint32_t at = static_cast<uint32_t>(r.pos);
            uint32_t len;
            if (!r.varint(&len) || len > kMaxStringSize || len > r.data.size() - r.pos)
                return reject("strs", at, "string length out of bounds");
            (void)m.strings_.push(Str(reinterpret_cast<const char*>(r.data.data() + r.pos), len));
            r.pos += len;
        }
        if (!r.done())
            return reject("strs", static_cast<uint32_t>(r.pos), "trailing bytes in the string table");
    }
    const uint32_t nstr = static_cast<uint32_t>(m.strings_.size());
    auto str_ok = [&](uint32_t i) { return i < nstr; };

    // MENU (parsed before CODE so `hide` operands can be range-checked in the code pass).
    Vec<uint32_t> targets;  // every code offset that must be an empty-stack instruction start
    if (present[2]) {
        Reader r{sec[2]};
        uint32_t count;
        if (!r.varint(&count) || count > r.data.size()) return reject("menu", 0, "bad menu count");
        for (uint32_t i = 0; i < count; ++i) {
            MenuView mv{};
            uint32_t at = static_cast<uint32_t>(r.pos);
            if (!r.varint(&mv.id) || !r.varint(&mv.title) || !r.varint(&mv.timeout_ms) ||
                !r.varint(&mv.default_item) || !r.varint(&mv.item_count))
                return reject("menu", at, "truncated menu");
            if (!str_ok(mv.id) || !str_ok(mv.title)) return reject("menu", at, "string index out of range");
            if (mv.item_count > r.data.size() - r.pos) return reject("menu", at, "item count out of bounds");
            if (mv.default_item > mv.item_count) return reject("menu", at, "default item out of range");
            mv.first_item = static_cast<uint32_t>(m.items_.size());
            for (uint32_t j = 0; j < mv.item_count; ++j) {
                MenuItemView it{};
                uint32_t iat = static_cast<uint32_t>(r.pos);
                uint8_t kind;
                if (!r.byte(&kind) || !r.varint(&it.id) || !r.varint(&it.label) || !r.varint(&it.key) ||
                    !r.varint(&it.target))
                    return reject("menu", iat, "truncated menu item");
                if (kind > 2) return reject("menu", iat, "unknown item kind");
                it.kind = static_cast<ItemKind>(kind);
                if (!str_ok(it.id) || !str_ok(it.label))
                    return reject("menu", iat, "string index out of range");
                if (it.key > 0x10ffff) return reject("menu", iat, "hotkey is not a Unicode code point");
                if (it.kind == ItemKind::Item) {
                    if (!targets.push(it.target)) return Result<Module>(Errc::nomem, "out of memory");
                } else if (it.target != 0) {
                    return reject("menu", iat, "gap or header with a jump target");
                }
                if (!m.items_.push(it)) return Result<Module>(Errc::nomem, "out of memory");
            }
            if (mv.default_item && m.items_[mv.first_item + mv.default_item - 1].kind != ItemKind::Item)
                return reject("menu", at, "default item is a gap or header");
            if (!m.menus_.push(mv)) return Result<Module>(Errc::nomem, "out of memory");
        }
        if (!r.done())
            return reject("menu", static_cast<uint32_t>(r.pos), "trailing bytes in the menu table");
    }

    // LABL: sorted, unique names.
    if (present[3]) {
        Reader r{sec[3]};
        uint32_t count;
        if (!r.varint(&count) || count > r.data.size()) return reject("labl", 0, "bad label count");
        for (uint32_t i = 0; i < count; ++i) {
            LabelView lv{};
            uint32_t at = static_cast<uint32_t>(r.pos);
            if (!r.varint(&lv.name) || !r.varint(&lv.target)) return reject("labl", at, "truncated label");
            if (!str_ok(lv.name)) return reject("labl", at, "string index out of range");
            if (i > 0 && !(m.strings_[m.labels_.back().name] < m.strings_[lv.name]))
                return reject("labl", at, "labels not strictly sorted by name");
            if (!m.labels_.push(lv) || !targets.push(lv.target))
                return Result<Module>(Errc::nomem, "out of memory");
        }
        if (!r.done())
            return reject("labl", static_cast<uint32_t>(r.pos), "trailing bytes in the label table");
    }

    // CODE: one linear pass.
    m.code_ = sec[1];
    const Bytes code = m.code_;
    if (code.empty()) return reject("code", 0, "empty code section");
    // Bitmap of offsets where an instruction starts with an empty stack.
    Vec<uint8_t> boundary;
    if (!boundary.reserve(code.size() / 8 + 1)) return Result<Module>(Errc::nomem, "out of memory");
    for (size_t i = 0; i < code.size() / 8 + 1; ++i) (void)boundary.push(0);
    uint32_t depth = 0;
    uint32_t pos = 0;
    const OpInfo* last = nullptr;
    while (pos < code.size()) {
        Instruction in;
        DecodeError de = decode_instruction(code, pos, &in);
        if (de == DecodeError::bad_opcode) {
            f.fail("code", pos, "unknown opcode", code[pos], true);
            return Result<Module>(Errc::badmsg, "malformed bytecode");
        }
        if (de == DecodeError::truncated) return reject("code", pos, "truncated instruction");
        const OpInfo& op = *in.info;
        if (depth == 0) boundary[pos / 8] |= static_cast<uint8_t>(1u << (pos % 8));
        if ((op.flags & kEmptyStack) && depth != 0) return reject("code", pos, "stack not empty here");
        // Operand checks by kind.
        const OperandKind kinds[2] = {op.a, op.b};
        const uint32_t vals[2] = {in.a, in.b};
        for (int k = 0; k < 2; ++k) {
            switch (kinds[k]) {
                case OperandKind::Str:
                    if (!str_ok(vals[k])) return reject("code", pos, "string index out of range");
                    break;
                case OperandKind::Menu:
                    if (vals[k] >= m.menus_.size()) return reject("code", pos, "menu index out of range");
                    break;
                case OperandKind::Off:
                    if (!targets.push(vals[k])) return Result<Module>(Errc::nomem, "out of memory");
                    break;
                case OperandKind::Num:
                case OperandKind::None:
                    break;
            }
        }
        if (op.op == Op::Hide && in.b >= m.menus_[in.a].item_count)
            return reject("code", pos, "hidden item out of range");
        uint32_t pops = op.pops == kPopsOperandA ? in.a : static_cast<uint32_t>(op.pops);
        if (op.op == Op::Exec && (in.a < 1 || in.a > kMaxExecArgs))
            return reject("code", pos, "bad exec argument count");
        if (pops > depth) return reject("code", pos, "stack underflow");
        depth -= pops;
        if ((op.flags & kEmptyAfter) && depth != 0) return reject("code", pos, "stack not empty here");
        depth += static_cast<uint32_t>(op.pushes);
        if (depth > hd.max_stack) return reject("code", pos, "stack deeper than max_stack");
        pos += in.size;
        last = &op;
    }
    if (!(last->flags & kNoFallthrough))
        return reject("code", pos, "code can run off its end (last instruction must be jmp or ret)");
    if (!targets.push(hd.entry)) return Result<Module>(Errc::nomem, "out of memory");
    for (uint32_t t : targets) {
        if (t >= code.size() || !(boundary[t / 8] & (1u << (t % 8)))) {
            f.fail("code", none, "jump target is not an empty-stack instruction boundary:", t, true);
            return Result<Module>(Errc::badmsg, "malformed bytecode");
        }
    }

    // DBUG
    if (present[4]) {
        if (!(hd.flags & kFlagDebug)) return reject("dbug", 0, "DBUG section without the DEBUG flag");
        Reader r{sec[4]};
        uint32_t nfiles;
        if (!r.varint(&nfiles) || nfiles > r.data.size()) return reject("dbug", 0, "bad file count");
        for (uint32_t i = 0; i < nfiles; ++i) {
            uint32_t s;
            if (!r.varint(&s) || !str_ok(s))
                return reject("dbug", static_cast<uint32_t>(r.pos), "bad file name index");
            (void)m.debug_files_.push(s);
        }
        uint32_t n;
        if (!r.varint(&n) || n > r.data.size())
            return reject("dbug", static_cast<uint32_t>(r.pos), "bad entry count");
        uint32_t off = 0;
        for (uint32_t i = 0; i < n; ++i) {
            uint32_t delta, file, line;
            uint32_t at = static_cast<uint32_t>(r.pos);
            if (!r.varint(&delta) || !r.varint(&file) || !r.varint(&line))
                return reject("dbug", at, "truncated entry");
            if (delta > code.size() - off || file >= nfiles) return reject("dbug", at, "entry out of range");
            off += delta;
            (void)m.debug_.push(Module::DebugEntry{off, file, line});
        }
        if (!r.done()) return reject("dbug", static_cast<uint32_t>(r.pos), "trailing bytes");
    } else if (hd.flags & kFlagDebug) {
        return reject("header", 8, "DEBUG flag without a DBUG section");
    }

    // META
    if (present[5]) {
        Reader r{sec[5]};
        uint32_t n;
        if (!r.varint(&n) || n > r.data.size()) return reject("meta", 0, "bad count");
        for (uint32_t i = 0; i < n; ++i) {
            LabelView kv{};
            if (!r.varint(&kv.name) || !r.varint(&kv.target) || !str_ok(kv.name) || !str_ok(kv.target))
                return reject("meta", static_cast<uint32_t>(r.pos), "bad entry");
            (void)m.meta_.push(kv);
        }
        if (!r.done()) return reject("meta", static_cast<uint32_t>(r.pos), "trailing bytes");
    }
    return m;
}

bool Module::find_label(Str name, uint32_t* target) const {
    size_t lo = 0, hi = labels_.size();
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strings_[labels_[mid].name].compare(name);
        if (c == 0) {
            *target = labels_[mid].target;
            return true;
        }
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return false;
}

int Module::find_menu(Str id) const {
    for (size_t i = 0; i < menus_.size(); ++i)
        if (strings_[menus_[i].id] == id) return static_cast<int>(i);
    return -1;
}

SourcePos Module::source_at(uint32_t code_offset) const {
    SourcePos p;
    size_t lo = 0, hi = debug_.size();
    while (lo < hi) {  // last entry with offset <= code_offset
        size_t mid = lo + (hi - lo) / 2;
        if (debug_[mid].offset <= code_offset)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0) return p;
    const DebugEntry& e = debug_[lo - 1];
    p.file = strings_[debug_files_[e.file]];
    p.line = e.line;
    return p;
}

Str Module::meta(Str key) const {
    for (const LabelView& kv : meta_)
        if (strings_[kv.name] == key) return strings_[kv.target];
    return Str();
}

}  // namespace carte::bc
