// A NIC driven through the PXE ROM's own driver: UNDI, the Universal Network Driver Interface of
// the PXE 2.1 specification. With it carte.kpxe works on every NIC whose PXE ROM works, as
// iPXE's undionly.kpxe does (its drivers/net/undinet.c is the reference for the ROM quirks
// handled below). Every call goes through UndiApi, i.e. down to real mode and back.
#include "drivers/net/netdev.h"
#include "drivers/net/undi_api.h"

namespace carte::net {
namespace {

// PXE API functions (PXE 2.1, table "UNDI API") used here.
enum : uint16_t {
    kUndiStartup = 0x0001,
    kUndiInitialize = 0x0003,
    kUndiShutdown = 0x0005,
    kUndiOpen = 0x0006,
    kUndiClose = 0x0007,
    kUndiTransmit = 0x0008,
    kUndiSetStationAddress = 0x000a,
    kUndiGetInformation = 0x000c,
    kUndiGetNicType = 0x0012,
    kUndiIsr = 0x0014,
};
// PXENV_UNDI_ISR function flags, in and out.
enum : uint16_t { kIsrStart = 1, kIsrGetNext = 3 };
enum : uint16_t { kIsrDone = 0, kIsrNotOurs = 1, kIsrTransmit = 2, kIsrReceive = 3 };
// PXENV_UNDI_TRANSMIT protocols and flags.
enum : uint8_t { kProtoUnknown = 0, kProtoIp = 1, kProtoArp = 2, kProtoRarp = 3 };
enum : uint8_t { kToDestAddr = 0, kBroadcast = 1 };
constexpr int kInitializeTries = 3;
constexpr size_t kRxBuffer = 1536;

uint16_t get16(const uint8_t* p) {
    return uint16_t(p[0] | p[1] << 8);
}
void put16(uint8_t* p, uint16_t v) {
    p[0] = uint8_t(v), p[1] = uint8_t(v >> 8);
}

class UndiNetDevice final : public NetDevice {
  public:
    explicit UndiNetDevice(UndiApi& api) : api_(api) {}

    Str chip() const override { return "undi"; }
    const uint8_t* mac() const override { return mac_; }
    // UNDI has no link-state call that every ROM answers; the PXE ROM just booted over it.
    bool link_up() override { return true; }
    Str bus_type() const override { return bus_type_; }

    Status init() {
        CARTE_TRY(start());
        uint8_t info[50] = {};
        if (uint16_t st = api_.call(kUndiGetInformation, Span<uint8_t>(info, sizeof info)))
            return fail("UNDI_GET_INFORMATION", st);
        __builtin_memcpy(mac_, info + 28, 6);  // PermNodeAddress
        uint8_t type[20] = {};
        if (!api_.call(kUndiGetNicType, Span<uint8_t>(type, sizeof type)) && type[2] == 2) {  // PCI_NIC
            uint16_t bdf = get16(type + 11);
            pci.bus = uint8_t(bdf >> 8), pci.dev = uint8_t((bdf >> 3) & 31), pci.fn = uint8_t(bdf & 7);
            bus_type_ = "pci";
        }
        return Status();
    }

    Status open() override {
        if (opened_) return Status();
        CARTE_TRY(start());
        // Some ROMs need the station address set before OPEN, others refuse it: ignore failures.
        uint8_t station[18] = {};
        __builtin_memcpy(station + 2, mac_, 6);
        api_.call(kUndiSetStationAddress, Span<uint8_t>(station, sizeof station));
        // Promiscuous is the only portable way to get every multicast group (IPv6, mDNS).
        uint8_t params[136] = {};
        put16(params + 4, 1 | 2 | 4);  // FLTR_DIRECTED | FLTR_BRDCST | FLTR_PRMSCS
        if (uint16_t st = api_.call(kUndiOpen, Span<uint8_t>(params, sizeof params)))
            return fail("UNDI_OPEN", st);
        opened_ = true;
        return Status();
    }

    void close() override {
        if (!opened_) return;
        // Drain an ISR sequence in progress before closing, as the specification asks.
        while (isr_active_) {
            uint8_t isr[16] = {};
            put16(isr + 2, kIsrGetNext);
            uint16_t flag =
                api_.call(kUndiIsr, Span<uint8_t>(isr, sizeof isr)) ? uint16_t(kIsrDone) : get16(isr + 2);
            if (flag != kIsrTransmit && flag != kIsrReceive) isr_active_ = false;
        }
        uint8_t status[2] = {};
        api_.call(kUndiClose, Span<uint8_t>(status, sizeof status));
        api_.call(kUndiShutdown, Span<uint8_t>(status, sizeof status));
        opened_ = started_ = false;
    }

