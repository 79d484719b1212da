// LZ77 block codec (format: docs/bytecode.md, "Compressed body").
//
// A block is a sequence of sequences. Each sequence is
//   token (u8): high nibble = literal count, low nibble = match length - kMinMatch;
//   a nibble of 15 is followed by a varint that is added to it;
//   the literal bytes;
//   then, unless the output is now complete: offset (varint, 1..bytes written so far) and
//   the match extension varint if the low nibble was 15.
// The block ends exactly when the output is full; the final sequence has no match part.
#include "runtime/bytecode/body_codec.h"

#include "runtime/rt/varint.h"

namespace carte::bc {
namespace {

constexpr uint32_t kHashBits = 16;
constexpr uint32_t kNoPos = 0xffffffffu;
// Bounded chain walk: enough to find the long templated repeats, cheap enough to keep a
// 5,000-item catalogue well under the compile-time budget.
constexpr uint32_t kMaxChain = 48;
constexpr uint32_t kMaxWindow = 1u << 20;
// A match this long is taken without searching further.
constexpr uint32_t kGoodEnough = 128;

uint32_t hash4(const uint8_t* p) {
    uint32_t v = static_cast<uint32_t>(p[0]) | static_cast<uint32_t>(p[1]) << 8 |
                 static_cast<uint32_t>(p[2]) << 16 | static_cast<uint32_t>(p[3]) << 24;
    return (v * 2654435761u) >> (32 - kHashBits);
}

class Writer {
  public:
    explicit Writer(Vec<uint8_t>* out) : out_(out) {}
    void u8(uint8_t b) { ok_ = ok_ && out_->push(b); }
    void varint(uint32_t v) {
        uint8_t buf[5];
        size_t n = write_varint(v, buf);
        for (size_t i = 0; i < n; ++i) u8(buf[i]);
    }
    void bytes(const uint8_t* p, size_t n) { ok_ = ok_ && out_->append(Span<const uint8_t>(p, n)); }
    bool ok() const { return ok_; }

  private:
    Vec<uint8_t>* out_;
    bool ok_ = true;
};

// One sequence: `lit` literals from `src`, then a match (len 0 = final sequence, no match).
void put_sequence(Writer& w, const uint8_t* src, uint32_t lit, uint32_t offset, uint32_t len) {
    uint32_t lit_nib = lit < 15 ? lit : 15;
    uint32_t m = len ? len - kMinMatch : 0;
    uint32_t m_nib = m < 15 ? m : 15;
    w.u8(static_cast<uint8_t>(lit_nib << 4 | m_nib));
    if (lit_nib == 15) w.varint(lit - 15);
    w.bytes(src, lit);
    if (len == 0) return;
    w.varint(offset);
    if (m_nib == 15) w.varint(m - 15);
}

class Failure {
  public:
    explicit Failure(String* why) : why_(why) {}
    bool operator()(Str what, uint64_t value, Str tail = Str()) {
        if (why_ && why_->empty()) {
            (void)why_->append("compressed body: ");
            (void)why_->append(what);
            (void)why_->append(" 0x");
            (void)why_->append_u64(value, 16);
            (void)why_->append(tail);
        }
        return false;
    }

