// The settings tree, as in iPXE: a root block (values from `set`), and below it named blocks
// such as `net0` (with child `dhcp`, so `net0.dhcp`), `smbios` and `builtin`. `netX` names the
// most recently opened network device. Each stored value keeps the type it was stored with.
//
// Lookup without a scope tries the root first, then the children depth-first, siblings ordered
// by their `priority` setting (175.1, higher first) and then by registration order. A scoped
// lookup (`net0/ip`) searches that block and its descendants. Lookups never create blocks;
// stores create missing ones (`set foo/bar baz` creates `foo`).
//
// Blocks may carry a SettingsProvider that computes values (builtin, smbios); it is asked before
// the block's stored values. A DeferredSettings source (the firmware's DHCP, running while the
// menu is already up) is asked to finish when a lookup misses something it may still register.
#pragma once
#include "runtime/settings/setting_ref.h"

namespace carte {

class SettingsBlock;

// One value, as lookups and enumeration see it. Views are valid until the store changes.
struct SettingInfo {
    Str name;
    uint32_t tag = 0;
    SettingTypeId type = SettingTypeId::string;
    Bytes raw;
};

// Computed settings for one block. Implemented by the runtime (builtin) and platforms (smbios).
class SettingsProvider {
  public:
    // Appends the value `ref` asks for to *raw and sets *type; Errc::noent if it has none.
    virtual Status fetch(const SettingRef& ref, Vec<uint8_t>* raw, SettingTypeId* type) = 0;
    // Stores raw bytes (e.g. `set unixtime`). Read-only by default.
    virtual Status store(const SettingRef&, Bytes) { return Error(Errc::perm, "read-only setting"); }
    // Names this provider can fetch, for `show`/`config`.
    virtual Span<const Str> names() const { return {}; }

  protected:
    ~SettingsProvider() = default;
};

// Visitor for enumeration: called once per value with the block that holds it.
using SettingVisitor = void (*)(void* ctx, const SettingsBlock& block, const SettingInfo& info);

// A value stored in a block: name and bytes share one allocation.
// Settings that are still on their way (a DHCP lease being negotiated in the background). On a
// lookup miss the store calls settle(&ref) (nullptr: before listing everything) and, if it
// answers true, looks again; settle blocks until the source has registered what it will, or
// decides the reference is not its business (a name DHCP can never supply) and returns false.
class DeferredSettings {
  public:
    virtual bool settle(const SettingRef* ref) = 0;
    // False once the source has registered all it ever will: the store then stops asking.
    virtual bool pending() const = 0;

  protected:
    ~DeferredSettings() = default;
};

class StoredSetting {
  public:
    static Result<StoredSetting> make(Str name, uint32_t tag, SettingTypeId type, Bytes raw);
    Str name() const { return Str(reinterpret_cast<const char*>(data_.data()), name_len_); }
    Bytes raw() const { return Bytes(data_.data() + name_len_, data_.size() - name_len_); }
    uint32_t tag() const { return tag_; }
    uint32_t name_hash() const { return hash_; }
    SettingTypeId type() const { return type_; }
    SettingInfo info() const { return {name(), tag_, type_, raw()}; }

  private:
    Vec<uint8_t> data_;  // name bytes, then value bytes
    uint32_t tag_ = 0;
    uint32_t hash_ = 0;  // setting_name_hash(name())
    uint16_t name_len_ = 0;
    SettingTypeId type_ = SettingTypeId::string;
};

class SettingsBlock {
  public:
    SettingsBlock(const SettingsBlock&) = delete;
    SettingsBlock& operator=(const SettingsBlock&) = delete;

    Str name() const { return name_; }  // "" for the root, "dhcp" for net0.dhcp
    const SettingsBlock* parent() const { return parent_; }
    Span<SettingsBlock* const> children() const { return children_.span(); }
    Span<const StoredSetting> stored() const { return entries_.span(); }
    SettingsProvider* provider() const { return provider_; }
    int priority() const { return priority_; }
    // The dotted path from the root: "net0.dhcp" ("" for the root).
    [[nodiscard]] bool path(String* out) const;

  private:
    friend class SettingsStore;
    SettingsBlock() = default;
    ~SettingsBlock();
    template <class T, class... A>
    friend T* make(A&&...);
    template <class T>
    friend void destroy(T*);

    String name_;
    SettingsBlock* parent_ = nullptr;
    SettingsProvider* provider_ = nullptr;
    Vec<StoredSetting> entries_;
    Vec<SettingsBlock*> children_;  // owned, in lookup order
    int priority_ = 0;
    uint32_t sequence_ = 0;  // registration order, the tie-break between equal priorities
};

class SettingsStore {
  public:
    SettingsStore();
    ~SettingsStore();
    SettingsStore(const SettingsStore&) = delete;
    SettingsStore& operator=(const SettingsStore&) = delete;

