// Bases for the fakes runtime tests hand the code under test: every Platform and Network member
// answers "nothing here" (no keys, time 0, no network, no interfaces, ENOTSUP), so a test
// overrides only what it drives.
#pragma once
#include "runtime/platform/network.h"
#include "runtime/platform/platform.h"

namespace carte::testing {

// A console that drops everything.
class NullConsole : public Console {
  public:
    void write(Str) override {}
    int rows() const override { return 25; }
    int cols() const override { return 80; }
    void begin_screen(Attr) override {}
    void put(int, int, Str, Attr) override {}
    void fill(int, int, int, char, Attr) override {}
    void present() override {}
    void end_screen() override {}
};

class StubPlatform : public Platform {
  public:
    Console& console() override { return null_console_; }
    int read_key(uint32_t) override { return key::none; }
    uint64_t now_ms() override { return 0; }
    uint64_t unix_time() override { return 0; }
    Network* network() override { return nullptr; }
    Str platform_name() const override { return "test"; }
    Str build_arch() const override { return "x86_64"; }
    Str smbios(Str) const override { return Str(); }
    bool cpuid(bool, bool, unsigned) const override { return false; }
    Status boot(const BootPlan&) override { return {}; }
    Status reboot(bool) override { return {}; }
    Status poweroff() override { return {}; }
    Status exit_to_firmware(int) override { return {}; }

  private:
    NullConsole null_console_;
};

class StubNetwork : public Network {
  public:
    size_t interface_count() const override { return 0; }
    InterfaceInfo interface_info(size_t) const override { return {}; }
    Status open(size_t) override { return Errc::notsup; }
    void close(size_t) override {}
    Result<Lease> dhcp(size_t, uint32_t) override { return Error(Errc::notsup); }
    Result<TcpStream*> connect(Ipv4, uint16_t, uint32_t) override { return Error(Errc::notsup); }
    Result<size_t> udp_exchange(Ipv4, uint16_t, Bytes, Span<uint8_t>, uint16_t*, uint32_t) override {
        return Error(Errc::notsup);
    }
    Result<Ipv4> resolve(Str, uint32_t) override { return Error(Errc::notsup); }
};

}  // namespace carte::testing
