/* The TLS client engine over BearSSL (see tls_glue.h). Not globbed into carte_runtime (which takes
 * only .cpp files); cmake/bearssl.cmake compiles it with BearSSL's include paths. */
#include "runtime/crypto/tls_glue.h"

#ifdef CARTE_HAVE_BEARSSL
#include "bearssl.h"

/* What the server may choose, in our order of preference: ChaCha20 first because it is the fastest
 * cipher without AES-NI (and under emulation), then AES-GCM. Forward secrecy only (ECDHE). */
static const uint16_t kSuites[] = {
    BR_TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, BR_TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
    BR_TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,       BR_TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
    BR_TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,       BR_TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
};

/* The minimal X.509 validator, wrapped to bound the chain and keep its first certificates (for
 * the IP-address check BearSSL lacks and for messages that say which certificate failed). */
typedef struct {
    const br_x509_class* vtable;
    br_x509_minimal_context minimal;
    size_t certs, bytes;
    int too_large, capturing;
    size_t capture_used;
    size_t cert_at[CARTE_TLS_MAX_CHAIN_CERTS], cert_size[CARTE_TLS_MAX_CHAIN_CERTS];
    size_t captured;
    unsigned char capture[CARTE_TLS_CAPTURE_BYTES];
} capture_x509;

#define INPUT_SIZE BR_SSL_BUFSIZE_INPUT
#define OUTPUT_SIZE (8192 + 85) /* records we send are small (HTTP requests) */

struct carte_tls {
    br_ssl_client_context client;
    capture_x509 x509;
    unsigned char input[INPUT_SIZE];
    unsigned char output[OUTPUT_SIZE];
};

static capture_x509* outer(const br_x509_class** ctx) {
    return (capture_x509*)(void*)ctx;
}

static void cx_start_chain(const br_x509_class** ctx, const char* server_name) {
    capture_x509* c = outer(ctx);
    c->certs = c->bytes = c->capture_used = c->captured = 0;
    c->too_large = c->capturing = 0;
    c->minimal.vtable->start_chain(&c->minimal.vtable, server_name);
}

static void cx_start_cert(const br_x509_class** ctx, uint32_t length) {
    capture_x509* c = outer(ctx);
    c->certs++;
    c->bytes += length;
    if (c->certs > CARTE_TLS_MAX_CHAIN_CERTS || c->bytes > CARTE_TLS_MAX_CHAIN_BYTES) c->too_large = 1;
    c->capturing =
        !c->too_large && c->capture_used + length <= sizeof c->capture && c->captured == c->certs - 1;
    if (c->capturing) {
        c->cert_at[c->captured] = c->capture_used;
        c->cert_size[c->captured] = length;
    }
    c->minimal.vtable->start_cert(&c->minimal.vtable, length);
}

static void cx_append(const br_x509_class** ctx, const unsigned char* buf, size_t len) {
    capture_x509* c = outer(ctx);
    if (c->capturing) {
        size_t room = c->cert_at[c->captured] + c->cert_size[c->captured] - c->capture_used;
        if (len > room) {
            c->capturing = 0;
        } else {
            memcpy(c->capture + c->capture_used, buf, len);
            c->capture_used += len;
        }
    }
    c->minimal.vtable->append(&c->minimal.vtable, buf, len);
}

static void cx_end_cert(const br_x509_class** ctx) {
    capture_x509* c = outer(ctx);
    if (c->capturing && c->capture_used == c->cert_at[c->captured] + c->cert_size[c->captured]) c->captured++;
    c->capturing = 0;
    c->minimal.vtable->end_cert(&c->minimal.vtable);
}

static unsigned cx_end_chain(const br_x509_class** ctx) {
    capture_x509* c = outer(ctx);
    unsigned err = c->minimal.vtable->end_chain(&c->minimal.vtable);
    return c->too_large ? CARTE_TLS_ERR_CHAIN_TOO_LARGE : err;
}

static const br_x509_pkey* cx_get_pkey(const br_x509_class* const* ctx, unsigned* usages) {
    const capture_x509* c = (const capture_x509*)(const void*)ctx;
    return c->minimal.vtable->get_pkey(&c->minimal.vtable, usages);
}

static const br_x509_class kCaptureClass = {
    sizeof(capture_x509), cx_start_chain, cx_start_cert, cx_append, cx_end_cert, cx_end_chain, cx_get_pkey,
};

size_t carte_tls_size(void) {
    return sizeof(carte_tls);
}

size_t carte_tls_anchor_slot_size(void) {
    return sizeof(br_x509_trust_anchor);
}

