// The CPIO "newc" wrapping iPXE applies to a named initrd (`initrd <uri> <name> [mode=] [mkdir=]`),
// so a single file can be dropped into the kernel's initramfs without building an archive.
#pragma once
#include "runtime/rt/result.h"
#include "runtime/rt/span.h"
#include "runtime/rt/str.h"

namespace carte::image {

struct CpioSpec {
    Str name;              // path inside the initramfs; empty: pass the image through raw
    uint32_t mode = 0644;  // permission bits (mode=, octal)
    int mkdir = 0;         // parent directories to create first; -1: all of them (mkdir=)
};

// Parses an initrd command line "<name> [mode=NNN] [mkdir=N]". Unknown words are an error.
Result<CpioSpec> parse_cpio_spec(Str cmdline);

// Writes the newc headers that precede the file's data (parent directories, then the file; a name
// ending in "/" is a directory entry) into out, and returns the total header bytes. Always
// returns the full size; writes only when out is large enough, so call once with an empty span
// to measure. Each header and name is padded to 4 bytes; no trailer is written (as iPXE).
size_t write_cpio_headers(const CpioSpec& spec, size_t file_size, Span<uint8_t> out);

}  // namespace carte::image
