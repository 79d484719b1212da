#include "runtime/settings/platform_settings.h"

#include "runtime/settings/predefined_settings.h"
#include "runtime/uri/uri_resolve.h"

namespace carte {
namespace {

Status put_text(Str text, Vec<uint8_t>* raw) {
    if (text.empty()) return Errc::noent;
    if (!raw->reserve(raw->size() + text.size())) return Errc::nomem;
    for (char c : text) (void)raw->push(static_cast<uint8_t>(c));
    return {};
}

Status put_u32(uint32_t v, Vec<uint8_t>* raw) {
    if (!raw->reserve(raw->size() + 4)) return Errc::nomem;
    for (int shift = 24; shift >= 0; shift -= 8) (void)raw->push(static_cast<uint8_t>(v >> shift));
    return {};
}

const Str kBuiltinNames[] = {"buildarch", "platform", "version", "unixtime", "errno", "cwuri", "cwduri"};
const Str kSmbiosNames[] = {"uuid", "manufacturer", "product", "serial", "asset", "board-serial"};

}  // namespace

Status BuiltinSettings::fetch(const SettingRef& ref, Vec<uint8_t>* raw, SettingTypeId* type) {
    const PredefinedSetting* known = ref.predefined ? find_predefined_setting(ref.name) : nullptr;
    if (!known) return Errc::noent;
    *type = known->type;  // the value's own type; `ref.type` may be a formatting override
    Str n = ref.name;
    if (n == "buildarch") return platform_ ? put_text(platform_->build_arch(), raw) : Status(Errc::noent);
    if (n == "platform") return platform_ ? put_text(platform_->platform_name(), raw) : Status(Errc::noent);
    if (n == "version") return put_text(version_, raw);
    if (n == "unixtime")
        return platform_ ? put_u32(static_cast<uint32_t>(platform_->unix_time()), raw) : Status(Errc::noent);
    if (n == "errno") return put_u32(errno_, raw);
    if (n == "cwuri" || n == "cwduri") {
        if (cwuri_.is_empty()) return Errc::noent;
        String text;
        if (n == "cwuri") {
            CARTE_TRY(cwuri_.format(&text));
        } else {
            auto dir = resolve_uri(cwuri_, Str("."));
            if (!dir) return dir.error();
            CARTE_TRY(dir->format(&text));
        }
        return put_text(text.view(), raw);
    }
    return Errc::noent;
}

Span<const Str> BuiltinSettings::names() const {
    return Span<const Str>(kBuiltinNames);
}

Status SmbiosSettings::fetch(const SettingRef& ref, Vec<uint8_t>* raw, SettingTypeId* type) {
    if (!platform_ || !ref.predefined) return Errc::noent;
    bool known = false;
    for (Str n : kSmbiosNames) known = known || n == ref.name;
    if (!known) return Errc::noent;
    Str text = platform_->smbios(ref.name);
    if (text.empty()) return Errc::noent;
    if (ref.name == "uuid") {
        *type = SettingTypeId::uuid;
        return parse_setting(SettingTypeId::uuid, text, raw);
    }
    *type = SettingTypeId::string;
    return put_text(text, raw);
}

Span<const Str> SmbiosSettings::names() const {
    return Span<const Str>(kSmbiosNames);
}

}  // namespace carte
