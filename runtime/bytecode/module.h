// A loaded, fully verified bytecode module: views into the caller's bytes (which must outlive
// it) plus small decoded tables. A COMPRESSED module's sections are inflated once into a buffer
// the Module owns; bytes()/body()/trailer() always describe the on-disk bytes (what is signed).
// load_module() is the verifier; nothing unverified reaches the VM.
#pragma once
#include "runtime/bytecode/format.h"
#include "runtime/rt/result.h"
#include "runtime/rt/string.h"
#include "runtime/rt/vec.h"

namespace carte::bc {

struct MenuItemView {
    ItemKind kind;
    uint32_t id;      // string index
    uint32_t label;   // string index
    uint32_t key;     // Unicode code point, 0 = none
    uint32_t target;  // code offset (items only)
};

struct MenuView {
    uint32_t id;            // string index
    uint32_t title;         // string index
    uint32_t timeout_ms;    // 0 = none
    uint32_t default_item;  // 1 + item index, 0 = first selectable
    uint32_t first_item;    // index into Module::items()
    uint32_t item_count;
};

struct LabelView {
    uint32_t name;    // string index
    uint32_t target;  // code offset
};

struct SourcePos {
    Str file;
    uint32_t line = 0;  // 0 = unknown
};

struct Header {
    uint16_t major = 0, minor = 0;
    uint32_t flags = 0;
    uint32_t body_size = 0;
    uint64_t serial = 0;
    uint32_t entry = 0;
    uint16_t section_count = 0;
    uint16_t max_stack = 0;
};

class Module {
  public:
    Module() = default;
    Module(Module&&) = default;
    Module& operator=(Module&&) = default;

    const Header& header() const { return header_; }
    Bytes bytes() const { return bytes_; }
    Bytes body() const { return bytes_.subspan(0, header_.body_size); }
    Bytes trailer() const { return bytes_.subspan(header_.body_size); }
    Bytes code() const { return code_; }

    size_t string_count() const { return strings_.size(); }
    Str str(uint32_t index) const { return strings_[index]; }

    Span<const MenuView> menus() const { return menus_.span(); }
    Span<const MenuItemView> items() const { return items_.span(); }
    Span<const MenuItemView> items_of(const MenuView& m) const {
        return items_.span().subspan(m.first_item, m.item_count);
    }
    Span<const LabelView> labels() const { return labels_.span(); }
    // Binary search in the sorted label table. False if there is no such label.
    bool find_label(Str name, uint32_t* target) const;
    // Index of the menu with this id, or -1.
    int find_menu(Str id) const;
    SourcePos source_at(uint32_t code_offset) const;
    Str meta(Str key) const;
    // META entries as (key, value) string indexes, in file order.
    Span<const LabelView> meta_entries() const { return meta_.span(); }

  private:
    friend Result<Module> load_module(Bytes bytes, String* why);
    struct DebugEntry {
        uint32_t offset, file, line;
    };
    Bytes bytes_;
    Vec<uint8_t> expanded_;  // inflated section bytes of a COMPRESSED module, else empty
    Header header_;
    Bytes code_;
    Vec<Str> strings_;
    Vec<MenuView> menus_;
    Vec<MenuItemView> items_;
    Vec<LabelView> labels_;
    Vec<uint32_t> debug_files_;  // string indexes
    Vec<DebugEntry> debug_;
    Vec<LabelView> meta_;  // key/value string indexes (reuses LabelView's shape: name, target=value)
};

// Parses and verifies `bytes` (docs/bytecode.md, "Verification"). On failure returns
// Errc::badmsg and, when `why` is given, a message such as "code+0x1c: jump target 0x40 is not
// an instruction boundary".
Result<Module> load_module(Bytes bytes, String* why = nullptr);

// True if the bytes start with the .cbm magic.
bool looks_like_module(Bytes bytes);

}  // namespace carte::bc
