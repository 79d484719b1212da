// The runtime's only window on the world. Each platform (host, pc, efi) implements this; the
// core (VM, commands, UI, net protocols) never includes anything platform-specific.
#pragma once
#include "runtime/platform/console.h"
#include "runtime/platform/network.h"
#include "runtime/rt/result.h"
#include "runtime/rt/span.h"

namespace carte {

namespace crypto {
class RandomPool;
}

// One image handed to the platform to boot, already downloaded and verified.
struct BootModule {
    Str name;  // image name (initrd CPIO name when `cpio` is set)
    Str uri;   // where it came from
    Bytes data;
    Str cmdline;  // the image's command line (initrd: CPIO name and mode=/mkdir=)
};

enum class ImageKind : uint8_t { unknown, script, bytecode, bzimage, multiboot, efi, pxe };

struct BootPlan {
    ImageKind kind = ImageKind::unknown;
    BootModule kernel;
    Span<const BootModule> initrds;  // in registration order
};

class Platform {
  public:
    virtual Console& console() = 0;
    // Next key press, waiting at most timeout_ms (0: just poll). key::none if none.
    virtual int read_key(uint32_t timeout_ms) = 0;
    // Whether Ctrl-C was typed, for long operations that only poll for it (downloads, the wait
    // for a lease). Platforms keep other keys typed meanwhile for their next read_key calls
    // (KeyQueue) and drop them at a Ctrl-C; this default reads one key, so it drops them.
    virtual bool interrupt_pending() { return read_key(0) == key::ctrl_c; }
    // Monotonic milliseconds since an arbitrary start.
    virtual uint64_t now_ms() = 0;
    // Seconds since the Unix epoch, 0 if unknown.
    virtual uint64_t unix_time() = 0;
    // Sets the clock that unix_time reads from now on (`ntp`); the hardware clock is left alone.
    virtual Status set_unix_time(uint64_t seconds) {
        (void)seconds;
        return Status(Errc::notsup, "the clock cannot be set here");
    }
    virtual Network* network() = 0;  // nullptr if the platform has none
    // Mixes the platform's entropy sources into `pool`, crediting what each is worth (docs/tls.md,
    // "Entropy"); called before the first TLS handshake. The default adds nothing.
    virtual void gather_entropy(crypto::RandomPool& pool) { (void)pool; }

    // Static facts for the builtin settings scope.
    virtual Str platform_name() const = 0;  // "pcbios", "efi", "host"
    virtual Str build_arch() const = 0;     // "x86_64"
    // SMBIOS string by field name ("manufacturer", "product", "serial", "asset", "uuid"); empty if unknown.
    virtual Str smbios(Str field) const = 0;
    // CPUID bit test as iPXE's `cpuid [--ext] [--ecx] <bit>`.
    virtual bool cpuid(bool ext, bool ecx, unsigned bit) const = 0;

    // Hands control to a loaded image. Returns only on failure (or on the host, where it reports
    // what it would boot and returns ok), or with Errc::image_returned when a program that may
    // return (an EFI application) did so with success: the caller then goes on.
    virtual Status boot(const BootPlan& plan) = 0;
    virtual Status reboot(bool warm) = 0;
    virtual Status poweroff() = 0;
    // Leaves Carte for the next boot device (BIOS: return to int 18h/19h; host: exit).
    virtual Status exit_to_firmware(int status) = 0;

  protected:
    ~Platform() = default;
};

}  // namespace carte
