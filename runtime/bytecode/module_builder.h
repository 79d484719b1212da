// ModuleBuilder: the encoder every front-end uses (the Carte compiler, the iPXE script
// translator, the assembler). Instructions are collected with symbolic labels and laid out in
// finish(), which iterates until varint jump operands stop growing, so output is minimal and
// deterministic: the same calls always give the same bytes.
#pragma once
#include "runtime/bytecode/format.h"
#include "runtime/bytecode/opcode.h"
#include "runtime/rt/result.h"
#include "runtime/rt/string.h"
#include "runtime/rt/vec.h"

namespace carte::bc {

struct Label {
    uint32_t id = 0xffffffffu;
    bool valid() const { return id != 0xffffffffu; }
};

struct ItemSpec {
    ItemKind kind = ItemKind::Item;
    Str id;
    Str label;
    uint32_t key = 0;  // Unicode code point, 0 = none
    Label target;      // items only
};

struct MenuSpec {
    Str id;
    Str title;
    uint32_t timeout_ms = 0;
    uint32_t default_item = 0;  // 1 + index, 0 = first selectable
    Span<const ItemSpec> items;
};

class ModuleBuilder {
  public:
    ModuleBuilder();
    ModuleBuilder(const ModuleBuilder&) = delete;
    ModuleBuilder& operator=(const ModuleBuilder&) = delete;

    // Strings are numbered in order of first use.
    uint32_t intern(Str s);

    Label new_label();
    // Binds `l` to the next instruction emitted.
    void bind(Label l);

    // Generic emission; operand meaning follows the opcode table. For `off` operands use jump().
    void emit(Op op, uint32_t a = 0, uint32_t b = 0);
    void jump(Op op, Label target);
    // Conveniences.
    void push(Str s) { emit(Op::Push, intern(s)); }
    void pushx(Str s) { emit(Op::PushX, intern(s)); }
    // push or pushx, depending on whether `s` contains "${".
    void push_auto(Str s);
    void exec(uint32_t argc) { emit(Op::Exec, argc); }

    // Adds a menu; returns its index. Item targets are labels resolved in finish().
    uint32_t add_menu(const MenuSpec& menu);
    // Named label for `goto`. The first definition of a name wins (iPXE semantics); returns false for a
    // duplicate.
    bool add_named_label(Str name, Label target);

    void set_entry(Label l) { entry_ = l; }
    void set_serial(uint64_t s) { serial_ = s; }
    void set_script_flag(bool script) { script_ = script; }
    // COMPRESSED body (format 1.1) when the sections reach kCompressMinSections bytes and the LZ
    // block is smaller. On by default; off gives plain 1.0 output for tests and debugging.
    void set_compression(bool on) { compress_ = on; }
    static constexpr size_t kCompressMinSections = 1024;
    void add_meta(Str key, Str value);
    // Debug position for the next instruction emitted; enables the DBUG section.
    void set_source(Str file, uint32_t line);

    size_t instruction_count() const { return insns_.size(); }

    // Lays out and serialises the module. Fails if a label is unbound, the stack rules are
    // broken (checked by re-verifying the output), or memory runs out.
    Result<Vec<uint8_t>> finish(String* why = nullptr);

  private:
    struct Insn {
        Op op;
        uint32_t a, b;
        bool a_is_label;
    };
    struct Item {
        ItemKind kind;
        uint32_t id, label, key;
        Label target;
    };
    struct Menu {
        uint32_t id, title, timeout_ms, default_item, first_item, item_count;
    };
    struct Named {
        uint32_t name;
        Label target;
    };
    struct Pos {
        uint32_t insn, file, line;
    };

    bool grow_table();

    Vec<String> strings_;
    Vec<uint32_t> table_;  // open-addressing hash: string index + 1, 0 = empty
    Vec<Insn> insns_;
    Vec<uint32_t> label_insn_;  // label id -> instruction index, or unbound
    Vec<Menu> menus_;
    Vec<Item> items_;
    Vec<Named> named_;
    Vec<uint8_t> is_named_;  // per string index: 1 if it already names a label
    Vec<uint32_t> meta_;     // key, value pairs of string indexes
    Vec<uint32_t> files_;    // string indexes of debug file names
    Vec<Pos> positions_;
    Label entry_;
    uint64_t serial_ = 0;
    bool script_ = false;
    bool compress_ = true;
    bool oom_ = false;
};

}  // namespace carte::bc
