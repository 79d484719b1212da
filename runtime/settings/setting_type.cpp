#include "runtime/settings/setting_type.h"

#include "runtime/settings/text_codecs.h"
#include "runtime/uri/uri_escape.h"

namespace carte {
namespace {

Status parse_string(Str text, Vec<uint8_t>* out) {
    if (!out->reserve(out->size() + text.size())) return Errc::nomem;
    for (char c : text) (void)out->push(static_cast<uint8_t>(c));
    return {};
}

Status format_string(Bytes raw, String* out) {
    size_t n = 0;
    while (n < raw.size() && raw[n]) ++n;  // C strings end at the first NUL
    return out->append(Str(reinterpret_cast<const char*>(raw.data()), n)) ? Status() : Status(Errc::nomem);
}

Status parse_uristring(Str text, Vec<uint8_t>* out) {
    return uri_decode(text, out) ? Status() : Status(Errc::nomem);
}

Status format_uristring(Bytes raw, String* out) {
    // Every byte is escaped on its own (iPXE prints bytes >= 0x80 as %FFFFFFFF; we print %80).
    Str text(reinterpret_cast<const char*>(raw.data()), raw.size());
    return uri_encode(text, UriField::scheme, out) ? Status() : Status(Errc::nomem);
}

Status parse_int(SettingTypeId id, Str text, Vec<uint8_t>* out) {
    auto v = parse_c_number(text);
    if (!v) return v.error();
    return setting_number_to_bytes(id, static_cast<int64_t>(*v), out);
}

Status format_int(SettingTypeId id, Bytes raw, String* out) {
    auto v = setting_bytes_to_number(id, raw);
    if (!v) return v.error();
    bool ok = setting_type(id).is_signed
                  ? out->append_i64(*v)
                  : out->append("0x") && out->append_u64(static_cast<uint64_t>(*v), 16);  // 0 is "0x0"
    return ok ? Status() : Status(Errc::nomem);
}

// One parse/format pair per integer type, so the table holds plain function pointers.
template <SettingTypeId Id>
Status parse_int_as(Str text, Vec<uint8_t>* out) {
    return parse_int(Id, text, out);
}
template <SettingTypeId Id>
Status format_int_as(Bytes raw, String* out) {
    return format_int(Id, raw, out);
}

Status parse_hex_colon(Str text, Vec<uint8_t>* out) {
    return parse_hex(text, ':', out);
}
Status parse_hex_hyphen(Str text, Vec<uint8_t>* out) {
    return parse_hex(text, '-', out);
}
Status parse_hex_raw(Str text, Vec<uint8_t>* out) {
    return parse_hex(text, 0, out);
}
Status format_hex_colon(Bytes raw, String* out) {
    return format_hex(raw, ':', out) ? Status() : Errc::nomem;
}
Status format_hex_hyphen(Bytes raw, String* out) {
    return format_hex(raw, '-', out) ? Status() : Errc::nomem;
}
Status format_hex_raw(Bytes raw, String* out) {
    return format_hex(raw, 0, out) ? Status() : Errc::nomem;
}
Status format_b64(Bytes raw, String* out) {
    return format_base64(raw, out) ? Status() : Errc::nomem;
}
Status parse_uuid_plain(Str text, Vec<uint8_t>* out) {
    return parse_uuid(text, false, out);
}
Status parse_uuid_guid(Str text, Vec<uint8_t>* out) {
    return parse_uuid(text, true, out);
}
Status format_uuid_plain(Bytes raw, String* out) {
    return format_uuid(raw, false, out);
}
Status format_uuid_guid(Bytes raw, String* out) {
    return format_uuid(raw, true, out);
}

// PCI address packed as segment<<16 | bus<<8 | dev<<3 | fn, printed as 0000:03:08.5.
Status format_busdevfn(Bytes raw, String* out) {
    auto v = setting_bytes_to_number(SettingTypeId::busdevfn, raw);
    if (!v) return v.error();
    auto n = static_cast<uint64_t>(*v);
    bool ok = out->append_u64(n >> 16 & 0xffff, 16, 4) && out->append(':') &&
              out->append_u64(n >> 8 & 0xff, 16, 2) && out->append(':') &&
              out->append_u64(n >> 3 & 0x1f, 16, 2) && out->append('.') && out->append_u64(n & 7, 16);
    return ok ? Status() : Status(Errc::nomem);
}

// DHCP option 119: a list of RFC 1035 names, possibly compressed with pointers into the option
// itself. Printed space-separated. Pointer chains are bounded so bad input cannot loop.
Status format_dnssl(Bytes raw, String* out) {
    size_t pos = 0;
    bool first_name = true;
    while (pos < raw.size()) {
        if (!first_name && !out->append(' ')) return Errc::nomem;
        first_name = false;
        size_t at = pos;
        bool jumped = false;
        bool first_label = true;
        for (size_t hops = 0;; ++hops) {
            if (at >= raw.size() || hops > raw.size()) return Error(Errc::inval, "invalid DNS name list");
            uint8_t len = raw[at];
            if (len == 0) {
                if (!jumped) pos = at + 1;
                break;
            }
            if ((len & 0xc0) == 0xc0) {
                if (at + 1 >= raw.size()) return Error(Errc::inval, "invalid DNS name list");
                if (!jumped) pos = at + 2;
                jumped = true;
                at = static_cast<size_t>((len & 0x3f) << 8 | raw[at + 1]);
                continue;
            }
            if ((len & 0xc0) || at + 1 + len > raw.size()) return Error(Errc::inval, "invalid DNS name list");
            if (!first_label && !out->append('.')) return Errc::nomem;
            first_label = false;
            if (!out->append(Str(reinterpret_cast<const char*>(raw.data() + at + 1), len)))
                return Errc::nomem;
            at += 1 + len;
        }
    }
    return {};
}

const SettingType kTypes[] = {
    {"string", parse_string, format_string, 0, false},
    {"uristring", parse_uristring, format_uristring, 0, false},
    {"ipv4", parse_ipv4, format_ipv4, 0, false},
    {"ipv6", parse_ipv6, format_ipv6, 0, false},
    {"int8", parse_int_as<SettingTypeId::int8>, format_int_as<SettingTypeId::int8>, 1, true},
    {"int16", parse_int_as<SettingTypeId::int16>, format_int_as<SettingTypeId::int16>, 2, true},
    {"int32", parse_int_as<SettingTypeId::int32>, format_int_as<SettingTypeId::int32>, 4, true},
    {"uint8", parse_int_as<SettingTypeId::uint8>, format_int_as<SettingTypeId::uint8>, 1, false},
    {"uint16", parse_int_as<SettingTypeId::uint16>, format_int_as<SettingTypeId::uint16>, 2, false},
    {"uint32", parse_int_as<SettingTypeId::uint32>, format_int_as<SettingTypeId::uint32>, 4, false},
    {"hex", parse_hex_colon, format_hex_colon, 0, false},
    {"hexhyp", parse_hex_hyphen, format_hex_hyphen, 0, false},
    {"hexraw", parse_hex_raw, format_hex_raw, 0, false},
    {"base64", parse_base64, format_b64, 0, false},
    {"uuid", parse_uuid_plain, format_uuid_plain, 0, false},
    {"guid", parse_uuid_guid, format_uuid_guid, 0, false},
    {"busdevfn", nullptr, format_busdevfn, 0, false},
    {"dnssl", nullptr, format_dnssl, 0, false},
};
static_assert(sizeof kTypes / sizeof kTypes[0] == static_cast<size_t>(SettingTypeId::count));

}  // namespace

const SettingType& setting_type(SettingTypeId id) {
    return kTypes[static_cast<size_t>(id)];
}

const SettingType* find_setting_type(Str name) {
    for (const SettingType& t : kTypes)
        if (t.name == name) return &t;
    return nullptr;
}

SettingTypeId setting_type_id(const SettingType& type) {
    return static_cast<SettingTypeId>(&type - kTypes);
}

Status parse_setting(SettingTypeId type, Str text, Vec<uint8_t>* raw) {
    const SettingType& t = setting_type(type);
    if (!t.parse) return Error(Errc::notsup, "setting type cannot be parsed");
    raw->clear();
    return t.parse(text, raw);
}

Status format_setting(SettingTypeId type, Bytes raw, String* out) {
    return setting_type(type).format(raw, out);
}

Result<int64_t> setting_bytes_to_number(SettingTypeId type, Bytes raw) {
    bool sign_extend = setting_type(type).is_signed && !raw.empty() && (raw[0] & 0x80);
    uint64_t pad = sign_extend ? 0xff : 0;
    uint64_t v = sign_extend ? ~uint64_t{0} : 0;
    for (uint8_t b : raw) {
        // Longer values are fine as long as only padding is shifted out.
        if ((v >> 56) != pad) return Error(Errc::range, "number too large");
        v = v << 8 | b;
    }
    return static_cast<int64_t>(v);
}

Status setting_number_to_bytes(SettingTypeId type, int64_t value, Vec<uint8_t>* raw) {
    unsigned n = setting_type(type).int_size;
    if (!n) return Error(Errc::inval, "not an integer setting type");
    raw->clear();
    if (!raw->reserve(n)) return Errc::nomem;
    auto v = static_cast<uint64_t>(value);
    for (unsigned i = n; i-- > 0;) (void)raw->push(static_cast<uint8_t>(v >> (8 * i)));
    return {};
}

}  // namespace carte
