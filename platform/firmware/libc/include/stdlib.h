/* The firmware's tiny libc: atoi only (lwIP's netif_find). There is no malloc: C code that needs
 * memory gets it from lwIP's own pools or the C++ heap. */
#ifndef CARTE_LIBC_STDLIB_H
#define CARTE_LIBC_STDLIB_H
#include <stddef.h>
#ifdef __cplusplus
extern "C" {
#endif
int atoi(const char* s);
#ifdef __cplusplus
}
#endif
#endif
