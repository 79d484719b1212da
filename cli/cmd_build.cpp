// `carte build MENU -o OUT [--format lkrn|multiboot|efi|iso|usb|all] [--base IMAGE] [--base-efi IMAGE]`:
// bootable firmware with a program embedded (the BIOS image LZ4-compressed by default), as a
// firmware image or as boot media around one. MENU is a Carte menu (.carte/.yaml/.yml/.json,
// compiled here), bytecode (.cbm, verified here) or a classic iPXE script (translated here to
// catch errors early, embedded as text so the ROM translates the same source). The formats are
// one table (cli_build_formats.h); the image layouts are in cli_rom_image.h (BIOS),
// cli_efi_image.h (UEFI), cli_media_image.h (ISO, USB) and docs/firmware.md.
#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "cli/cli_build_formats.h"
#include "cli/cli_efi_image.h"
#include "cli/cli_option_parser.h"
#include "cli/cli_output_file.h"
#include "cli/cli_pxe_image.h"
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
    "       carte build [options] MENU --format all -o DIR\n"
    "\n"
    "Builds bootable firmware (x86 BIOS and UEFI) with MENU embedded: a Carte menu (.carte, .yaml,\n"
    ".yml, .json; compiled), bytecode (.cbm) or a classic iPXE script (#!ipxe), as a firmware image\n"
    "or as boot media. At start-up the firmware gets a DHCP lease on the first NIC with link and\n"
    "runs it; Ctrl-B within 2 s gives the iPXE-compatible shell.\n"
    "\n"
    "options:\n"
    "  -o OUT                   the file to write (required); for --format all, a directory\n"
    "  --format FORMAT          what to write (docs/firmware.md, \"Formats\"):\n"
    "                           lkrn (default): the BIOS image: Linux boot protocol + multiboot, for\n"
    "                             QEMU -kernel, GRUB, SYSLINUX and iPXE\n"
    "                           multiboot: the BIOS image as a multiboot kernel only\n"
    "                           efi: an x86_64 UEFI application (EFI/BOOT/BOOTX64.EFI, or a PXE\n"
    "                             boot file)\n"
    "                           iso: a hybrid ISO 9660 image, for a CD or written to a USB stick;\n"
    "                             boots BIOS (ISOLINUX) and UEFI (needs xorriso, isolinux, mtools)\n"
    "                           usb: a raw disk image to write to a USB stick (dd); boots BIOS\n"
    "                             (SYSLINUX) and UEFI (needs mtools, syslinux)\n"
    "                           pxe: a PXE network boot program for BIOS PXE ROMs (TFTP); Carte's own\n"
    "                             NIC drivers take over the NIC\n"
    "                           kpxe: the same, keeping the PXE ROM's UNDI driver: every NIC whose\n"
    "                             PXE ROM works, works (undionly.kpxe's role)\n"
    "                           all: one file per format into DIR (carte.lkrn, carte.efi, carte.iso,\n"
    "                             carte.usb, carte.pxe, carte.kpxe; no multiboot file: the lkrn is one)\n"
    "  --base IMAGE             the BIOS firmware image to start from (default: this build's\n"
    "                           carte.lkrn; a compressed one is unpacked). For --format efi: the\n"
    "                           UEFI one, as --base-efi\n"
    "  --base-efi IMAGE         the UEFI firmware image for efi, iso, usb and all (default: this\n"
    "                           build's carte.efi). Without one (or with --base-efi ''), iso and usb\n"
    "                           boot BIOS machines only and all writes no carte.efi\n"
    "  --compress lz4|none      the BIOS image: lz4 (default) writes it LZ4-compressed behind a\n"
    "                           small decompressor; none writes it as it runs\n"
    "  --nics firmware|native   the UEFI image: drive NICs through the firmware's drivers (SNP,\n"
    "                           default: every NIC the firmware supports) or with Carte's own where\n"
    "                           it has one (virtio-net, e1000), taking the device from the firmware\n"
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
    std::string in, out, base, base_efi, format = "lkrn", compress;
    EmbedRequest request;
    HostTrust trust;
    std::vector<std::string> trust_specs, ca_files;
    bool system_cas = false;
    std::string shell_wait, nics;
    OptionParser options("build", kHelp);
    options.value("-o", &out, "a file name");
    options.value("--format", &format, "a format name");
    options.value("--base", &base, "a file name");
    options.value("--base-efi", &base_efi, "a file name");
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
    const bool all = format == "all";
    const BuildFormat* single = all ? nullptr : find_build_format(format);
    if (!all && !single)
        return options.usage("--format takes " + build_format_names() + " or all, not '" + format + "'");
    // Which firmware images this run builds; `all` and the media take the UEFI one when there is one.
    const bool wants_bios = all || single->uses != FirmwareUse::efi;
    const bool wants_efi = all || single->uses != FirmwareUse::bios;
    const bool efi_optional = all || single->uses == FirmwareUse::bios_and_efi;
    const std::string bios_formats = build_format_names(FirmwareUse::bios) + ", all";
    const std::string efi_formats = build_format_names(FirmwareUse::efi) + ", all";
    if (options.given("--base-efi") && !wants_efi)
        return options.usage("--base-efi is for the formats with a UEFI image (" + efi_formats + ")");
    std::string bios_base, efi_base;
    if (wants_bios) bios_base = options.given("--base") ? base : CARTE_BASE_ROM;
    if (wants_efi) {
        // --format efi has no BIOS image, so its --base has always been the UEFI one.
        if (!wants_bios && options.given("--base") && options.given("--base-efi"))
            return options.usage("--format efi takes its image from --base or --base-efi, not both");
        efi_base = options.given("--base-efi")              ? base_efi
                   : !wants_bios && options.given("--base") ? base
                                                            : CARTE_BASE_EFI;
    }
    if (options.given("--compress")) {
        if (!wants_bios) return options.usage("--compress is for the BIOS image (" + bios_formats + ")");
        if (compress != "lz4" && compress != "none")
            return options.usage("--compress takes lz4 or none, not '" + compress + "'");
    }
    if (options.given("--nics")) {
        // The BIOS image always drives its NICs with its own drivers.
        if (!wants_efi) return options.usage("--nics is for the UEFI image (" + efi_formats + ")");
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
    if (out.empty())
        return options.usage("no output given (-o " +
                             (all ? std::string("DIR") : "carte." + std::string(single->name)) + ")");
    if (wants_bios && bios_base.empty())
        return options.usage("this build has no BIOS firmware image; give --base carte.lkrn");
    if (wants_efi && !efi_optional && efi_base.empty())
        return options.usage("--format efi needs a UEFI firmware image; give --base-efi carte.efi");
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

    std::vector<uint8_t> bios_rom, efi_rom;
    if (wants_bios && !read_file(bios_base, &bios_rom))
        return fail(bios_base + ": cannot read the base firmware image (build target carte_lkrn)");
    if (!efi_base.empty() && !read_file(efi_base, &efi_rom))
        return fail(efi_base + ": cannot read the base firmware image (build target carte_efi)");
    std::string what;
    if (!load_program_bytes(in, &request.program, &what)) return 1;
    request.name = in.substr(in.rfind('/') == std::string::npos ? 0 : in.rfind('/') + 1);

    std::string why;
    BuiltFirmware firmware;
    size_t embedded = 0;  // payload bytes as stored in the image, for the report
    size_t efi_firmware_size = 0;
    if (wants_bios) {
        EmbedRequest bios_request = request;
        bios_request.nic_policy.reset();  // a UEFI setting: the BIOS image always drives its NICs itself
        bios_request.format = all ? RomFormat::lkrn : single->rom;
        auto plain = unpack_rom(bios_rom, &why);
        if (!plain) return fail(bios_base + ": " + why);
        auto layout = read_rom_layout(*plain, &why);
        if (!layout) return fail(bios_base + ": " + why);
        // An older base without the stub is written uncompressed unless lz4 was asked for.
        bios_request.compression = compress == "none" || (compress.empty() && !layout->unpack_stub)
                                       ? RomCompression::none
                                       : RomCompression::lz4;
        firmware.bios = build_rom(*plain, bios_request, &why);
        if (!firmware.bios) return fail(why);
        if (auto prefix = pxe_prefix_of(*plain, *layout, &firmware.pxe_prefix_why))
            firmware.pxe_prefix = *prefix;
        const BuiltRom& rom = *firmware.bios;
        if (compress.empty() && !layout->unpack_stub)
            firmware.bios_note = " (uncompressed: the base has no decompressor stub)";
        if (rom.compressed)
            firmware.bios_note =
                " (LZ4: " + with_commas(rom.uncompressed_size) + " bytes uncompressed, " +
                std::to_string((rom.image.size() * 100 + rom.uncompressed_size / 2) / rom.uncompressed_size) +
                "%)";
        embedded = rom.uncompressed_size - rom.firmware_size;
        if (is_compressed_rom(bios_rom)) bios_base += ", unpacked";
    }
    if (!efi_base.empty()) {
        auto layout = read_efi_layout(efi_rom, &why);
        if (!layout) return fail(efi_base + ": " + why);
        firmware.efi = build_efi(efi_rom, encode_payload(request), &why);
        if (!firmware.efi) return fail(why);
        efi_firmware_size = layout->image_size;
        if (!firmware.bios) embedded = firmware.efi->size() - layout->image_size;
    }

    // Every file is made before any is written: a tool that fails leaves no partial set behind.
    struct Output {
        const BuildFormat* format;
        std::string path;
        FormatOutput file;
    };
    std::vector<Output> outputs;
    if (all) {
        for (const BuildFormat& f : build_formats())
            if (f.file && (f.uses != FirmwareUse::efi || firmware.efi) &&
                (!f.needs_pxe_prefix || !firmware.pxe_prefix.empty()))
                outputs.push_back(Output{&f, out + "/" + f.file, {}});
    } else {
        outputs.push_back(Output{single, out, {}});
    }
    for (Output& o : outputs)
        if (!o.format->make(firmware, &o.file, &why)) return fail(why);
    if (all) {
        struct stat st;
        if (mkdir(out.c_str(), 0777) != 0 && errno != EEXIST)
            return fail(out + ": cannot make the directory: " + std::strerror(errno));
        if (stat(out.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
            return fail(out + ": not a directory (--format all writes one file per format into it)");
    }
    for (const Output& o : outputs) {
        if (!write_output_file(o.path, o.file.bytes, &why)) return fail(why);
        std::printf("%s: %s bytes, %s image%s\n", o.path.c_str(), with_commas(o.file.bytes.size()).c_str(),
                    o.format->name, o.file.note.c_str());
    }
    if (firmware.bios)
        std::printf("  firmware  %s bytes (%s)\n", with_commas(firmware.bios->firmware_size).c_str(),
                    bios_base.c_str());
    if (all && firmware.bios && firmware.pxe_prefix.empty())
        std::printf("  PXE       none: %s, so carte.pxe and carte.kpxe are not written\n",
                    firmware.pxe_prefix_why.c_str());
    if (firmware.efi)
        std::printf("  firmware  %s bytes (%s)\n", with_commas(efi_firmware_size).c_str(), efi_base.c_str());
    else if (wants_efi)
        std::printf("  UEFI      none: no UEFI base image (--base-efi carte.efi gives one), so %s\n",
                    all ? "carte.efi is not written and the media boot BIOS machines only"
                        : "it boots BIOS machines only");
    std::printf("  embedded  %s bytes: %s, %s from %s\n", with_commas(embedded).c_str(), request.name.c_str(),
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
