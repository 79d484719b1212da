// Concatenating initrds the way iPXE hands them to Linux: each one starts on a 4 KiB boundary,
// in registration order, preceded by its CPIO headers when it was given a name.
#pragma once
#include "runtime/rt/result.h"
#include "runtime/rt/span.h"
#include "runtime/rt/str.h"

namespace carte::image {

constexpr size_t kInitrdAlign = 4096;

struct InitrdPart {
    Bytes data;
    Str cmdline;  // "<name> [mode=] [mkdir=]" or empty for a raw image
};

// Total size of the concatenation (the last part is not padded), or an error for a malformed
// command line.
Result<size_t> initrd_size(Span<const InitrdPart> parts);

// Writes the concatenation into out (at least initrd_size() bytes; gaps are zero-filled).
Status build_initrd(Span<const InitrdPart> parts, Span<uint8_t> out);

}  // namespace carte::image
