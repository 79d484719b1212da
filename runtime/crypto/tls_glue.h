// The TLS 1.2 client engine (BearSSL's br_ssl_client) behind a C interface of plain bytes, so no
// runtime C++ file includes BearSSL's headers. runtime/net/tls_stream.cpp drives it: it moves
// records between the engine and a TCP stream and application data between the engine and HTTP.
// Implemented in tls_glue.c; docs/tls.md lists the suites, curves and limits it configures.
#pragma once
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

// Engine states (bits of carte_tls_state), as BearSSL's BR_SSL_*.
enum {
    CARTE_TLS_CLOSED = 0x0001,
    CARTE_TLS_SENDREC = 0x0002,  // records to send to the peer
    CARTE_TLS_RECVREC = 0x0004,  // room for records from the peer
    CARTE_TLS_SENDAPP = 0x0008,  // room for application data to send
    CARTE_TLS_RECVAPP = 0x0010,  // application data received
};

// Errors beyond BearSSL's own codes (BR_ERR_*, 0..63; alerts at 256 + n received, 512 + n sent).
enum {
    CARTE_TLS_ERR_UNAVAILABLE = 1001,      // built without third_party/bearssl
    CARTE_TLS_ERR_CHAIN_TOO_LARGE = 1002,  // more than CARTE_TLS_MAX_CHAIN_* in the server's chain
    CARTE_TLS_ERR_NO_ANCHORS = 1003,       // nothing to trust
};

#define CARTE_TLS_MAX_CHAIN_CERTS 10
#define CARTE_TLS_MAX_CHAIN_BYTES 65536
#define CARTE_TLS_CAPTURE_BYTES 16384  // the chain's first certificates, kept for messages and IP checks

typedef struct carte_tls carte_tls;

// Bytes a connection needs (context, record buffers, chain capture); 8-byte alignment suffices.
size_t carte_tls_size(void);
// Bytes one trust anchor takes in the array carte_tls_load_anchors fills.
size_t carte_tls_anchor_slot_size(void);

// Fills `slots` (room for `max` anchors of carte_tls_anchor_slot_size) from a compact anchor list
// (docs/tls.md, "Anchor records"), pointing into `records`, which must outlive them. Returns the
// count, or -1 when a record is malformed.
long carte_tls_load_anchors(const uint8_t* records, size_t size, void* slots, size_t max);

// The size of the first anchor record of `records`, checked the way carte_tls_load_anchors
// checks it; -1 when it is malformed.
long carte_tls_anchor_record_size(const uint8_t* records, size_t size);

// Appends the anchor record of one DER certificate to `out` (room `cap`); *written gets its size.
// 0 on success, else a BR_ERR_X509_* code (or 6, BR_ERR_TOO_LARGE, when `cap` is short).
int carte_tls_anchor_record(const uint8_t* der, size_t size, uint8_t* out, size_t cap, size_t* written);

// Starts a handshake. `server_name` (NUL-terminated) is sent as SNI and checked against the
// certificate; NULL for an IP address (the caller then checks the address itself). `unix_time`
// validates certificates; `seed` (>= 32 bytes) seeds the engine's DRBG. 0 on success.
int carte_tls_start(carte_tls* t, const void* anchors, size_t anchor_count, const char* server_name,
                    uint64_t unix_time, const uint8_t* seed, size_t seed_size);

unsigned carte_tls_state(carte_tls* t);
// The buffer for one of SENDREC, RECVREC, SENDAPP, RECVAPP, and how much of it is there.
uint8_t* carte_tls_buffer(carte_tls* t, unsigned which, size_t* size);
// Marks `n` bytes of that buffer as consumed (SENDREC, RECVAPP) or filled (RECVREC, SENDAPP).
void carte_tls_ack(carte_tls* t, unsigned which, size_t n);
void carte_tls_flush(carte_tls* t);
void carte_tls_close(carte_tls* t);  // starts a close_notify
int carte_tls_last_error(carte_tls* t);

// The server's chain as received, certificate `index` (0: the server's own); NULL past the end
// or beyond CARTE_TLS_CAPTURE_BYTES.
const uint8_t* carte_tls_chain_cert(carte_tls* t, size_t index, size_t* size);

#ifdef __cplusplus
}
#endif
