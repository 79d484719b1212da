// The few BearSSL operations the runtime needs, behind a C interface of plain bytes, so that no
// runtime C++ file includes BearSSL's headers (they pull in <string.h>). Implemented in
// bearssl_glue.c, which cmake/bearssl.cmake compiles into carte_bearssl (host) and which the
// ROM build compiles with the rest of CARTE_BEARSSL_SOURCES.
#pragma once
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum {
    CARTE_BEARSSL_OK = 0,
    CARTE_BEARSSL_BAD_SIGNATURE = 1,
    CARTE_BEARSSL_BAD_KEY = 2,
    CARTE_BEARSSL_UNAVAILABLE = 3,  // built without third_party/bearssl
};

// ECDSA over NIST P-256: verifies the raw signature r||s (64 bytes, big-endian) of a 32-byte
// SHA-256 digest against the uncompressed public point 04||X||Y (65 bytes).
int carte_bearssl_p256_verify(const uint8_t digest[32], const uint8_t point[65], const uint8_t signature[64]);

// CARTE_BEARSSL_OK if `point` (65 bytes, 04||X||Y) is a valid P-256 point, else CARTE_BEARSSL_BAD_KEY.
int carte_bearssl_p256_check_point(const uint8_t point[65]);

// Verifies an RSA PKCS#1 v1.5 signature over a SHA-256 digest. Modulus and exponent are
// unsigned big-endian; signature is the modulus size.
int carte_bearssl_rsa_sha256_verify(const uint8_t digest[32], const uint8_t* modulus, size_t modulus_size,
                                    const uint8_t* exponent, size_t exponent_size, const uint8_t* signature,
                                    size_t signature_size);

#ifdef __cplusplus
}
#endif
