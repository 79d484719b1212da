#include "platform/firmware/smbios.h"

namespace carte::fw {

namespace {

struct Table {
    const uint8_t* base = nullptr;
    size_t length = 0;
    unsigned version = 0;  // major << 8 | minor
    bool found = false;
};

bool checksum_ok(const uint8_t* p, size_t n) {
    uint8_t sum = 0;
    for (size_t i = 0; i < n; ++i) sum = uint8_t(sum + p[i]);
    return sum == 0;
}

template <class T>
T read(const uint8_t* p) {
    T v;
    __builtin_memcpy(&v, p, sizeof v);
    return v;
}

constexpr uint64_t kMapped = 4ull << 30;

Table g_table;

const Table& table() {
    return g_table;
}

// An entry point at p, if it is one (64-bit "_SM3_" or 32-bit "_SM_", checksum right).
bool parse_entry(const uint8_t* p, Table* t) {
    if (__builtin_memcmp(p, "_SM3_", 5) == 0 && p[6] <= 0x20 && checksum_ok(p, p[6])) {
        uint64_t addr = read<uint64_t>(p + 0x10);
        if (addr >= kMapped) return false;
        *t = {reinterpret_cast<const uint8_t*>(uintptr_t(addr)), read<uint32_t>(p + 0x0c),
              unsigned(p[7] << 8 | p[8]), true};
        return true;
    }
    if (__builtin_memcmp(p, "_SM_", 4) == 0 && p[5] <= 0x20 && checksum_ok(p, p[5])) {
        *t = {reinterpret_cast<const uint8_t*>(uintptr_t(read<uint32_t>(p + 0x18))), read<uint16_t>(p + 0x16),
              unsigned(p[6] << 8 | p[7]), true};
        return true;
    }
    return false;
}

// The first structure of `type`: its formatted area (length bytes) and its string-set.
struct Structure {
    const uint8_t* p = nullptr;
    size_t length = 0;
    const uint8_t* strings = nullptr;
    const uint8_t* end = nullptr;
};

Structure find(uint8_t type) {
    const Table& t = table();
    if (!t.found) return {};
    const uint8_t* p = t.base;
    const uint8_t* end = t.base + t.length;
    while (p + 4 <= end) {
        uint8_t len = p[1];
        if (len < 4 || p + len > end) break;
        // Strings follow the formatted area and end with a double NUL.
        const uint8_t* s = p + len;
        while (s + 1 < end && !(s[0] == 0 && s[1] == 0)) ++s;
        if (s + 1 >= end) break;
        if (p[0] == type) return {p, len, p + len, s};
        if (p[0] == 127) break;  // end-of-table
        p = s + 2;
    }
    return {};
}

Str string_at(const Structure& st, size_t offset) {
    if (!st.p || offset >= st.length) return Str();
    unsigned index = st.p[offset];
    if (index == 0) return Str();
    const uint8_t* s = st.strings;
    for (unsigned i = 1; s < st.end; ++i) {
        size_t n = 0;
        while (s + n < st.end && s[n]) ++n;
        if (i == index) return Str(reinterpret_cast<const char*>(s), n);
        s += n + 1;
    }
    return Str();
}

// iPXE's uuid format: SMBIOS 2.6+ stores the first three fields little-endian.
Str format_uuid(const Structure& st) {
    static char buf[37];
    if (!st.p || st.length < 0x18) return Str();
    uint8_t u[16];
    __builtin_memcpy(u, st.p + 8, 16);
    bool all_ff = true, all_00 = true;
    for (uint8_t b : u) all_ff &= b == 0xff, all_00 &= b == 0;
    if (all_ff || all_00) return Str();  // "not present" / "not settable"
    if (table().version >= 0x0206) {
        auto swap = [&](int a, int b) {
            uint8_t t = u[a];
            u[a] = u[b], u[b] = t;
        };
        swap(0, 3), swap(1, 2), swap(4, 5), swap(6, 7);
    }
    static constexpr char kHex[] = "0123456789abcdef";
    size_t n = 0;
    for (int i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) buf[n++] = '-';
        buf[n++] = kHex[u[i] >> 4], buf[n++] = kHex[u[i] & 15];
    }
    return Str(buf, n);
}

}  // namespace

bool use_smbios_entry(const uint8_t* entry) {
    return entry && parse_entry(entry, &g_table);
}

bool find_smbios_entry(uintptr_t from, uintptr_t to) {
    for (uintptr_t a = from; a + 0x20 <= to; a += 16)
        if (use_smbios_entry(reinterpret_cast<const uint8_t*>(a))) return true;
    return false;
}

Str smbios_field(Str name) {
    if (name == Str("manufacturer")) return string_at(find(1), 0x04);
    if (name == Str("product")) return string_at(find(1), 0x05);
    if (name == Str("serial")) return string_at(find(1), 0x07);
    if (name == Str("uuid")) return format_uuid(find(1));
    if (name == Str("asset")) return string_at(find(3), 0x08);
    if (name == Str("board-serial")) return string_at(find(2), 0x07);
    return Str();
}

}  // namespace carte::fw
