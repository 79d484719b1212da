/* Thin C wrappers over BearSSL (see bearssl_glue.h). Not globbed into carte_runtime (which takes
 * only .cpp files); cmake/bearssl.cmake compiles it with BearSSL's include paths. */
#include "runtime/crypto/bearssl_glue.h"

#ifdef CARTE_HAVE_BEARSSL
#include "bearssl_ec.h"
#include "bearssl_hash.h"
#include "bearssl_rsa.h"

int carte_bearssl_p256_verify(const uint8_t digest[32], const uint8_t point[65],
                              const uint8_t signature[64]) {
    br_ec_public_key key;
    if (point[0] != 0x04) return CARTE_BEARSSL_BAD_KEY;
    key.curve = BR_EC_secp256r1;
    key.q = (unsigned char*)point;
    key.qlen = 65;
    return br_ecdsa_i31_vrfy_raw(&br_ec_p256_m31, digest, 32, &key, signature, 64)
               ? CARTE_BEARSSL_OK
               : CARTE_BEARSSL_BAD_SIGNATURE;
}

int carte_bearssl_p256_check_point(const uint8_t point[65]) {
    /* Multiplying by 1 decodes the point, which fails for anything off the curve. */
    unsigned char copy[65];
    static const unsigned char one[1] = {1};
    size_t i;
    for (i = 0; i < 65; ++i) copy[i] = point[i];
    if (point[0] != 0x04) return CARTE_BEARSSL_BAD_KEY;
    return br_ec_p256_m31.mul(copy, 65, one, 1, BR_EC_secp256r1) ? CARTE_BEARSSL_OK : CARTE_BEARSSL_BAD_KEY;
}

int carte_bearssl_rsa_sha256_verify(const uint8_t digest[32], const uint8_t* modulus, size_t modulus_size,
                                    const uint8_t* exponent, size_t exponent_size, const uint8_t* signature,
                                    size_t signature_size) {
    br_rsa_public_key key;
    unsigned char recovered[32];
    size_t i;
    unsigned diff = 0;
    while (modulus_size && !*modulus) ++modulus, --modulus_size; /* BearSSL wants no leading zeros */
    if (modulus_size < 128 || modulus_size > 512 || signature_size != modulus_size)
        return CARTE_BEARSSL_BAD_KEY;
    key.n = (unsigned char*)modulus;
    key.nlen = modulus_size;
    key.e = (unsigned char*)exponent;
    key.elen = exponent_size;
    if (!br_rsa_i31_pkcs1_vrfy(signature, signature_size, BR_HASH_OID_SHA256, 32, &key, recovered))
        return CARTE_BEARSSL_BAD_SIGNATURE;
    for (i = 0; i < 32; ++i) diff |= (unsigned)(recovered[i] ^ digest[i]);
    return diff ? CARTE_BEARSSL_BAD_SIGNATURE : CARTE_BEARSSL_OK;
}

#else

int carte_bearssl_p256_check_point(const uint8_t point[65]) {
    (void)point;
    return CARTE_BEARSSL_UNAVAILABLE;
}

int carte_bearssl_p256_verify(const uint8_t digest[32], const uint8_t point[65],
                              const uint8_t signature[64]) {
    (void)digest, (void)point, (void)signature;
    return CARTE_BEARSSL_UNAVAILABLE;
}

int carte_bearssl_rsa_sha256_verify(const uint8_t digest[32], const uint8_t* modulus, size_t modulus_size,
                                    const uint8_t* exponent, size_t exponent_size, const uint8_t* signature,
                                    size_t signature_size) {
    (void)digest, (void)modulus, (void)modulus_size, (void)exponent, (void)exponent_size, (void)signature,
        (void)signature_size;
    return CARTE_BEARSSL_UNAVAILABLE;
}

#endif
