#include "platform/host/host_platform.h"

#include <poll.h>
#include <sys/random.h>
#include <termios.h>
#include <unistd.h>

#include <cstring>
#include <ctime>

#include "platform/host/host_keys.h"
#include "runtime/crypto/random_pool.h"
#include "runtime/crypto/sha256.h"

namespace carte::host {

namespace {

uint64_t real_ms() {
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<uint64_t>(ts.tv_sec) * 1000 + static_cast<uint64_t>(ts.tv_nsec) / 1000000;
}

termios g_saved_termios;

std::string hex(const uint8_t* p, size_t n) {
    static const char* d = "0123456789abcdef";
    std::string s;
    for (size_t i = 0; i < n; ++i) s += d[p[i] >> 4], s += d[p[i] & 15];
    return s;
}

std::string str(Str s) {
    return std::string(s.data(), s.size());
}

}  // namespace

HostPlatform::HostPlatform(const HostOptions& options) : options_(options), scripted_(options.scripted_keys) {
    if (options_.plain) {
        plain_ = std::make_unique<PlainConsole>(options_.out, options_.rows, options_.cols);
        console_ = plain_.get();
    } else {
        ansi_ = std::make_unique<AnsiConsole>(options_.out, options_.rows, options_.cols);
        console_ = ansi_.get();
    }
    start_real_ms_ = real_ms();
    if (!scripted_ && isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &g_saved_termios) == 0) {
        termios raw = g_saved_termios;
        raw.c_lflag &= static_cast<tcflag_t>(~(ICANON | ECHO | ISIG));
        raw.c_iflag &= static_cast<tcflag_t>(~(IXON | ICRNL));
        raw.c_cc[VMIN] = 0;
        raw.c_cc[VTIME] = 0;
        raw_mode_ = tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0;
    }
    if (!raw_mode_) scripted_ = true;  // no terminal to read: behave as a scripted run
}

HostPlatform::~HostPlatform() {
    console_->end_screen();
    if (raw_mode_) tcsetattr(STDIN_FILENO, TCSANOW, &g_saved_termios);
}

const std::string& HostPlatform::transcript() const {
    static const std::string empty;
    return plain_ ? plain_->transcript() : empty;
}

int HostPlatform::read_key(uint32_t timeout_ms) {
    if (interrupt_.typed().size()) return interrupt_.typed().pop();
    return read_source_key(timeout_ms);
}

bool HostPlatform::interrupt_pending() {
    // Scripted keys are read on every call, so tests see each key at a known instruction; a
    // terminal is polled at most every InterruptPoll::kIntervalMs (a poll(2) per VM instruction
    // would cost more than the instruction).
    if (scripted_) return interrupt_.typed().poll_result(read_source_key(0));
    return interrupt_.pending(now_ms(), [&] { return read_terminal_key(0); });
}

int HostPlatform::read_source_key(uint32_t timeout_ms) {
    if (!scripted_) return read_terminal_key(timeout_ms);
    if (next_key_ < options_.keys.size()) {
        idle_ms_ = 0;
        return options_.keys[next_key_++];
    }
    // Out of keys: time passes instantly; after a long idle stretch, give up with Ctrl-C.
    virtual_ms_ += timeout_ms;
    idle_ms_ += timeout_ms ? timeout_ms : 1;
    if (timeout_ms == 0) return key::none;
    if (idle_ms_ >= options_.idle_limit_ms) return key::ctrl_c;
    return key::none;
}

int HostPlatform::read_terminal_key(uint32_t timeout_ms) {
    uint64_t deadline = now_ms() + timeout_ms;
    for (;;) {
        int k = decode_terminal_key(&pending_input_);
        if (k != key::none) return k;
        uint64_t now = now_ms();
        uint64_t left = deadline > now ? deadline - now : 0;
        int wait = static_cast<int>(static_cast<double>(left) * options_.timeout_scale);
        if (!pending_input_.empty() && wait > 50) wait = 50;  // finish an escape sequence soon
        pollfd p{STDIN_FILENO, POLLIN, 0};
        int ready = poll(&p, 1, wait);
        if (ready > 0) {
            char buf[64];
            ssize_t n = ::read(STDIN_FILENO, buf, sizeof buf);
            if (n > 0) {
                pending_input_.append(buf, static_cast<size_t>(n));
                continue;
            }
        }
        if (!pending_input_.empty()) {  // a lone Esc
            pending_input_.erase(0, 1);
            return key::esc;
        }
        if (now_ms() >= deadline) return key::none;
    }
}

uint64_t HostPlatform::now_ms() {
    if (scripted_) return virtual_ms_;
    double scale = options_.timeout_scale > 0 ? options_.timeout_scale : 1.0;
    return static_cast<uint64_t>(static_cast<double>(real_ms() - start_real_ms_) / scale);
}

uint64_t HostPlatform::unix_time() {
    return uint64_t(int64_t(std::time(nullptr)) + time_offset_);
}

Status HostPlatform::set_unix_time(uint64_t seconds) {
    time_offset_ = int64_t(seconds) - int64_t(std::time(nullptr));
    return {};
}

void HostPlatform::gather_entropy(crypto::RandomPool& pool) {
    uint8_t buf[64];
    if (getrandom(buf, sizeof buf, 0) == ssize_t(sizeof buf)) pool.mix(Bytes(buf, sizeof buf), 256);
}

Str HostPlatform::smbios(Str field) const {
    if (field == "manufacturer") return "Carte";
    if (field == "product") return "carte run";
    return {};
}

bool HostPlatform::cpuid(bool ext, bool ecx, unsigned bit) const {
    // The host pretends to be a 64-bit x86 machine: `cpuid --ext 29` (long mode) succeeds.
    return ext && !ecx && bit == 29;
}

Status HostPlatform::boot(const BootPlan& plan) {
    auto describe = [](const BootModule& m) {
        crypto::Sha256Digest d = crypto::sha256(m.data);
        std::string line = str(m.name) + " : " + std::to_string(m.data.size()) + " bytes";
        if (!m.uri.empty()) line += " from " + str(m.uri);
        line += "\n    sha256 " + hex(d.bytes, sizeof d.bytes) + "\n";
        return line;
    };
    std::string r = "Booting (host: not executing)\n";
    r += "  kernel " + describe(plan.kernel);
    for (const BootModule& m : plan.initrds) {
        r += "  initrd " + describe(m);
        if (!m.cmdline.empty()) r += "    name " + str(m.cmdline) + "\n";
    }
    r += "  cmdline \"" + str(plan.kernel.cmdline) + "\"\n";
    boot_report_ = r;
    console_->write(Str(r.data(), r.size()));
    return {};
}

Status HostPlatform::reboot(bool warm) {
    const char* msg =
        warm ? "Rebooting (warm; host: ending the run)\n" : "Rebooting (host: ending the run)\n";
    console_->write(Str::from_cstr(msg));
    return {};
}

Status HostPlatform::poweroff() {
    console_->write("Powering off (host: ending the run)\n");
    return {};
}

Status HostPlatform::exit_to_firmware(int) {
    return {};
}

}  // namespace carte::host
