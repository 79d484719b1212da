/* mem and str functions for the freestanding firmware. Built with -fno-builtin so GCC does not
 * turn these very loops back into calls to themselves. memcpy uses rep movsq (see there); memset
 * rep stosb, which is small and only fills headers and structures. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/rt/hot_text.h"

CARTE_HOT_TEXT("memcpy") void* memcpy(void* dst, const void* src, size_t n) {
    /* 8 bytes per step, then the tail: TCG runs rep movsb one translated block per byte. */
    void* d = dst;
    size_t words = n >> 3;
    __asm__ volatile("rep movsq\n\tmov %[tail], %%rcx\n\trep movsb"
                     : "+D"(d), "+S"(src), "+c"(words)
                     : [tail] "r"(n & 7)
                     : "memory");
    return dst;
}

void* memmove(void* dst, const void* src, size_t n) {
    unsigned char* d = dst;
    const unsigned char* s = src;
    if (d <= s || d >= s + n) return memcpy(dst, src, n);
    while (n--) d[n] = s[n];
    return dst;
}

void* memset(void* dst, int c, size_t n) {
    void* d = dst;
    __asm__ volatile("rep stosb" : "+D"(d), "+c"(n) : "a"(c) : "memory");
    return dst;
}

int memcmp(const void* a, const void* b, size_t n) {
    const unsigned char* x = a;
    const unsigned char* y = b;
    for (size_t i = 0; i < n; ++i)
        if (x[i] != y[i]) return x[i] < y[i] ? -1 : 1;
    return 0;
}

size_t strlen(const char* s) {
    size_t n = 0;
    while (s[n]) ++n;
    return n;
}

int strncmp(const char* a, const char* b, size_t n) {
    for (size_t i = 0; i < n; ++i) {
        unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
        if (x != y) return x < y ? -1 : 1;
        if (!x) return 0;
    }
    return 0;
}

int atoi(const char* s) {
    int sign = 1;
    long v = 0;
    while (*s == ' ' || *s == '\t') ++s;
    if (*s == '-' || *s == '+') sign = *s++ == '-' ? -1 : 1;
    while (*s >= '0' && *s <= '9') {
        v = v * 10 + (*s++ - '0');
        if (v > INT_MAX) return sign > 0 ? INT_MAX : INT_MIN;
    }
    return (int)(sign * v);
}
