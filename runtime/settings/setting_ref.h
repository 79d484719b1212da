// A reference to a setting as scripts write it: `[scope/]name[:type]`, e.g. `net0.dhcp/209:string`.
// The scope path uses '.' between levels; numeric names are DHCP tags (`209`, `0xd1`, `175.1`).
// Parsing never allocates: the views point into the text.
#pragma once
#include "runtime/settings/setting_type.h"

namespace carte {

struct SettingRef {
    Str scope;            // block path before the first '/'; meaningful only if `scoped`
    bool scoped = false;  // a '/' was present (an empty scope names the root block)
    Str name;             // the predefined name if the tag matched one, else as written
    uint32_t tag = 0;     // DHCP tag (from the number or the predefined setting), 0 if none
    SettingTypeId type = SettingTypeId::string;  // explicit type, else predefined, else string
    bool type_given = false;                     // `:type` was written
    bool predefined = false;                     // the name (or tag) is a predefined setting
};

// Splits on the first '/', then on the first ':' after it. Errc::inval for an unknown type.
Result<SettingRef> parse_setting_ref(Str text);

// `209` -> 209, `0xd1` -> 209, `175.1` -> 0xaf01 (each dotted component shifted in by 8 bits).
// 0 if `name` is not entirely numeric.
uint32_t parse_setting_tag(Str name);

// True if a stored setting (name, tag) is the one `ref` asks for: same tag when both have one,
// otherwise the same name.
inline bool setting_matches(const SettingRef& ref, Str name, uint32_t tag) {
    if (ref.tag && tag) return ref.tag == tag;
    return ref.name == name;
}

// FNV-1a of a setting name: stored settings keep it so a lookup compares names only on a hit.
constexpr uint32_t setting_name_hash(Str name) {
    uint32_t h = 2166136261u;
    for (char c : name) h = (h ^ static_cast<uint8_t>(c)) * 16777619u;
    return h;
}

}  // namespace carte
