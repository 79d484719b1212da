// Image commands: imgfetch/initrd/module, imgselect/kernel/imgload, imgexec/chain/boot, imgargs,
// imgfree, imgstat (iPXE: src/hci/commands/image_cmd.c, src/usr/imgmgmt.c). Carte adds
// --sha256=<hex>: the download is checked before it is registered; a mismatch is EACCES.
#include "runtime/commands/handlers.h"
#include "runtime/commands/image_acquire.h"
#include "runtime/commands/options.h"

namespace carte::commands {

namespace {

enum : size_t { kName, kTimeout, kQuiet, kAutofree, kSha256, kReplace };
const OptionSpec kImageOptions[] = {{'n', "name", true},   {'t', "timeout", true},
                                    {'q', "quiet", false}, {'a', "autofree", false},
                                    {0, "sha256", true},   {'r', "replace", false}};
// imgfetch/imgselect do not take --replace.
const Span<const OptionSpec> kFetchOptions(kImageOptions, 5);

Result<Interpreter::Acquire> acquire_options(Interpreter& in, const ParsedArgs& a, bool reuse) {
    Interpreter::Acquire how;
    how.name = a.get(kName);
    how.sha256_hex = a.get(kSha256);
    how.quiet = a.has(kQuiet);
    how.autofree = a.has(kAutofree);
    how.reuse = reuse;
    if (a.has(kTimeout)) {
        auto t = parse_uint(in, a.get(kTimeout));
        if (!t) return t.error();
        how.timeout_ms = *t;
    }
    return how;
}

void set_cmdline(Image* image, Span<const Str> args) {
    if (!args.empty() || !image->cmdline.empty()) image->cmdline = join_args(args);
}

}  // namespace

// Acquires the image, printing `<uri>... ok` or the error as iPXE's download progress does.
Result<Image*> acquire_verbose(Interpreter& in, Str what, const Interpreter::Acquire& how) {
    if (how.reuse && in.images().find(what)) {
        auto reused = in.acquire(what, how);  // no download; checks a --sha256 pin
        if (!reused) {
            String msg = String::copy(what);
            (void)msg.append(": ");
            append_error_text(&msg, reused.error());
            (void)msg.append("\n");
            in.print(msg);
        }
        return reused;
    }
    String line;
    if (!how.quiet) {
        (void)in.resolve(what, &line);
        in.prepare_fetch(line.view());
        (void)line.append("...");
        in.print(line);
    }
    auto image = in.acquire(what, how);
    String tail;
    if (image) {
        if (!how.quiet) (void)tail.append(" ok\n");
    } else {
        if (how.quiet) (void)tail.append(what), (void)tail.append(":");
        (void)tail.append(" ");
        append_error_text(&tail, image.error());
        (void)tail.append("\n");
    }
    in.print(tail);
    return image;
}

// imgfetch, initrd, module: always download; the arguments become the image's command line.
Status imgfetch(Interpreter& in, Span<const Str> argv) {
    auto a = parse_args(in, argv, kFetchOptions, 1, kUnlimited);
    if (!a) return a.error();
    auto how = acquire_options(in, *a, false);
    if (!how) return how.error();
    auto image = acquire_verbose(in, a->positional[0], *how);
    if (!image) return image.error();
    set_cmdline(*image, a->positional.subspan(1));
    return {};
}

// imgselect, kernel, imgload: an image already registered under that name is used first.
Status imgselect(Interpreter& in, Span<const Str> argv) {
    auto a = parse_args(in, argv, kFetchOptions, 1, kUnlimited);
    if (!a) return a.error();
    auto how = acquire_options(in, *a, true);
    if (!how) return how.error();
    auto image = acquire_verbose(in, a->positional[0], *how);
    if (!image) return image.error();
    set_cmdline(*image, a->positional.subspan(1));
    in.images().select(*image);
    return {};
}

// imgexec, chain, boot: with no argument, executes the selected image (nothing selected:
// "No image selected" but success, as iPXE). A script runs nested; --replace replaces the caller.
Status imgexec(Interpreter& in, Span<const Str> argv) {
    auto a = parse_args(in, argv, kImageOptions, 0, kUnlimited);
    if (!a) return a.error();
    Image* image = nullptr;
    if (a->positional.empty()) {
        image = in.images().selected();
        if (!image) {
            in.print("No image selected\n");
            return {};
        }
    } else {
        auto how = acquire_options(in, *a, true);
        if (!how) return how.error();
        auto got = acquire_verbose(in, a->positional[0], *how);
        if (!got) return got.error();
        image = *got;
        set_cmdline(image, a->positional.subspan(1));
        if (a->has(kAutofree)) image->autofree = true;
    }
    Status s = in.execute(image, a->has(kReplace));
    if (!s.ok() && !in.halted()) {
        String msg = String::copy("Could not boot: ");
        append_error_text(&msg, s.error());
        (void)msg.append("\n");
        in.print(msg);
    }
    return s;
}

// imgargs: replaces an image's command line (acquiring it first if needed).
Status imgargs(Interpreter& in, Span<const Str> argv) {
    auto a = parse_args(in, argv, kImageOptions, 1, kUnlimited);
    if (!a) return a.error();
    auto how = acquire_options(in, *a, true);
    if (!how) return how.error();
    auto image = acquire_verbose(in, a->positional[0], *how);
    if (!image) return image.error();
    (*image)->cmdline = join_args(a->positional.subspan(1));
    if (a->has(kAutofree)) (*image)->autofree = true;
    return {};
}

Status imgfree(Interpreter& in, Span<const Str> argv) {
    auto a = parse_args(in, argv, {}, 0, kUnlimited);
    if (!a) return a.error();
    if (a->positional.empty()) {
        in.images().clear();
        return {};
    }
    for (Str name : a->positional) {
        Image* image = in.images().find(name);
        if (!image) {
            String msg = String::copy("\"");
            (void)msg.append(name);
            (void)msg.append("\": no such image\n");
            in.print(msg);
            return Error(Errc::noent);
        }
        in.images().remove(image);
    }
    return {};
}

Status imgstat(Interpreter& in, Span<const Str> argv) {
    auto a = parse_args(in, argv, {}, 0, kUnlimited);
    if (!a) return a.error();
    String out;
    if (a->positional.empty()) {
        for (Image* i : in.images().list()) (void)in.images().describe(*i, &out), (void)out.append("\n");
    } else {
        for (Str name : a->positional) {
            Image* i = in.images().find(name);
            if (!i) {
                in.print(out);
                String msg = String::copy("\"");
                (void)msg.append(name);
                (void)msg.append("\": no such image\n");
                in.print(msg);
                return Error(Errc::noent);
            }
            (void)in.images().describe(*i, &out), (void)out.append("\n");
        }
    }
    in.print(out);
    return {};
}

}  // namespace carte::commands
