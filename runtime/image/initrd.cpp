#include "runtime/image/initrd.h"

#include "runtime/image/cpio.h"

namespace carte::image {

namespace {
size_t align_up(size_t v) {
    return (v + kInitrdAlign - 1) & ~(kInitrdAlign - 1);
}
}  // namespace

Result<size_t> initrd_size(Span<const InitrdPart> parts) {
    size_t total = 0;
    for (const InitrdPart& p : parts) {
        auto spec = parse_cpio_spec(p.cmdline);
        if (!spec) return spec.error();
        total = align_up(total) + write_cpio_headers(*spec, p.data.size(), Span<uint8_t>()) + p.data.size();
    }
    return total;
}

Status build_initrd(Span<const InitrdPart> parts, Span<uint8_t> out) {
    auto need = initrd_size(parts);
    if (!need) return need.error();
    if (out.size() < *need) return Status(Errc::nospc, "initrd buffer too small");
    size_t pos = 0;
    for (const InitrdPart& p : parts) {
        size_t start = align_up(pos);
        for (; pos < start; ++pos) out[pos] = 0;
        auto spec = parse_cpio_spec(p.cmdline);
        pos += write_cpio_headers(*spec, p.data.size(), out.subspan(pos));
        __builtin_memcpy(out.data() + pos, p.data.data(), p.data.size());
        pos += p.data.size();
    }
    return {};
}

}  // namespace carte::image