/* Anchor records (docs/tls.md): u16 dn_len, dn, u8 flags (1 = CA), u8 key type (1 RSA, 2 EC);
 * RSA: u16 n_len, n, u8 e_len, e; EC: u8 curve, u8 q_len, q. Big-endian lengths. */
static int take(const uint8_t** p, const uint8_t* end, size_t n) {
    if ((size_t)(end - *p) < n) return 0;
    *p += n;
    return 1;
}

/* One record at *p into *ta (pointing into the record); advances *p. 0 when malformed. */
static int parse_anchor(const uint8_t** p, const uint8_t* end, br_x509_trust_anchor* ta) {
    const uint8_t* at = *p;
    size_t n;
    if (!take(p, end, 2)) return 0;
    n = (size_t)at[0] << 8 | at[1];
    ta->dn.data = (unsigned char*)*p;
    ta->dn.len = n;
    if (!take(p, end, n + 2)) return 0;
    ta->flags = ((*p)[-2] & 1) ? BR_X509_TA_CA : 0;
    if ((*p)[-1] == 1) {
        ta->pkey.key_type = BR_KEYTYPE_RSA;
        at = *p;
        if (!take(p, end, 2)) return 0;
        n = (size_t)at[0] << 8 | at[1];
        ta->pkey.key.rsa.n = (unsigned char*)*p;
        ta->pkey.key.rsa.nlen = n;
        if (n == 0 || !take(p, end, n + 1)) return 0;
        n = (*p)[-1];
        ta->pkey.key.rsa.e = (unsigned char*)*p;
        ta->pkey.key.rsa.elen = n;
        return n != 0 && take(p, end, n);
    }
    if ((*p)[-1] == 2) {
        at = *p;
        if (!take(p, end, 2)) return 0;
        ta->pkey.key_type = BR_KEYTYPE_EC;
        ta->pkey.key.ec.curve = at[0];
        n = at[1];
        ta->pkey.key.ec.q = (unsigned char*)*p;
        ta->pkey.key.ec.qlen = n;
        return n != 0 && take(p, end, n);
    }
    return 0;
}

long carte_tls_anchor_record_size(const uint8_t* records, size_t size) {
    const uint8_t* p = records;
    br_x509_trust_anchor ta;
    return parse_anchor(&p, records + size, &ta) ? (long)(p - records) : -1;
}

long carte_tls_load_anchors(const uint8_t* records, size_t size, void* slots, size_t max) {
    br_x509_trust_anchor* out = (br_x509_trust_anchor*)slots;
    const uint8_t* p = records;
    const uint8_t* end = records + size;
    long count = 0;
    while (p < end) {
        br_x509_trust_anchor ta;
        if (!parse_anchor(&p, end, &ta)) return -1;
        if ((size_t)count < max) out[count] = ta;
        count++;
    }
    return count;
}

typedef struct {
    uint8_t* out;
    size_t cap, used;
    int overflow;
} record_writer;

static void put(record_writer* w, const void* data, size_t n) {
    if (w->used + n > w->cap) {
        w->overflow = 1;
        return;
    }
    memcpy(w->out + w->used, data, n);
    w->used += n;
}

static void put_byte(record_writer* w, unsigned v) {
    uint8_t b = (uint8_t)v;
    put(w, &b, 1);
}

static void dn_append(void* ctx, const void* buf, size_t len) {
    record_writer* w = (record_writer*)ctx;
    put(w, buf, len);
}

