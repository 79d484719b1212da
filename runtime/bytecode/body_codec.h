// The LZ77 block codec for COMPRESSED module bodies (docs/bytecode.md, "Compressed body").
// Generated catalogues repeat long templated strings and instruction shapes that whole-string
// dedup cannot share; a small LZ pass over the section bytes removes most of that redundancy.
// The decoder is the security boundary: it checks every length and offset against both
// buffers and never writes past the output size fixed in advance.
#pragma once
#include "runtime/rt/span.h"
#include "runtime/rt/string.h"
#include "runtime/rt/vec.h"

namespace carte::bc {

// Shortest match the encoder emits and the length the token's match nibble counts from.
constexpr uint32_t kMinMatch = 4;
// Largest expanded body a loader accepts (bounds the inflate buffer on small-heap firmware).
constexpr uint32_t kMaxExpandedBody = 16u << 20;

// Appends the compressed form of `in` to `out`. False only if memory runs out.
bool compress_body(Bytes in, Vec<uint8_t>* out);

// Inflates `in` into exactly `out_size` bytes at `out`. False on any malformed input (with a
// message such as "compressed body: match offset 0x1234 beyond output" in `why`).
bool decompress_body(Bytes in, uint8_t* out, size_t out_size, String* why = nullptr);

}  // namespace carte::bc
