# BearSSL 0.6 (MIT; third_party/bearssl, fetched by scripts/fetch-third-party.sh, never committed):
# only the files that signature verification (ECDSA P-256, RSA PKCS#1 v1.5) and the TLS 1.2 client
# profile of runtime/crypto/tls_glue.c (docs/tls.md) need, found by linking a probe of both glue
# files against the whole library (gcc -Wl,-Map, the archive members it pulled in).
#
# Provides:
#   carte_bearssl                       host static library (the glue + those files)
#   CARTE_BEARSSL_SOURCES               the same C files, for the ROM build to compile freestanding
#   CARTE_BEARSSL_INCLUDE_DIRS          include paths for them
#   CARTE_BEARSSL_DEFINITIONS           -D flags for them
#   CARTE_BEARSSL_FREESTANDING_OBJECTS  the files compiled with ROM-like flags (runtime's symbol check)
# Without the sources, the glue alone is built and verification reports "unavailable".
include_guard(GLOBAL)

set(CARTE_BEARSSL_DIR ${CMAKE_SOURCE_DIR}/third_party/bearssl)
set(CARTE_BEARSSL_GLUE ${CMAKE_SOURCE_DIR}/runtime/crypto/bearssl_glue.c)
set(CARTE_BEARSSL_SOURCES ${CARTE_BEARSSL_GLUE} ${CMAKE_SOURCE_DIR}/runtime/crypto/tls_glue.c)
set(CARTE_BEARSSL_INCLUDE_DIRS ${CMAKE_SOURCE_DIR})
set(CARTE_BEARSSL_DEFINITIONS -DBR_USE_URANDOM=0 -DBR_USE_UNIX_TIME=0 -DBR_USE_GETENTROPY=0)

if(EXISTS ${CARTE_BEARSSL_DIR}/src/ec/ec_p256_m31.c)
  foreach(f codec/ccopy codec/dec32be codec/dec32le codec/dec64be codec/enc32be codec/enc32le codec/enc64be
            ec/ec_all_m31 ec/ec_c25519_m31 ec/ec_p256_m31 ec/ec_prime_i31 ec/ec_secp256r1 ec/ec_secp384r1
            ec/ec_secp521r1 ec/ecdsa_atr ec/ecdsa_i31_bits ec/ecdsa_i31_vrfy_asn1 ec/ecdsa_i31_vrfy_raw
            hash/ghash_ctmul64 hash/ghash_pclmul hash/multihash hash/sha2big hash/sha2small int/i31_add
            int/i31_bitlen int/i31_decmod int/i31_decode int/i31_encode int/i31_fmont int/i31_iszero
            int/i31_modpow int/i31_modpow2 int/i31_montmul int/i31_muladd int/i31_ninv31 int/i31_rshift
            int/i31_sub int/i31_tmont int/i32_div32 int/i62_modpow2 mac/hmac rand/hmac_drbg rand/sysrng
            rsa/rsa_default_pkcs1_vrfy rsa/rsa_i31_pkcs1_vrfy rsa/rsa_i31_pub rsa/rsa_i62_pkcs1_vrfy
            rsa/rsa_i62_pub rsa/rsa_pkcs1_sig_unpad ssl/prf ssl/prf_sha256 ssl/prf_sha384 ssl/ssl_client
            ssl/ssl_engine ssl/ssl_engine_default_aesgcm
            ssl/ssl_engine_default_ecdsa ssl/ssl_engine_default_rsavrfy ssl/ssl_hs_client ssl/ssl_rec_chapol
            ssl/ssl_rec_gcm symcipher/aes_ct64 symcipher/aes_ct64_ctr symcipher/aes_ct64_enc
            symcipher/aes_x86ni symcipher/aes_x86ni_ctr symcipher/chacha20_ct
            symcipher/poly1305_ctmul symcipher/poly1305_ctmulq x509/x509_decoder x509/x509_minimal)
    list(APPEND CARTE_BEARSSL_SOURCES ${CARTE_BEARSSL_DIR}/src/${f}.c)
  endforeach()
  list(APPEND CARTE_BEARSSL_INCLUDE_DIRS ${CARTE_BEARSSL_DIR}/inc ${CARTE_BEARSSL_DIR}/src)
  list(APPEND CARTE_BEARSSL_DEFINITIONS -DCARTE_HAVE_BEARSSL=1)
else()
  message(WARNING "third_party/bearssl is missing (run scripts/fetch-third-party.sh): "
                  "signature verification will report 'unavailable'")
endif()

add_library(carte_bearssl STATIC ${CARTE_BEARSSL_SOURCES})
target_include_directories(carte_bearssl PRIVATE ${CARTE_BEARSSL_INCLUDE_DIRS})
target_compile_options(carte_bearssl PRIVATE ${CARTE_BEARSSL_DEFINITIONS})
set_target_properties(carte_bearssl PROPERTIES C_STANDARD 99 POSITION_INDEPENDENT_CODE ON)
# BearSSL reads big- and little-endian words through unaligned unions on x86 (inner.h, br_dec64be
# and friends) on purpose; the sanitizer build checks everything else in it.
if(CARTE_SANITIZE)
  target_compile_options(carte_bearssl PRIVATE -fno-sanitize=alignment)
endif()

# The same files with the ROM's code-generation flags, so the runtime's freestanding symbol check
# also covers what BearSSL needs from a platform (only memcpy/memmove/memset/memcmp/strlen).
set(CARTE_BEARSSL_FREESTANDING_C_FLAGS -std=c99 -Os -ffreestanding -fno-pie -mno-red-zone -mcmodel=small
    -fno-stack-protector -fno-asynchronous-unwind-tables -fno-common -ffunction-sections -fdata-sections)
set(CARTE_BEARSSL_FREESTANDING_OBJECTS)
set(bearssl_include_flags)
foreach(dir ${CARTE_BEARSSL_INCLUDE_DIRS})
  list(APPEND bearssl_include_flags -I${dir})
endforeach()
foreach(src ${CARTE_BEARSSL_SOURCES})
  get_filename_component(name ${src} NAME_WE)
  set(obj ${CMAKE_BINARY_DIR}/bearssl_freestanding/${name}.o)
  add_custom_command(OUTPUT ${obj}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/bearssl_freestanding
    COMMAND ${CMAKE_C_COMPILER} ${CARTE_BEARSSL_FREESTANDING_C_FLAGS} ${CARTE_BEARSSL_DEFINITIONS}
            ${bearssl_include_flags} -c ${src} -o ${obj}
    DEPENDS ${src} COMMENT "freestanding bearssl ${name}" VERBATIM)
  list(APPEND CARTE_BEARSSL_FREESTANDING_OBJECTS ${obj})
endforeach()

# Visible to sibling directories (platform/pc compiles the sources with its own flags).
set(CARTE_BEARSSL_SOURCES ${CARTE_BEARSSL_SOURCES} CACHE INTERNAL "BearSSL files Carte compiles")
set(CARTE_BEARSSL_INCLUDE_DIRS ${CARTE_BEARSSL_INCLUDE_DIRS} CACHE INTERNAL "BearSSL include paths")
set(CARTE_BEARSSL_DEFINITIONS ${CARTE_BEARSSL_DEFINITIONS} CACHE INTERNAL "BearSSL -D flags")
