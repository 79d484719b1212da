/* lwIP's compiler/platform port for the freestanding PC firmware. */
#ifndef CARTE_LWIP_ARCH_CC_H
#define CARTE_LWIP_ARCH_CC_H

#define LWIP_NO_INTTYPES_H 1
#define LWIP_NO_CTYPE_H 1
#define LWIP_NO_LIMITS_H 0
#define BYTE_ORDER LITTLE_ENDIAN

#define X8_F "02x"
#define U16_F "u"
#define S16_F "d"
#define X16_F "x"
#define U32_F "u"
#define S32_F "d"
#define X32_F "x"
#define SZT_F "lu"

#ifdef __cplusplus
extern "C" {
#endif
void carte_printf(const char* fmt, ...);
void carte_lwip_assert(const char* msg, const char* file, int line);
#ifdef __cplusplus
}
#endif

#define LWIP_PLATFORM_DIAG(x) \
    do {                      \
        carte_printf x;       \
    } while (0)
#define LWIP_PLATFORM_ASSERT(x) carte_lwip_assert(x, __FILE__, __LINE__)

#endif
