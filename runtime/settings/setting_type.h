// Setting types, as iPXE has them: a value is raw bytes, and a type only says how text is parsed
// into bytes on store and how bytes are formatted on fetch. Formatting with another type
// reinterprets the same bytes (`${ip:hex}` gives `0a:00:00:01`). One table entry per type.
#pragma once
#include "runtime/rt/result.h"
#include "runtime/rt/string.h"

namespace carte {

enum class SettingTypeId : uint8_t {
    string,
    uristring,
    ipv4,
    ipv6,
    int8,
    int16,
    int32,
    uint8,
    uint16,
    uint32,
    hex,
    hexhyp,
    hexraw,
    base64,
    uuid,
    guid,
    busdevfn,
    dnssl,
    count
};

struct SettingType {
    Str name;
    // Appends the bytes `text` stands for to `out`. Null for format-only types (busdevfn, dnssl).
    Status (*parse)(Str text, Vec<uint8_t>* out);
    // Appends the text form of `raw` to `out`.
    Status (*format)(Bytes raw, String* out);
    uint8_t int_size;  // 1, 2 or 4 for the integer types, 0 otherwise
    bool is_signed;    // int8/16/32
};

const SettingType& setting_type(SettingTypeId id);
// Looks a type up by its script name ("hexhyp"); nullptr if there is none.
const SettingType* find_setting_type(Str name);
SettingTypeId setting_type_id(const SettingType& type);

// Text -> raw bytes (replacing `raw`'s contents) and raw bytes -> text (appended to `out`).
Status parse_setting(SettingTypeId type, Str text, Vec<uint8_t>* raw);
Status format_setting(SettingTypeId type, Bytes raw, String* out);

// Numeric view of raw bytes, as iPXE's fetchn: big-endian, any length; integer types sign-extend
// (int*) or zero-extend (uint* and everything else) from the first byte. Errc::range if the value
// does not fit 64 bits.
Result<int64_t> setting_bytes_to_number(SettingTypeId type, Bytes raw);
// Number -> raw bytes for an integer type: truncated to the type's width, big-endian.
// Errc::inval for non-integer types.
Status setting_number_to_bytes(SettingTypeId type, int64_t value, Vec<uint8_t>* raw);

}  // namespace carte