    const SettingsBlock& root() const { return root_; }

    // --- Text interface, for commands (`set`, `clear`, `show`, `inc`) and expansion -----------

    // Appends the formatted value of `ref` (`net0/mac:hexhyp`). Errc::noent if the setting is
    // undefined or the scope unknown; Errc::inval for an unknown type.
    Status fetch_text(Str ref, String* out) const;
    Status fetch_text(const SettingRef& ref, String* out) const;
    // `set`: parses `value` with the reference's type and stores it, creating missing scopes.
    // An empty value deletes the setting.
    Status store_text(Str ref, Str value);
    // `clear`: deletes the setting from the named (or root) block. Not an error if absent.
    Status erase(Str ref);
    // The numeric value (`inc`): the stored type must be an integer type.
    Result<int64_t> fetch_number(Str ref) const;
    // Stores a number with the reference's type if given, else the stored or predefined integer
    // type, else int32 (so `inc` on a missing setting makes an int32).
    Status store_number(Str ref, int64_t value);
    // `show`: appends "name:type = value", prefixed by the scope that holds it ("net0.dhcp/ip:ipv4 = …").
    Status describe(Str ref, String* out) const;

    // --- Structured interface -------------------------------------------------------------

    // Finds the value. *raw gets a copy of the bytes; *origin (optional) the block that holds it.
    Status fetch(const SettingRef& ref, Vec<uint8_t>* raw, SettingTypeId* type,
                 const SettingsBlock** origin = nullptr) const;
    // Looks up a block by dotted path ("" is the root, "netX" the alias). Never creates.
    const SettingsBlock* find_block(Str path) const;
    // Stores raw bytes in `block` (nullptr: root), replacing a value with the same name/tag.
    Status store_raw(const SettingsBlock* block, Str name, uint32_t tag, SettingTypeId type, Bytes raw);
    Status erase(const SettingsBlock* block, const SettingRef& ref);
    // Stores through the reference (scope autovivified, provider honoured); empty `raw` deletes.
    Status store(const SettingRef& ref, SettingTypeId type, Bytes raw);
    // Visits the values of `block` (nullptr: root) and, if `recursive`, of its descendants, in
    // lookup order. Provider values come first within a block.
    void enumerate(const SettingsBlock* block, bool recursive, SettingVisitor visit, void* ctx) const;

    // --- Registration, for the platform and the network stack ----------------------------

    // Creates (or replaces, dropping its values and children) the block at `path`; missing
    // parents are created. `provider` (may be null) must outlive the block. Block pointers stay
    // valid until that block (or an ancestor) is replaced or unregistered.
    Result<const SettingsBlock*> register_block(Str path, SettingsProvider* provider = nullptr);
    // Finds or creates the block at `path` (the `set foo/bar` autovivification).
    Result<const SettingsBlock*> open_block(Str path);
    void unregister_block(Str path);
    // Points the `netX` alias at a top-level block ("net0"), e.g. when a netdev is opened.
    Status set_netx(Str block_name);
    // The source asked on lookup misses until it is no longer pending (nullptr: none).
    void set_deferred(DeferredSettings* source) { deferred_ = source; }

  private:
    SettingsBlock* mutable_block(const SettingsBlock* b) const { return const_cast<SettingsBlock*>(b); }
    SettingsBlock* find_child(const SettingsBlock* parent, Str name) const;
    SettingsBlock* find_path(Str path) const;
    Result<SettingsBlock*> create_path(Str path, bool replace_last);
    void reprioritise(SettingsBlock* block);
    bool find_in(const SettingsBlock* block, const SettingRef& ref, uint32_t hash, Vec<uint8_t>* scratch,
                 SettingInfo* found, const SettingsBlock** origin) const;
    bool lookup(const SettingRef& ref, Vec<uint8_t>* scratch, SettingInfo* found,
                const SettingsBlock** origin) const;
    bool lookup_now(const SettingRef& ref, Vec<uint8_t>* scratch, SettingInfo* found,
                    const SettingsBlock** origin) const;
    bool settle_deferred(const SettingRef* ref) const;
    void enumerate_block(const SettingsBlock* block, bool recursive, SettingVisitor visit, void* ctx) const;

    SettingsBlock root_;
    String netx_;  // name of the block `netX` stands for
    // Lookups are const, yet a miss may let the deferred source register settings: the store's
    // logical contents are "everything, including what is still on its way".
    mutable DeferredSettings* deferred_ = nullptr;
    uint32_t next_sequence_ = 1;
};

}  // namespace carte
