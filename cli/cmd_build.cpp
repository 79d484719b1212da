// `carte build MENU -o carte.lkrn [--format lkrn|multiboot|efi] [--base IMAGE] [--compress lz4|none]`:
// one bootable firmware image with a program embedded (the BIOS one LZ4-compressed by default).
// MENU is a Carte menu (.carte/.yaml/.yml/.json, compiled here),
// bytecode (.cbm, verified here) or a classic iPXE script (translated here to catch errors early,
// embedded as text so the ROM translates the same source). The image layout is in
// cli_rom_image.h (BIOS), cli_efi_image.h (UEFI) and docs/firmware.md.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "cli/cli_efi_image.h"
#include "cli/cli_option_parser.h"
#include "cli/cli_rom_image.h"
#include "cli/cli_trust.h"
#include "cli/commands.h"
#include "compiler/codegen/bytecode_codegen.h"
#include "compiler/driver/frontend.h"
#include "platform/firmware/embed_format.h"
#include "runtime/bytecode/module.h"
#include "runtime/crypto/signature.h"
#include "runtime/image/registry.h"
#include "runtime/vm/program.h"

#ifndef CARTE_BASE_ROM
#define CARTE_BASE_ROM ""
#endif
#ifndef CARTE_BASE_EFI
#define CARTE_BASE_EFI ""
#endif

namespace carte::cli {
namespace {

constexpr const char* kHelp =
    "usage: carte build [options] MENU -o OUT\n"
    "\n"
    "Builds a bootable firmware image (x86 BIOS or UEFI) with MENU embedded: a Carte menu (.carte, .yaml,\n"
    ".yml, .json; compiled), bytecode (.cbm) or a classic iPXE script (#!ipxe). At start-up the\n"
    "firmware gets a DHCP lease on the first NIC with link and runs it; Ctrl-B within 2 s gives\n"
    "the iPXE-compatible shell.\n"
    "\n"
    "options:\n"
    "  -o OUT                   the image to write (required)\n"
    "  --format lkrn|multiboot|efi\n"
    "                           lkrn (default): Linux boot protocol + multiboot, for QEMU -kernel,\n"
    "                           GRUB, SYSLINUX and iPXE; multiboot: multiboot only; efi: an x86_64\n"
    "                           UEFI application (EFI/BOOT/BOOTX64.EFI, or a PXE boot file)\n"
    "  --base IMAGE             the firmware image to start from (default: this build's carte.lkrn,\n"
    "                           or carte.efi for --format efi; a compressed one is unpacked)\n"
    "  --compress lz4|none      lkrn, multiboot: lz4 (default) writes the image LZ4-compressed behind\n"
    "                           a small decompressor; none writes it as it runs\n"
    "  --nics firmware|native   efi: drive NICs through the firmware's drivers (SNP, default:\n"
    "                           every NIC the firmware supports) or with Carte's own where it has\n"
    "                           one (virtio-net, e1000), taking the device from the firmware\n"
    "  --shell-wait MS          how long after start-up Ctrl-B gives the shell (default 2000; 0: no prompt)\n"
    "  --trust FILE[,not-after=TIME]\n"
    "                           trust this PEM public key for signed menus (up to 16; TIME ends\n"
    "                           its validity, for rotation) or these PEM certificates as imgverify\n"
    "                           roots. Repeatable. The firmware then verifies every fetched menu\n"
    "  --ca FILE                trust the PEM root certificates in FILE for https:// (repeatable)\n"
    "  --system-cas             trust the build host's Mozilla roots for https:// too (Debian's\n"
    "                           ca-certificates), embedded compactly (docs/tls.md)\n"
    "  --require-signed         refuse unsigned fetched menus (needs a --trust public key)\n"
    "  --require-signed-scripts fetched classic scripts need a good URL.sig too\n"
    "  -h, --help               show this help\n"
    "\n"
    "exit status: 0 written, 1 error in the input, 2 usage error\n";

int fail(const std::string& message) {
    std::fprintf(stderr, "carte build: %s\n", message.c_str());
    return 1;
}

bool ends_with(const std::string& s, const char* suffix) {
    std::string x(suffix);
    return s.size() >= x.size() && s.compare(s.size() - x.size(), x.size(), x) == 0;
}

bool read_file(const std::string& path, std::vector<uint8_t>* out) {
    std::ifstream f(path, std::ios::binary);
    if (!f) return false;
    out->assign(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
    return !f.bad();
}

std::string with_commas(size_t n) {
    std::string digits = std::to_string(n), s;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i && (digits.size() - i) % 3 == 0) s += ',';
        s += digits[i];
    }
    return s;
}

// The program bytes for MENU and a word for what they are; empty description on error (printed).
bool load_program_bytes(const std::string& path, std::vector<uint8_t>* out, std::string* what) {
    if (ends_with(path, ".carte") || ends_with(path, ".yaml") || ends_with(path, ".yml") ||
        ends_with(path, ".json")) {
        diag::DiagnosticSink sink;
        auto cat = driver::load_checked(path, sink);
        std::optional<std::vector<uint8_t>> bytes;
        if (cat) bytes = codegen::compile_bytecode(*cat, codegen::BytecodeOptions{}, sink);
        if (sink.has_errors() || !bytes) {
            std::fputs(diag::render_text(sink).c_str(), stderr);
            fail(path + ": the menu does not compile");
            return false;
        }
        *out = std::move(*bytes);
        *what = "compiled menu (bytecode)";
        return true;
    }
    if (!read_file(path, out)) {
        fail(path + ": cannot read the file");
        return false;
    }
    Bytes data(out->data(), out->size());
    switch (probe_image(data)) {
        case ImageKind::bytecode: {
            String why;
            auto module = bc::load_module(data, &why);
            if (!module) {
                fail(path + ": invalid bytecode: " + std::string(why.view().data(), why.size()));
                return false;
            }
            *what = "bytecode";
            return true;
        }
        case ImageKind::script: {
            String why;
            Str text(reinterpret_cast<const char*>(out->data()), out->size());
            auto translated = translate_ipxe_script(text, Str(path.data(), path.size()), &why);
            if (!translated) {
                fail(path + ": the iPXE script does not translate: " +
                     (why.empty() ? std::string(errc_message(translated.error().code))
                                  : std::string(why.view().data(), why.size())));
                return false;
            }
            *what = "iPXE script";
            return true;
        }
        default:
            fail(path + ": not a Carte menu (.carte/.yaml/.json), .cbm bytecode or #!ipxe script");
            return false;
    }
}

// What the ROM will trust, one line per key and certificate, then the policy.
void print_trust(const HostTrust& trust) {
    if (trust.empty()) return;
    for (const crypto::TrustAnchor& a : trust.keys.anchors()) {
        String id;
        (void)a.id.append_hex(&id);
        std::printf("  trust     key %s (%.*s)", id.c_str(), int(a.name.size()), a.name.data());
        if (a.not_after) {
            String until;
            (void)crypto::append_utc_time(&until, a.not_after);
            std::printf(", until %s", until.c_str());
        }
        std::printf("\n");
    }
    for (const std::string& name : trust.ca_names)
        std::printf("  trust     CA certificate %s\n", name.c_str());
    std::printf("  policy    %s%s\n",
                trust.require_signed_menus ? "signed menus required" : "unsigned menus run with a warning",
                trust.require_signed_scripts ? ", signed scripts required" : "");
}

}  // namespace