int carte_tls_anchor_record(const uint8_t* der, size_t size, uint8_t* out, size_t cap, size_t* written) {
    br_x509_decoder_context dc;
    record_writer w;
    const br_x509_pkey* pk;
    size_t dn_len;
    int err;
    w.out = out;
    w.cap = cap;
    w.used = 2; /* the DN's length goes first, once known */
    w.overflow = cap < 2;
    br_x509_decoder_init(&dc, dn_append, &w);
    br_x509_decoder_push(&dc, der, size);
    err = br_x509_decoder_last_error(&dc);
    pk = br_x509_decoder_get_pkey(&dc);
    if (err != 0 || pk == NULL) return err ? err : BR_ERR_X509_TRUNCATED;
    if (w.overflow) return BR_ERR_TOO_LARGE;
    dn_len = w.used - 2;
    if (dn_len > 0xffff) return BR_ERR_X509_LIMIT_EXCEEDED;
    out[0] = (uint8_t)(dn_len >> 8);
    out[1] = (uint8_t)dn_len;
    put_byte(&w, br_x509_decoder_isCA(&dc) ? 1 : 0);
    if (pk->key_type == BR_KEYTYPE_RSA) {
        if (pk->key.rsa.nlen > 0xffff || pk->key.rsa.elen > 0xff) return BR_ERR_X509_LIMIT_EXCEEDED;
        put_byte(&w, 1);
        put_byte(&w, (unsigned)(pk->key.rsa.nlen >> 8));
        put_byte(&w, (unsigned)pk->key.rsa.nlen);
        put(&w, pk->key.rsa.n, pk->key.rsa.nlen);
        put_byte(&w, (unsigned)pk->key.rsa.elen);
        put(&w, pk->key.rsa.e, pk->key.rsa.elen);
    } else if (pk->key_type == BR_KEYTYPE_EC) {
        if (pk->key.ec.qlen > 0xff) return BR_ERR_X509_LIMIT_EXCEEDED;
        put_byte(&w, 2);
        put_byte(&w, (unsigned)pk->key.ec.curve);
        put_byte(&w, (unsigned)pk->key.ec.qlen);
        put(&w, pk->key.ec.q, pk->key.ec.qlen);
    } else {
        return BR_ERR_X509_UNSUPPORTED;
    }
    if (w.overflow) return BR_ERR_TOO_LARGE;
    *written = w.used;
    return 0;
}

int carte_tls_start(carte_tls* t, const void* anchors, size_t anchor_count, const char* server_name,
                    uint64_t unix_time, const uint8_t* seed, size_t seed_size) {
    br_ssl_client_context* cc = &t->client;
    br_x509_minimal_context* xc = &t->x509.minimal;
    static const br_hash_class* const hashes[] = {&br_sha256_vtable, &br_sha384_vtable, &br_sha512_vtable,
                                                  &br_sha224_vtable};
    size_t i;
    if (anchor_count == 0) return CARTE_TLS_ERR_NO_ANCHORS;
    br_ssl_client_zero(cc);
    br_ssl_engine_set_versions(&cc->eng, BR_TLS12, BR_TLS12);
    br_ssl_engine_add_flags(&cc->eng, BR_OPT_NO_RENEGOTIATION);
    br_x509_minimal_init(xc, &br_sha256_vtable, (const br_x509_trust_anchor*)anchors, anchor_count);
    br_ssl_engine_set_suites(&cc->eng, kSuites, sizeof kSuites / sizeof kSuites[0]);
    br_ssl_engine_set_default_rsavrfy(&cc->eng);
    br_ssl_engine_set_default_ecdsa(&cc->eng);
    br_x509_minimal_set_rsa(xc, br_ssl_engine_get_rsavrfy(&cc->eng));
    br_x509_minimal_set_ecdsa(xc, br_ssl_engine_get_ec(&cc->eng), br_ssl_engine_get_ecdsa(&cc->eng));
    for (i = 0; i < sizeof hashes / sizeof hashes[0]; ++i) {
        int id = (int)((hashes[i]->desc >> BR_HASHDESC_ID_OFF) & BR_HASHDESC_ID_MASK);
        br_ssl_engine_set_hash(&cc->eng, id, hashes[i]);
        br_x509_minimal_set_hash(xc, id, hashes[i]);
    }
    br_ssl_engine_set_prf_sha256(&cc->eng, &br_tls12_sha256_prf);
    br_ssl_engine_set_prf_sha384(&cc->eng, &br_tls12_sha384_prf);
    br_ssl_engine_set_default_aes_gcm(&cc->eng);
    /* ChaCha20 in plain integer code rather than BearSSL's SSE2 choice: 1.5x faster under QEMU's
     * TCG, where every SIMD instruction is a helper call (docs/tls.md, measured), and still beyond
     * gigabit line rate natively. Poly1305 with 64x64 multiplies where the CPU has them. */
    br_ssl_engine_set_chapol(&cc->eng, &br_sslrec_in_chapol_vtable, &br_sslrec_out_chapol_vtable);
    br_ssl_engine_set_chacha20(&cc->eng, &br_chacha20_ct_run);
    br_ssl_engine_set_poly1305(&cc->eng,
                               br_poly1305_ctmulq_get() ? br_poly1305_ctmulq_get() : &br_poly1305_ctmul_run);
    /* Days since 1 January of year 0 (proleptic Gregorian), as br_x509_minimal_set_time wants. */
    br_x509_minimal_set_time(xc, (uint32_t)(unix_time / 86400 + 719528), (uint32_t)(unix_time % 86400));
    t->x509.vtable = &kCaptureClass;
    br_ssl_engine_set_x509(&cc->eng, &t->x509.vtable);
    br_ssl_engine_set_buffers_bidi(&cc->eng, t->input, sizeof t->input, t->output, sizeof t->output);
    br_ssl_engine_inject_entropy(&cc->eng, seed, seed_size);
    if (!br_ssl_client_reset(cc, server_name, 0)) return br_ssl_engine_last_error(&cc->eng);
    return 0;
}

