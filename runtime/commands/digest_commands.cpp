// md5sum, sha1sum, sha256sum: `<hex>  <name>` per image; --set stores the (last) digest.
#include "runtime/commands/handlers.h"
#include "runtime/commands/options.h"
#include "runtime/crypto/md5.h"
#include "runtime/crypto/sha1.h"
#include "runtime/crypto/sha256.h"

namespace carte::commands {

namespace {

enum class Digest { md5, sha1, sha256 };

size_t digest_of(Digest kind, Bytes data, uint8_t out[32]) {
    switch (kind) {
        case Digest::md5: {
            crypto::Md5 h;
            h.update(data);
            h.finish(out);
            return crypto::kMd5Size;
        }
        case Digest::sha1: {
            crypto::Sha1 h;
            h.update(data);
            h.finish(out);
            return crypto::kSha1Size;
        }
        case Digest::sha256: {
            crypto::Sha256Digest d = crypto::sha256(data);
            for (size_t i = 0; i < crypto::kSha256Size; ++i) out[i] = d.bytes[i];
            return crypto::kSha256Size;
        }
    }
    return 0;
}

Status digest_command(Interpreter& in, Span<const Str> argv, Digest kind) {
    const OptionSpec opts[] = {{'s', "set", true}};
    auto a = parse_args(in, argv, opts, 1, kUnlimited);
    if (!a) return a.error();
    for (Str name : a->positional) {
        Image* image = in.images().find(name);
        if (!image) {
            String msg = String::copy("\"");
            (void)msg.append(name);
            (void)msg.append("\": no such image\n");
            in.print(msg);
            return Error(Errc::noent);
        }
        uint8_t digest[32];
        size_t n = digest_of(kind, image->data.span(), digest);
        String hex;
        for (size_t i = 0; i < n; ++i) (void)hex.append_hex_byte(digest[i]);
        if (a->has(0)) {
            CARTE_TRY(in.settings().store_text(a->get(0), hex));
        } else {
            (void)hex.append("  ");
            (void)hex.append(image->name);
            (void)hex.append("\n");
            in.print(hex);
        }
    }
    return {};
}

}  // namespace

Status md5sum(Interpreter& in, Span<const Str> argv) {
    return digest_command(in, argv, Digest::md5);
}
Status sha1sum(Interpreter& in, Span<const Str> argv) {
    return digest_command(in, argv, Digest::sha1);
}
Status sha256sum(Interpreter& in, Span<const Str> argv) {
    return digest_command(in, argv, Digest::sha256);
}

}  // namespace carte::commands
