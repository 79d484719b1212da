#include "platform/firmware/kprint.h"

#include "platform/firmware/machine.h"

namespace {

struct Out {
    char buf[256];
    size_t n = 0;
    void put(char c) {
        if (n == sizeof(buf)) flush();
        buf[n++] = c;
    }
    void flush() {
        carte::fw::console_write(carte::Str(buf, n));
        n = 0;
    }
};

void put_unsigned(Out& o, unsigned long long v, unsigned base, int width, char pad) {
    char digits[24];
    int n = 0;
    do {
        unsigned d = unsigned(v % base);
        digits[n++] = char(d < 10 ? '0' + d : 'a' + d - 10);
        v /= base;
    } while (v);
    while (width-- > n) o.put(pad);
    while (n) o.put(digits[--n]);
}

}  // namespace

extern "C" void carte_printf(const char* fmt, ...) {
    Out o;
    __builtin_va_list ap;
    __builtin_va_start(ap, fmt);
    for (const char* p = fmt; *p; ++p) {
        if (*p != '%') {
            o.put(*p);
            continue;
        }
        ++p;
        char pad = ' ';
        int width = 0, precision = -1, longs = 0;
        if (*p == '0') pad = '0', ++p;
        while (*p >= '0' && *p <= '9') width = width * 10 + (*p++ - '0');
        if (*p == '.' && p[1] == '*') precision = __builtin_va_arg(ap, int), p += 2;
        while (*p == 'l' || *p == 'z') ++longs, ++p;
        switch (*p) {
            case 's': {
                const char* s = __builtin_va_arg(ap, const char*);
                if (!s) s = "(null)";
                for (int i = 0; s[i] && (precision < 0 || i < precision); ++i) o.put(s[i]);
                break;
            }
            case 'c':
                o.put(char(__builtin_va_arg(ap, int)));
                break;
            case 'd':
            case 'i': {
                long long v = longs ? __builtin_va_arg(ap, long long) : __builtin_va_arg(ap, int);
                if (v < 0) o.put('-'), v = -v;
                put_unsigned(o, static_cast<unsigned long long>(v), 10, width, pad);
                break;
            }
            case 'u':
            case 'x': {
                unsigned long long v =
                    longs ? __builtin_va_arg(ap, unsigned long long) : __builtin_va_arg(ap, unsigned);
                put_unsigned(o, v, *p == 'x' ? 16 : 10, width, pad);
                break;
            }
            case 'p':
                o.put('0'), o.put('x');
                put_unsigned(o, reinterpret_cast<uintptr_t>(__builtin_va_arg(ap, void*)), 16, 0, ' ');
                break;
            case '%':
                o.put('%');
                break;
            case 0:
                --p;
                break;
            default:
                o.put('%'), o.put(*p);
                break;
        }
    }
    __builtin_va_end(ap);
    o.flush();
}
