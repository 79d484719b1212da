#include "runtime/settings/setting_ref.h"

#include "runtime/settings/predefined_settings.h"
#include "runtime/settings/text_codecs.h"

namespace carte {

uint32_t parse_setting_tag(Str name) {
    if (name.empty() || name[0] < '0' || name[0] > '9') return 0;  // fast path for ordinary names
    uint32_t tag = 0;
    size_t pos = 0;
    while (true) {
        uint64_t v = 0;
        size_t used = parse_c_ulong(name.drop(pos), &v);
        if (used == 0 || name[pos] < '0' || name[pos] > '9') return 0;  // no sign or space allowed
        tag = tag << 8 | static_cast<uint32_t>(v);
        pos += used;
        if (pos == name.size()) return tag;
        if (name[pos] != '.') return 0;
        ++pos;
    }
}

Result<SettingRef> parse_setting_ref(Str text) {
    SettingRef ref;
    size_t slash = text.find('/');
    if (slash != Str::npos) {
        ref.scoped = true;
        ref.scope = text.substr(0, slash);
        text = text.drop(slash + 1);
    }
    size_t colon = text.find(':');
    ref.name = text.substr(0, colon);
    if (colon != Str::npos) {
        const SettingType* type = find_setting_type(text.drop(colon + 1));
        if (!type) return Error(Errc::inval, "unknown setting type");
        ref.type = setting_type_id(*type);
        ref.type_given = true;
    }
    ref.tag = parse_setting_tag(ref.name);
    const PredefinedSetting* known =
        ref.tag ? find_predefined_setting(ref.tag) : find_predefined_setting(ref.name);
    if (known) {
        ref.predefined = true;
        ref.name = known->name;
        ref.tag = known->tag;
        if (!ref.type_given) ref.type = known->type;
    }
    return ref;
}

}  // namespace carte