int cmd_build(int argc, char** argv) {
    std::string in, out, base, format = "lkrn", compress;
    EmbedRequest request;
    HostTrust trust;
    std::vector<std::string> trust_specs, ca_files;
    bool system_cas = false;
    std::string shell_wait, nics;
    OptionParser options("build", kHelp);
    options.value("-o", &out, "a file name");
    options.value("--format", &format, "lkrn, multiboot or efi");
    options.value("--base", &base, "a file name");
    options.value("--compress", &compress, "lz4 or none");
    options.value("--shell-wait", &shell_wait, "milliseconds");
    options.value("--nics", &nics, "firmware or native");
    options.values("--trust", &trust_specs, "a PEM file");
    options.values("--ca", &ca_files, "a PEM file");
    options.flag("--system-cas", &system_cas);
    options.flag("--require-signed", &trust.require_signed_menus);
    options.flag("--require-signed-scripts", &trust.require_signed_scripts);
    options.input(&in, "more than one input given");
    if (auto done = options.parse(argc, argv)) return *done;
    if (format != "lkrn" && format != "multiboot" && format != "efi")
        return options.usage("--format takes lkrn, multiboot or efi, not '" + format + "'");
    const bool efi = format == "efi";
    if (!options.given("--base")) base = efi ? CARTE_BASE_EFI : CARTE_BASE_ROM;
    if (options.given("--compress")) {
        if (efi) return options.usage("--compress is for the BIOS image (--format lkrn or multiboot)");
        if (compress != "lz4" && compress != "none")
            return options.usage("--compress takes lz4 or none, not '" + compress + "'");
    }
    if (options.given("--nics")) {
        if (!efi)
            return options.usage("--nics is for --format efi (the BIOS image always uses its own drivers)");
        if (nics != "firmware" && nics != "native")
            return options.usage("--nics takes firmware or native, not '" + nics + "'");
        request.nic_policy =
            uint32_t(nics == "native" ? fw::embed::NicPolicy::native : fw::embed::NicPolicy::firmware);
    }
    if (options.given("--shell-wait")) {
        char* end = nullptr;
        unsigned long ms = std::strtoul(shell_wait.c_str(), &end, 10);
        if (shell_wait.empty() || *end || ms > 600000)
            return options.usage("--shell-wait takes 0..600000 milliseconds");
        request.shell_wait_ms = uint32_t(ms);
    }
    if (in.empty()) return options.usage("no menu given");
    if (out.empty()) return options.usage("no output given (-o carte.lkrn)");
    if (base.empty())
        return options.usage(std::string("this build has no firmware image; give --base ") +
                             (efi ? "carte.efi" : "carte.lkrn"));
    for (const std::string& spec : trust_specs) {
        std::string why;
        if (!trust.add(spec, &why)) return fail("--trust " + why);
    }
    if ((trust.require_signed_menus || trust.require_signed_scripts) && trust.keys.empty())
        return options.usage(
            "--require-signed needs at least one --trust public key to check signatures with");
    try {
        request.trust_store = trust.encode_store();
    } catch (const std::exception& e) {
        return fail(std::string("--trust: ") + e.what());
    }
    request.ca_certs = trust.encode_ca_certs();
    // HTTPS roots (docs/tls.md): --ca files and the build host's bundle, as compact anchor records.
    TlsRoots ca_roots, system_roots;
    size_t ca_skipped = 0, system_skipped = 0;
    for (const std::string& path : ca_files) {
        std::string why;
        if (!ca_roots.add_pem_file(path, &why)) return fail("--ca " + why);
    }
    request.tls_roots = ca_roots.anchor_records(&ca_skipped);
    if (ca_skipped) return fail("--ca: a certificate cannot serve as a TLS root (unsupported key)");
    if (system_cas) {
        std::string why;
        if (!system_roots.add_pem_file(kSystemCaBundle, &why))
            return fail(std::string("--system-cas: ") + why + " (Debian's ca-certificates package)");
        request.tls_system_roots = system_roots.anchor_records(&system_skipped);
    }

    std::vector<uint8_t> rom;
    if (!read_file(base, &rom))
        return fail(base + ": cannot read the base firmware image (build target " +
                    (efi ? "carte_efi" : "carte_lkrn") + ")");
    std::string what;
    if (!load_program_bytes(in, &request.program, &what)) return 1;
    request.name = in.substr(in.rfind('/') == std::string::npos ? 0 : in.rfind('/') + 1);
    request.format = format == "multiboot" ? RomFormat::multiboot : RomFormat::lkrn;

    std::string why;
    std::optional<BuiltRom> image;
    std::string note;  // after the size: compression, or why there is none
    if (efi) {
        auto layout = read_efi_layout(rom, &why);
        if (!layout) return fail(base + ": " + why);
        auto built = build_efi(rom, encode_payload(request), &why);
        if (built) image = BuiltRom{*built, layout->image_size, built->size(), false};
    } else {
        auto plain = unpack_rom(rom, &why);
        if (!plain) return fail(base + ": " + why);
        auto layout = read_rom_layout(*plain, &why);
        if (!layout) return fail(base + ": " + why);
        // An older base without the stub is written uncompressed unless lz4 was asked for.
        request.compression = compress == "none" || (compress.empty() && !layout->unpack_stub)
                                  ? RomCompression::none
                                  : RomCompression::lz4;
        if (compress.empty() && !layout->unpack_stub)
            note = " (uncompressed: the base has no decompressor stub)";
        image = build_rom(*plain, request, &why);
        if (image && image->compressed)
            note = " (LZ4: " + with_commas(image->uncompressed_size) + " bytes uncompressed, " +
                   std::to_string((image->image.size() * 100 + image->uncompressed_size / 2) /
                                  image->uncompressed_size) +
                   "%)";
        if (is_compressed_rom(rom)) base += ", unpacked";
    }
    if (!image) return fail(why);
    const std::vector<uint8_t>& bytes = image->image;
    std::ofstream f(out, std::ios::binary | std::ios::trunc);
    if (!f || !f.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size())) ||
        !f.flush())
        return fail(out + ": cannot write the image");
    std::printf("%s: %s bytes, %s image%s\n", out.c_str(), with_commas(bytes.size()).c_str(), format.c_str(),
                note.c_str());
    std::printf("  firmware  %s bytes (%s)\n", with_commas(image->firmware_size).c_str(), base.c_str());
    std::printf("  embedded  %s bytes: %s, %s from %s\n",
                with_commas(image->uncompressed_size - image->firmware_size).c_str(), request.name.c_str(),
                what.c_str(), in.c_str());
    if (request.shell_wait_ms) std::printf("  Ctrl-B    %u ms\n", unsigned(*request.shell_wait_ms));
    print_trust(trust);
    for (const std::string& name : ca_roots.names) std::printf("  https     root %s\n", name.c_str());
    if (system_cas)
        std::printf("  https     %zu roots from %s (%s bytes%s)\n",
                    system_roots.certs.size() - system_skipped, kSystemCaBundle,
                    with_commas(request.tls_system_roots.size()).c_str(),
                    system_skipped ? (", " + std::to_string(system_skipped) + " skipped").c_str() : "");
    return 0;
}

}  // namespace carte::cli