unsigned carte_tls_state(carte_tls* t) {
    return br_ssl_engine_current_state(&t->client.eng);
}

uint8_t* carte_tls_buffer(carte_tls* t, unsigned which, size_t* size) {
    br_ssl_engine_context* e = &t->client.eng;
    switch (which) {
        case CARTE_TLS_SENDREC:
            return br_ssl_engine_sendrec_buf(e, size);
        case CARTE_TLS_RECVREC:
            return br_ssl_engine_recvrec_buf(e, size);
        case CARTE_TLS_SENDAPP:
            return br_ssl_engine_sendapp_buf(e, size);
        case CARTE_TLS_RECVAPP:
            return br_ssl_engine_recvapp_buf(e, size);
    }
    *size = 0;
    return NULL;
}

void carte_tls_ack(carte_tls* t, unsigned which, size_t n) {
    br_ssl_engine_context* e = &t->client.eng;
    switch (which) {
        case CARTE_TLS_SENDREC:
            br_ssl_engine_sendrec_ack(e, n);
            break;
        case CARTE_TLS_RECVREC:
            br_ssl_engine_recvrec_ack(e, n);
            break;
        case CARTE_TLS_SENDAPP:
            br_ssl_engine_sendapp_ack(e, n);
            break;
        case CARTE_TLS_RECVAPP:
            br_ssl_engine_recvapp_ack(e, n);
            break;
    }
}

void carte_tls_flush(carte_tls* t) {
    br_ssl_engine_flush(&t->client.eng, 0);
}

void carte_tls_close(carte_tls* t) {
    br_ssl_engine_close(&t->client.eng);
}

int carte_tls_last_error(carte_tls* t) {
    return br_ssl_engine_last_error(&t->client.eng);
}

const uint8_t* carte_tls_chain_cert(carte_tls* t, size_t index, size_t* size) {
    if (index >= t->x509.captured) return NULL;
    *size = t->x509.cert_size[index];
    return t->x509.capture + t->x509.cert_at[index];
}

#else /* built without BearSSL: every connection fails with CARTE_TLS_ERR_UNAVAILABLE */

struct carte_tls {
    int unused;
};

size_t carte_tls_size(void) {
    return sizeof(carte_tls);
}
size_t carte_tls_anchor_slot_size(void) {
    return 8;
}
long carte_tls_anchor_record_size(const uint8_t* records, size_t size) {
    (void)records, (void)size;
    return -1;
}
long carte_tls_load_anchors(const uint8_t* records, size_t size, void* slots, size_t max) {
    (void)records, (void)size, (void)slots, (void)max;
    return -1;
}
int carte_tls_anchor_record(const uint8_t* der, size_t size, uint8_t* out, size_t cap, size_t* written) {
    (void)der, (void)size, (void)out, (void)cap, (void)written;
    return CARTE_TLS_ERR_UNAVAILABLE;
}
int carte_tls_start(carte_tls* t, const void* anchors, size_t anchor_count, const char* server_name,
                    uint64_t unix_time, const uint8_t* seed, size_t seed_size) {
    (void)t, (void)anchors, (void)anchor_count, (void)server_name, (void)unix_time, (void)seed,
        (void)seed_size;
    return CARTE_TLS_ERR_UNAVAILABLE;
}
unsigned carte_tls_state(carte_tls* t) {
    (void)t;
    return CARTE_TLS_CLOSED;
}
uint8_t* carte_tls_buffer(carte_tls* t, unsigned which, size_t* size) {
    (void)t, (void)which;
    *size = 0;
    return 0;
}
void carte_tls_ack(carte_tls* t, unsigned which, size_t n) {
    (void)t, (void)which, (void)n;
}
void carte_tls_flush(carte_tls* t) {
    (void)t;
}
void carte_tls_close(carte_tls* t) {
    (void)t;
}
int carte_tls_last_error(carte_tls* t) {
    (void)t;
    return CARTE_TLS_ERR_UNAVAILABLE;
}
const uint8_t* carte_tls_chain_cert(carte_tls* t, size_t index, size_t* size) {
    (void)t, (void)index, (void)size;
    return 0;
}

#endif
