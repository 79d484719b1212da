#include "runtime/settings/settings_store.h"

#include "runtime/settings/predefined_settings.h"

namespace carte {
namespace {

bool same_setting(Str name_a, uint32_t tag_a, Str name_b, uint32_t tag_b) {
    if (tag_a && tag_b) return tag_a == tag_b;
    return name_a == name_b;
}

// Splits "a.b.c" one level at a time.
Str next_component(Str* path) {
    size_t dot = path->find('.');
    Str head = path->substr(0, dot);
    *path = dot == Str::npos ? Str() : path->drop(dot + 1);
    return head;
}

// The priority a block advertises: its own (or its first descendant's) `priority` value.
bool find_priority(const SettingsBlock* block, int* priority) {
    for (const StoredSetting& e : block->stored()) {
        if (e.tag() != kPriorityTag) continue;
        auto v = setting_bytes_to_number(SettingTypeId::int8, e.raw());
        *priority = v ? static_cast<int>(*v) : 0;
        return true;
    }
    for (const SettingsBlock* child : block->children())
        if (find_priority(child, priority)) return true;
    return false;
}

}  // namespace

// ---- StoredSetting ---------------------------------------------------------------------------

Result<StoredSetting> StoredSetting::make(Str name, uint32_t tag, SettingTypeId type, Bytes raw) {
    if (name.size() > 0xffff) return Error(Errc::inval, "setting name too long");
    StoredSetting s;
    if (!s.data_.reserve(name.size() + raw.size())) return Errc::nomem;
    for (char c : name) (void)s.data_.push(static_cast<uint8_t>(c));
    for (uint8_t b : raw) (void)s.data_.push(b);
    s.tag_ = tag;
    s.hash_ = setting_name_hash(name);
    s.name_len_ = static_cast<uint16_t>(name.size());
    s.type_ = type;
    return s;
}

// ---- SettingsBlock ---------------------------------------------------------------------------

SettingsBlock::~SettingsBlock() {
    for (SettingsBlock* child : children_) destroy(child);
}

bool SettingsBlock::path(String* out) const {
    if (!parent_) return true;  // the root has an empty path
    if (parent_->parent_) {
        if (!parent_->path(out) || !out->append('.')) return false;
    }
    return out->append(name_.view());
}

// ---- SettingsStore: blocks -------------------------------------------------------------------

SettingsStore::SettingsStore() = default;
SettingsStore::~SettingsStore() = default;

SettingsBlock* SettingsStore::find_child(const SettingsBlock* parent, Str name) const {
    for (SettingsBlock* child : parent->children_)
        if (child->name_.view() == name) return child;
    if (parent == &root_ && name == "netX" && !netx_.empty() && netx_.view() != name)
        return find_child(parent, netx_.view());
    return nullptr;
}

SettingsBlock* SettingsStore::find_path(Str path) const {
    auto* block = const_cast<SettingsBlock*>(&root_);
    while (block && !path.empty()) block = find_child(block, next_component(&path));
    return block;
}

const SettingsBlock* SettingsStore::find_block(Str path) const {
    const SettingsBlock* block = find_path(path);
    if (block || !deferred_) return block;
    SettingRef ref;  // "is anything under this scope still coming?"
    ref.scope = path;
    ref.scoped = true;
    return settle_deferred(&ref) ? find_path(path) : nullptr;
}

Result<SettingsBlock*> SettingsStore::create_path(Str path, bool replace_last) {
    SettingsBlock* block = &root_;
    while (!path.empty()) {
        Str name = next_component(&path);
        if (name.empty()) return Error(Errc::inval, "empty settings scope name");
        SettingsBlock* child = find_child(block, name);
        bool last = path.empty();
        if (child && last && replace_last) {
            for (size_t i = 0; i < block->children_.size(); ++i)
                if (block->children_[i] == child) block->children_.erase(i);
            destroy(child);
            child = nullptr;
        }
        if (!child) {
            child = make<SettingsBlock>();
            if (!child) return Errc::nomem;
            if (!child->name_.append(name) || !block->children_.push(child)) {
                destroy(child);
                return Errc::nomem;
            }
            child->parent_ = block;
            child->sequence_ = next_sequence_++;
            reprioritise(child);  // moves it to its place among its siblings
        }
        block = child;
    }
    return block;
}

Result<const SettingsBlock*> SettingsStore::register_block(Str path, SettingsProvider* provider) {
    if (path.empty()) return Error(Errc::inval, "cannot replace the root settings block");
    auto block = create_path(path, true);
    if (!block) return block.error();
    (*block)->provider_ = provider;
    return static_cast<const SettingsBlock*>(*block);
}

Result<const SettingsBlock*> SettingsStore::open_block(Str path) {
    auto block = create_path(path, false);
    if (!block) return block.error();
    return static_cast<const SettingsBlock*>(*block);
}

void SettingsStore::unregister_block(Str path) {
    if (path.empty()) return;
    SettingsBlock* block = find_path(path);
    if (!block || !block->parent_) return;
    SettingsBlock* parent = block->parent_;
    for (size_t i = 0; i < parent->children_.size(); ++i)
        if (parent->children_[i] == block) parent->children_.erase(i);
    destroy(block);
    if (parent != &root_) reprioritise(parent);
}

Status SettingsStore::set_netx(Str block_name) {
    netx_.clear();
    return netx_.append(block_name) ? Status() : Status(Errc::nomem);
}

// Re-sorts `block` among its siblings (priority descending, then registration order) and
// propagates upwards, since a parent advertises its first descendant's priority.
void SettingsStore::reprioritise(SettingsBlock* block) {
    while (block && block->parent_) {
        int priority = 0;
        (void)find_priority(block, &priority);
        block->priority_ = priority;
        Vec<SettingsBlock*>& siblings = block->parent_->children_;
        size_t at = 0;
        while (siblings[at] != block) ++at;
        siblings.erase(at);
        size_t pos = 0;
        while (pos < siblings.size() &&
               (siblings[pos]->priority_ > priority ||
                (siblings[pos]->priority_ == priority && siblings[pos]->sequence_ < block->sequence_)))
            ++pos;
        (void)siblings.push(nullptr);  // cannot fail: the erase above left room
        for (size_t i = siblings.size() - 1; i > pos; --i) siblings[i] = siblings[i - 1];
        siblings[pos] = block;
        block = block->parent_;
    }
}

// ---- SettingsStore: lookup -------------------------------------------------------------------

bool SettingsStore::find_in(const SettingsBlock* block, const SettingRef& ref, uint32_t hash,
                            Vec<uint8_t>* scratch, SettingInfo* found, const SettingsBlock** origin) const {
    if (block->provider_) {
        scratch->clear();
        SettingTypeId type = ref.type;
        if (block->provider_->fetch(ref, scratch, &type).ok()) {
            *found = {ref.name, ref.tag, type, Bytes(scratch->data(), scratch->size())};
            if (origin) *origin = block;
            return true;
        }
    }
    for (const StoredSetting& e : block->entries_) {
        bool match = ref.tag && e.tag() ? ref.tag == e.tag() : hash == e.name_hash() && ref.name == e.name();
        if (!match) continue;
        *found = e.info();
        if (origin) *origin = block;
        return true;
    }
    for (const SettingsBlock* child : block->children_)
        if (find_in(child, ref, hash, scratch, found, origin)) return true;
    return false;
}

bool SettingsStore::lookup_now(const SettingRef& ref, Vec<uint8_t>* scratch, SettingInfo* found,
                               const SettingsBlock** origin) const {
    const SettingsBlock* start = ref.scoped ? find_path(ref.scope) : &root_;
    return start && find_in(start, ref, setting_name_hash(ref.name), scratch, found, origin);
}

bool SettingsStore::lookup(const SettingRef& ref, Vec<uint8_t>* scratch, SettingInfo* found,
                           const SettingsBlock** origin) const {
    if (lookup_now(ref, scratch, found, origin)) return true;
    return deferred_ && settle_deferred(&ref) && lookup_now(ref, scratch, found, origin);
}

bool SettingsStore::settle_deferred(const SettingRef* ref) const {
    DeferredSettings* source = deferred_;
    if (!source) return false;
    deferred_ = nullptr;  // settle() registers settings, whose own lookups must not re-enter it
    bool changed = source->settle(ref);
    if (!deferred_ && source->pending()) deferred_ = source;
    return changed;
}

Status SettingsStore::fetch(const SettingRef& ref, Vec<uint8_t>* raw, SettingTypeId* type,
                            const SettingsBlock** origin) const {
    Vec<uint8_t> scratch;
    SettingInfo found;
    if (!lookup(ref, &scratch, &found, origin)) return Error(Errc::noent, "setting not found");
    raw->clear();
    if (!raw->reserve(found.raw.size())) return Errc::nomem;
    for (uint8_t b : found.raw) (void)raw->push(b);
    *type = found.type;
    return {};
}

Status SettingsStore::fetch_text(const SettingRef& ref, String* out) const {
    Vec<uint8_t> scratch;  // only providers fill it; stored values are formatted in place
    SettingInfo found;
    if (!lookup(ref, &scratch, &found, nullptr)) return Error(Errc::noent, "setting not found");
    size_t mark = out->size();
    Status st = format_setting(ref.type_given ? ref.type : found.type, found.raw, out);
    if (!st) out->truncate(mark);
    return st;
}

Status SettingsStore::fetch_text(Str ref, String* out) const {
    auto parsed = parse_setting_ref(ref);
    if (!parsed) return parsed.error();
    return fetch_text(*parsed, out);
}

Result<int64_t> SettingsStore::fetch_number(Str ref) const {
    auto parsed = parse_setting_ref(ref);
    if (!parsed) return parsed.error();
    Vec<uint8_t> scratch;
    SettingInfo found;
    if (!lookup(*parsed, &scratch, &found, nullptr)) return Error(Errc::noent, "setting not found");
    SettingTypeId type = parsed->type_given ? parsed->type : found.type;
    if (!setting_type(type).int_size) return Error(Errc::inval, "not a numeric setting");
    return setting_bytes_to_number(type, found.raw);
}

Status SettingsStore::describe(Str ref, String* out) const {
    auto parsed = parse_setting_ref(ref);
    if (!parsed) return parsed.error();
    Vec<uint8_t> scratch;
    SettingInfo found;
    const SettingsBlock* origin = nullptr;
    if (!lookup(*parsed, &scratch, &found, &origin)) return Error(Errc::noent, "setting not found");
    SettingTypeId type = parsed->type_given ? parsed->type : found.type;
    size_t mark = out->size();
    bool ok = origin->path(out) && (out->size() == mark || out->append('/')) && out->append(found.name) &&
              out->append(':') && out->append(setting_type(type).name) && out->append(" = ");
    if (!ok) return Errc::nomem;
    Status st = format_setting(type, found.raw, out);
    if (!st) out->truncate(mark);
    return st;
}

void SettingsStore::enumerate_block(const SettingsBlock* block, bool recursive, SettingVisitor visit,
                                    void* ctx) const {
    if (block->provider_) {
        Vec<uint8_t> scratch;
        for (Str name : block->provider_->names()) {
            auto ref = parse_setting_ref(name);
            if (!ref) continue;
            scratch.clear();
            SettingTypeId type = ref->type;
            if (!block->provider_->fetch(*ref, &scratch, &type)) continue;
            visit(ctx, *block, SettingInfo{ref->name, ref->tag, type, Bytes(scratch.data(), scratch.size())});
        }
    }
    for (const StoredSetting& e : block->entries_) visit(ctx, *block, e.info());
    if (!recursive) return;
    for (const SettingsBlock* child : block->children_) enumerate_block(child, true, visit, ctx);
}

void SettingsStore::enumerate(const SettingsBlock* block, bool recursive, SettingVisitor visit,
                              void* ctx) const {
    if (deferred_) (void)settle_deferred(nullptr);  // a listing shows the lease too
    enumerate_block(block ? block : &root_, recursive, visit, ctx);
}

// ---- SettingsStore: store and erase ----------------------------------------------------------

Status SettingsStore::store_raw(const SettingsBlock* target, Str name, uint32_t tag, SettingTypeId type,
                                Bytes raw) {
    SettingsBlock* block = mutable_block(target ? target : &root_);
    auto fresh = StoredSetting::make(name, tag, type, raw);
    if (!fresh) return fresh.error();
    bool replaced = false;
    for (StoredSetting& e : block->entries_) {
        if (!same_setting(e.name(), e.tag(), name, tag)) continue;
        e = fresh.take();
        replaced = true;
        break;
    }
    if (!replaced && !block->entries_.push(fresh.take())) return Errc::nomem;
    if (tag == kPriorityTag) reprioritise(block);
    return {};
}

Status SettingsStore::erase(const SettingsBlock* target, const SettingRef& ref) {
    SettingsBlock* block = mutable_block(target ? target : &root_);
    for (size_t i = 0; i < block->entries_.size(); ++i) {
        if (!setting_matches(ref, block->entries_[i].name(), block->entries_[i].tag())) continue;
        block->entries_.erase(i);
        if (ref.tag == kPriorityTag) reprioritise(block);
        break;
    }
    return {};
}

Status SettingsStore::store(const SettingRef& ref, SettingTypeId type, Bytes raw) {
    if (ref.name.empty()) return Error(Errc::inval, "empty setting name");
    const SettingsBlock* block = &root_;
    if (ref.scoped) {
        auto opened = open_block(ref.scope);
        if (!opened) return opened.error();
        block = *opened;
    }
    if (block->provider_) return block->provider_->store(ref, raw);
    if (raw.empty()) return erase(block, ref);
    return store_raw(block, ref.name, ref.tag, type, raw);
}

Status SettingsStore::store_text(Str ref, Str value) {
    auto parsed = parse_setting_ref(ref);
    if (!parsed) return parsed.error();
    Vec<uint8_t> raw;
    if (!value.empty()) CARTE_TRY(parse_setting(parsed->type, value, &raw));
    return store(*parsed, parsed->type, Bytes(raw.data(), raw.size()));
}

Status SettingsStore::erase(Str ref) {
    auto parsed = parse_setting_ref(ref);
    if (!parsed) return parsed.error();
    const SettingsBlock* block = parsed->scoped ? find_path(parsed->scope) : &root_;
    if (!block) return {};
    if (block->provider_) return block->provider_->store(*parsed, Bytes());
    return erase(block, *parsed);
}

Status SettingsStore::store_number(Str ref, int64_t value) {
    auto parsed = parse_setting_ref(ref);
    if (!parsed) return parsed.error();
    SettingTypeId type = parsed->type;
    if (!parsed->type_given) {
        Vec<uint8_t> scratch;
        SettingInfo found;
        if (lookup(*parsed, &scratch, &found, nullptr) && setting_type(found.type).int_size)
            type = found.type;
        else if (!parsed->predefined || !setting_type(type).int_size)
            type = SettingTypeId::int32;
    }
    Vec<uint8_t> raw;
    CARTE_TRY(setting_number_to_bytes(type, value, &raw));
    return store(*parsed, type, Bytes(raw.data(), raw.size()));
}

}  // namespace carte