  private:
    String* why_;
};

}  // namespace

bool compress_body(Bytes in, Vec<uint8_t>* out) {
    Writer w(out);
    const size_t n = in.size();
    const uint8_t* p = in.data();
    if (n > 0xfffffff0u) return false;
    Vec<uint32_t> head, prev;
    if (!head.reserve(size_t{1} << kHashBits) || !prev.reserve(n)) return false;
    for (size_t i = 0; i < (size_t{1} << kHashBits); ++i) (void)head.push(kNoPos);
    for (size_t i = 0; i < n; ++i) (void)prev.push(kNoPos);
    auto insert = [&](size_t i) {
        uint32_t h = hash4(p + i);
        prev[i] = head[h];
        head[h] = static_cast<uint32_t>(i);
    };
    // Longest match for position i among earlier positions, via the hash chain.
    auto best_match = [&](size_t i, uint32_t* best_off) {
        uint32_t best = 0;
        const size_t limit = n - i;
        uint32_t cand = head[hash4(p + i)];
        for (uint32_t depth = 0; cand != kNoPos && depth < kMaxChain; ++depth, cand = prev[cand]) {
            if (i - cand > kMaxWindow) break;
            if (best >= limit || p[cand + best] != p[i + best]) continue;
            uint32_t len = 0;
            while (len < limit && p[cand + len] == p[i + len]) ++len;
            if (len > best) {
                best = len, *best_off = static_cast<uint32_t>(i - cand);
                if (best >= kGoodEnough || best == limit) break;
            }
        }
        return best >= kMinMatch ? best : 0;
    };
    size_t anchor = 0, i = 0;
    size_t indexed = 0;  // positions below this are in the hash chains
    auto index_to = [&](size_t end) {
        for (; indexed < end; ++indexed)
            if (indexed + kMinMatch <= n) insert(indexed);
    };
    while (n >= kMinMatch && i + kMinMatch <= n) {
        uint32_t off = 0;
        uint32_t len = best_match(i, &off);
        if (!len) {
            index_to(++i);
            continue;
        }
        index_to(i + 1);
        if (i + 1 + kMinMatch <= n) {
            // One step of lazy matching: prefer a clearly longer match starting at the next byte.
            uint32_t off2 = 0;
            uint32_t len2 = best_match(i + 1, &off2);
            if (len2 > len + 1) ++i, len = len2, off = off2;
        }
        put_sequence(w, p + anchor, static_cast<uint32_t>(i - anchor), off, len);
        i += len;
        index_to(i);
        anchor = i;
    }
    put_sequence(w, p + anchor, static_cast<uint32_t>(n - anchor), 0, 0);
    return w.ok();
}

bool decompress_body(Bytes in, uint8_t* out, size_t out_size, String* why) {
    Failure fail(why);
    size_t ip = 0, op = 0;
    auto extend = [&](uint32_t nib, uint64_t* value) {
        *value = nib;
        if (nib != 15) return true;
        uint32_t extra;
        if (!read_varint(in, &ip, &extra)) return false;
        *value += extra;
        return true;
    };
    for (;;) {
        if (ip >= in.size())
            return fail("input ends early: expected a token at input offset", ip,
                        op < out_size ? Str(" (output underrun)") : Str());
        const size_t token_at = ip;
        const uint8_t token = in[ip++];
        uint64_t lit, mlen;
        if (!extend(token >> 4, &lit)) return fail("bad literal length varint at input offset", token_at);
        if (lit > out_size - op) return fail("literal run overruns the output: length", lit);
        if (lit > in.size() - ip) return fail("literal run overruns the input: length", lit);
        if (lit) __builtin_memcpy(out + op, in.data() + ip, static_cast<size_t>(lit));
        ip += static_cast<size_t>(lit);
        op += static_cast<size_t>(lit);
        if (op == out_size) {
            if (token & 0x0f) return fail("final sequence has a match at input offset", token_at);
            if (ip != in.size())
                return fail("trailing bytes after the output is complete at input offset", ip);
            return true;
        }
        uint32_t offset;
        if (!read_varint(in, &ip, &offset)) return fail("bad match offset varint at input offset", token_at);
        if (offset == 0) return fail("zero match offset at input offset", token_at);
        if (offset > op) return fail("match offset", offset, " beyond output");
        if (!extend(token & 0x0f, &mlen)) return fail("bad match length varint at input offset", token_at);
        mlen += kMinMatch;
        if (mlen > out_size - op) return fail("match overruns the output: length", mlen);
        // Byte by byte, forwards: an offset shorter than the length repeats the recent bytes.
        const uint8_t* src = out + (op - offset);
        for (size_t k = 0; k < mlen; ++k) out[op + k] = src[k];
        op += static_cast<size_t>(mlen);
    }
}

}  // namespace carte::bc
