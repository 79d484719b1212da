#include "runtime/image/cpio.h"

namespace carte::image {

namespace {
constexpr size_t kNewcHeader = 110;
constexpr uint32_t kTypeFile = 0100000, kTypeDir = 0040000;

Result<uint32_t> parse_number(Str s, unsigned base) {
    if (s.empty()) return Error(Errc::inval, "initrd option needs a number");
    bool neg = s[0] == '-';
    if (neg) s = s.drop(1);
    if (s.empty()) return Error(Errc::inval, "initrd option needs a number");
    uint32_t v = 0;
    for (char c : s) {
        unsigned d = unsigned(c - '0');
        if (d >= base) return Error(Errc::inval, "bad number in initrd option");
        if (v > (0xffffffffu - d) / base) return Error(Errc::inval, "number too large in initrd option");
        v = v * base + d;
    }
    return neg ? uint32_t(-int32_t(v)) : v;
}

struct Writer {
    Span<uint8_t> out;
    size_t pos = 0;
    void byte(uint8_t b) {
        if (pos < out.size()) out[pos] = b;
        ++pos;
    }
    void hex8(uint32_t v) {
        for (int i = 7; i >= 0; --i) byte(uint8_t("0123456789abcdef"[(v >> (4 * i)) & 0xf]));
    }
    void pad4() {
        while (pos % 4) byte(0);
    }
    void entry(Str name, uint32_t mode, size_t size) {
        for (char c : Str("070701")) byte(uint8_t(c));
        uint32_t fields[13] = {0, mode, 0, 0, 1, 0, uint32_t(size), 0, 0, 0, 0, uint32_t(name.size() + 1), 0};
        for (uint32_t f : fields) hex8(f);
        for (char c : name) byte(uint8_t(c));
        byte(0);
        pad4();
    }
};

Str strip_leading_slashes(Str s) {
    while (!s.empty() && s[0] == '/') s = s.drop(1);
    return s;
}
}  // namespace

Result<CpioSpec> parse_cpio_spec(Str cmdline) {
    CpioSpec spec;
    size_t i = 0;
    while (i < cmdline.size()) {
        while (i < cmdline.size() && cmdline[i] == ' ') ++i;
        size_t j = i;
        while (j < cmdline.size() && cmdline[j] != ' ') ++j;
        Str word = cmdline.substr(i, j - i);
        i = j;
        if (word.empty()) continue;
        if (word.starts_with("mode=")) {
            auto v = parse_number(word.drop(5), 8);
            if (!v) return v.error();
            spec.mode = *v & 07777;
        } else if (word.starts_with("mkdir=")) {
            auto v = parse_number(word.drop(6), 10);
            if (!v) return v.error();
            spec.mkdir = int32_t(*v);
        } else if (spec.name.empty()) {
            spec.name = word;
        } else {
            return Error(Errc::inval, "unexpected word in initrd command line");
        }
    }
    return spec;
}

size_t write_cpio_headers(const CpioSpec& spec, size_t file_size, Span<uint8_t> out) {
    Writer w{out};
    Str name = strip_leading_slashes(spec.name);
    bool is_dir = name.ends_with("/");
    while (name.ends_with("/")) name = name.substr(0, name.size() - 1);
    if (name.empty()) return 0;
    // Parent directories, innermost `mkdir` of them, outermost first.
    size_t slashes[64];
    size_t count = 0;
    for (size_t k = 0; k < name.size() && count < 64; ++k)
        if (name[k] == '/' && (k + 1 < name.size() && name[k + 1] != '/')) slashes[count++] = k;
    size_t wanted = spec.mkdir < 0 ? count : min(size_t(spec.mkdir), count);
    for (size_t d = count - wanted; d < count; ++d) {
        Str dir = name.substr(0, slashes[d]);
        while (dir.ends_with("/")) dir = dir.substr(0, dir.size() - 1);
        w.entry(dir, kTypeDir | 0755, 0);
    }
    if (is_dir)
        w.entry(name, kTypeDir | (spec.mode & 07777), 0);
    else
        w.entry(name, kTypeFile | (spec.mode & 07777), file_size);
    return w.pos;
}

}  // namespace carte::image