    Status transmit(Bytes frame) override {
        if (frame.size() < 14 || frame.size() > kMaxFrame) return Status(Errc::inval, "bad frame size");
        BaseMemory mem = api_.scratch();
        // Layout of the scratch area: TBD (16 bytes), destination MAC (16), the frame.
        uint8_t* tbd = mem.bytes.data();
        uint8_t* dest = tbd + 16;
        uint8_t* data = tbd + 32;
        if (mem.bytes.size() < 32 + frame.size()) return Status(Errc::nomem, "UNDI buffer too small");
        // Some ROMs always prepend their own Ethernet header: hand them IP, ARP and RARP without
        // one, as iPXE's undinet_transmit does, and anything else whole (P_UNKNOWN).
        uint16_t ethertype = uint16_t(frame[12] << 8 | frame[13]);
        uint8_t proto = ethertype == 0x0800   ? kProtoIp
                        : ethertype == 0x0806 ? kProtoArp
                        : ethertype == 0x8035 ? kProtoRarp
                                              : kProtoUnknown;
        size_t skip = proto == kProtoUnknown ? 0 : 14;
        bool broadcast = true;
        for (int i = 0; i < 6; ++i) broadcast = broadcast && frame[i] == 0xff;
        __builtin_memcpy(dest, frame.data(), 6);
        __builtin_memcpy(data, frame.data() + skip, frame.size() - skip);
        __builtin_memset(tbd, 0, 16);
        put16(tbd, uint16_t(frame.size() - skip));  // ImmedLength
        put16(tbd + 2, uint16_t(mem.offset + 32));  // Xmit
        put16(tbd + 4, mem.segment);
        uint8_t params[20] = {};
        params[2] = proto;
        params[3] = broadcast ? kBroadcast : kToDestAddr;
        put16(params + 4, uint16_t(mem.offset + 16));  // DestAddr
        put16(params + 6, mem.segment);
        put16(params + 8, mem.offset);  // TBD
        put16(params + 10, mem.segment);
        if (uint16_t st = api_.call(kUndiTransmit, Span<uint8_t>(params, sizeof params)))
            return fail("UNDI_TRANSMIT", st);
        return Status();
    }

    // Polls with PXENV_UNDI_ISR as an interrupt handler would: IN_START asks the NIC whether it
    // has something (and is what makes some ROMs, iPXE's among them, poll the device at all),
    // IN_PROCESS starts a round, GET_NEXT continues it until DONE. A frame may come in
    // fragments; they are joined here. A round spans calls: each receive() returns one frame.
    Bytes receive() override {
        if (!rx_ && !(rx_ = static_cast<uint8_t*>(hw::dma_alloc(kRxBuffer, 16)))) return Bytes();
        size_t have = 0, want = 0;
        for (int step = 0; step < 64; ++step) {
            uint8_t isr[16] = {};
            if (!isr_active_) {
                // IN_START, then IN_PROCESS if the NIC says "ours", in one trip to real mode.
                put16(isr + 2, kIsrStart);
                if (api_.isr_start_and_process(Span<uint8_t>(isr, sizeof isr))) break;
                if (get16(isr + 2) == kIsrNotOurs) break;
            } else {
                put16(isr + 2, kIsrGetNext);
                if (api_.call(kUndiIsr, Span<uint8_t>(isr, sizeof isr))) break;
            }
            isr_active_ = true;
            uint16_t flag = get16(isr + 2);
            if (flag == kIsrTransmit) continue;  // transmit completions: nothing to do
            if (flag != kIsrReceive) break;      // DONE, or a flag some ROMs return by mistake
            size_t frag = get16(isr + 4), total = get16(isr + 6);
            if (!total || total < frag || total > kRxBuffer || (want && total != want) ||
                have + frag > total) {
                have = want = 0;  // an impossible fragment: drop the frame
                continue;
            }
            want = total;
            Bytes src = api_.real_memory(get16(isr + 12), get16(isr + 10), frag);
            __builtin_memcpy(rx_ + have, src.data(), src.size());
            have += src.size();
            if (have == want) return Bytes(rx_, have);
        }
        isr_active_ = false;
        return Bytes();
    }
    void release() override {}

  private:
    // UNDI_STARTUP and UNDI_INITIALIZE, unless done; INITIALIZE may fail while the link
    // settles after a reset, so it is tried again (iPXE's UNDI_INITIALIZE_RETRY_MAX).
    Status start() {
        if (started_) return Status();
        uint8_t startup[2] = {};
        if (uint16_t st = api_.call(kUndiStartup, Span<uint8_t>(startup, sizeof startup)))
            return fail("UNDI_STARTUP", st);
        uint16_t st = 0;
        for (int i = 0; i < kInitializeTries; ++i) {
            uint8_t init[14] = {};
            if (!(st = api_.call(kUndiInitialize, Span<uint8_t>(init, sizeof init)))) break;
            hw::delay_us(100000);
        }
        if (st) return fail("UNDI_INITIALIZE", st);
        started_ = true;
        return Status();
    }
    // "UNDI_OPEN failed (PXE status 0x0001)", kept in the device so the Status can point at it.
    Status fail(const char* what, uint16_t status) {
        size_t n = 0;
        auto put = [&](const char* s) {
            while (*s && n + 1 < sizeof why_) why_[n++] = *s++;
        };
        put(what);
        put(" failed (PXE status 0x");
        for (int shift = 12; shift >= 0; shift -= 4) {
            const char digit[2] = {"0123456789abcdef"[(status >> shift) & 15], 0};
            put(digit);
        }
        put(")");
        why_[n] = 0;
        return Status(Errc::io, why_);
    }

    UndiApi& api_;
    uint8_t mac_[6] = {};
    Str bus_type_ = "undi";
    bool started_ = false, opened_ = false, isr_active_ = false;
    uint8_t* rx_ = nullptr;
    char why_[64] = {};
};

}  // namespace

NetDevice* undi_probe(UndiApi& api) {
    return place_device<UndiNetDevice>(hw::PciAddress{}, api);
}

}  // namespace carte::net
