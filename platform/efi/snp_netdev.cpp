#include "platform/efi/snp_netdev.h"

#include "drivers/hw/hw.h"
#include "platform/efi/efi_system.h"
#include "platform/firmware/kprint.h"
#include "platform/firmware/pci_nics.h"

namespace carte::efi {

namespace {

// EFI_PCI_IO_PROTOCOL (UEFI 2.10 §14.4), only as far as GetLocation.
struct PciIo {
    void* poll_mem;
    void* poll_io;
    void* mem[2];
    void* io[2];
    EfiStatus (*pci_read)(PciIo*, uint32_t width, uint32_t offset, uint64_t count, void* buffer);
    void* pci_write;
    void* copy_mem;
    void* map;
    void* unmap;
    void* allocate_buffer;
    void* free_buffer;
    void* flush;
    EfiStatus (*get_location)(PciIo*, uint64_t* segment, uint64_t* bus, uint64_t* device, uint64_t* function);
};
static_assert(offsetof(PciIo, pci_read) == 48);
static_assert(offsetof(PciIo, get_location) == 112);
constexpr uint32_t kPciWidthUint32 = 2;
constexpr Guid kPciIoGuid = {0x4cf5b200, 0x68b8, 0x4ca5, {0x9e, 0xec, 0xb2, 0x3e, 0x3f, 0x50, 0x02, 0x9a}};

SnpNetDevice* g_opened[8];
size_t g_opened_count = 0;
Handle g_native[8];  // PCI handles Carte took from the firmware's drivers
size_t g_native_count = 0;

bool is_native(Handle h) {
    for (size_t i = 0; i < g_native_count; ++i)
        if (g_native[i] == h) return true;
    return false;
}

// The PCI I/O handle at a bus location, or null.
Handle pci_handle_at(hw::PciAddress where) {
    Handle found = nullptr;
    for_each_handle(kPciIoGuid, [&](Handle h) {
        PciIo* io = protocol<PciIo>(h, kPciIoGuid);
        uint64_t seg = 0, bus = 0, dev = 0, fn = 0;
        if (io && !failed(io->get_location(io, &seg, &bus, &dev, &fn)) && seg == 0 && bus == where.bus &&
            dev == where.dev && fn == where.fn)
            found = h;
        return !found;
    });
    return found;
}

// Firmware that boots from disk connects only what the boot needs, so a NIC may have no driver
// bound yet: connect every PCI network controller (class 02h) Carte does not drive itself,
// without recursing into the firmware's network stack above SNP.
void connect_network_controllers() {
    for_each_handle(kPciIoGuid, [](Handle h) {
        PciIo* io = protocol<PciIo>(h, kPciIoGuid);
        uint32_t class_rev = 0;
        if (io && !failed(io->pci_read(io, kPciWidthUint32, 0x08, 1, &class_rev)) &&
            (class_rev >> 24) == 0x02 && !is_native(h))
            sys().boot->connect_controller(h, nullptr, nullptr, false);
        return true;
    });
}

// Detaches the firmware's network stack (MNP and above) from every SNP on the device at `pci`:
// an exclusive open makes the firmware stop the drivers using it; closing it again leaves only
// the NIC driver itself, which DisconnectController can then stop.
void detach_network_stack(Handle pci) {
    for_each_handle(kSimpleNetworkGuid, [&](Handle h) {
        DevicePath* path = protocol<DevicePath>(h, kDevicePathGuid);
        Handle owner = nullptr;
        void* snp = nullptr;
        if (path && !failed(sys().boot->locate_device_path(&kPciIoGuid, &path, &owner)) && owner == pci &&
            !failed(sys().boot->open_protocol(h, &kSimpleNetworkGuid, &snp, sys().image, h,
                                              kOpenProtocolExclusive)))
            sys().boot->close_protocol(h, &kSimpleNetworkGuid, sys().image, h);
        return true;
    });
}

// PciClaim for probe_pci_nics: the firmware's drivers let go of the device, and an exclusive open
// of its PCI I/O protocol keeps them from binding again, so our driver owns it alone.
bool take_from_firmware(const fw::PciFunction& f, void*) {
    Handle h = pci_handle_at(f.addr);
    if (!h || g_native_count == 8) return false;
    detach_network_stack(h);
    sys().boot->disconnect_controller(h, nullptr, nullptr);
    void* io = nullptr;
    if (failed(sys().boot->open_protocol(h, &kPciIoGuid, &io, sys().image, h, kOpenProtocolExclusive))) {
        sys().boot->connect_controller(h, nullptr, nullptr, false);
        return false;
    }
    g_native[g_native_count++] = h;
    return true;
}

}  // namespace

bool SnpNetDevice::init() {
    if (snp_->mode->hw_address_size != 6) return false;  // Ethernet only
    for (int i = 0; i < 6; ++i) mac_[i] = snp_->mode->current_address.addr[i];
    // Where the NIC sits on PCI, as iPXE reports it for an SNP device: the PCI I/O handle on the
    // SNP handle's device path.
    DevicePath* path = protocol<DevicePath>(handle_, kDevicePathGuid);
    Handle pci_handle = nullptr;
    if (path && !failed(sys().boot->locate_device_path(&kPciIoGuid, &path, &pci_handle))) {
        if (PciIo* io = protocol<PciIo>(pci_handle, kPciIoGuid)) {
            uint64_t seg = 0, bus = 0, dev = 0, fn = 0;
            if (!failed(io->get_location(io, &seg, &bus, &dev, &fn))) {
                pci.bus = uint8_t(bus), pci.dev = uint8_t(dev), pci.fn = uint8_t(fn);
                bus_type_ = "pci";
            }
        }
    }
    rx_ = static_cast<uint8_t*>(hw::dma_alloc(kBufferSize, 64));
    for (auto& b : tx_) b = static_cast<uint8_t*>(hw::dma_alloc(kBufferSize, 64));
    for (auto* b : tx_)
        if (!b) return false;
    return rx_ != nullptr;
}

bool SnpNetDevice::link_up() {
    if (!snp_->mode->media_present_supported) return true;
    uint32_t irq = 0;
    snp_->get_status(snp_, &irq, nullptr);  // refreshes MediaPresent (UEFI 2.10 §24.1.14)
    return snp_->mode->media_present;
}

Status SnpNetDevice::open() {
    if (opened_) return {};
    char scratch[32];
    if (snp_->mode->state == kSnpStopped) {
        EfiStatus s = snp_->start(snp_);
        if (failed(s) && s != kAlreadyStarted) return Error(Errc::io, "SNP Start failed");
    }
    if (snp_->mode->state == kSnpStarted) {
        EfiStatus s = snp_->initialize(snp_, 0, 0);
        if (failed(s)) {
            Str why = status_name(s, scratch);
            carte_printf("snp: Initialize: %.*s\n", int(why.size()), why.data());
            return Error(Errc::io, "SNP Initialize failed");
        }
    }
    uint32_t want = kReceiveUnicast | kReceiveBroadcast;
    uint32_t mask = snp_->mode->receive_filter_mask;
    if (failed(snp_->receive_filters(snp_, want & mask, 0, false, 0, nullptr)))
        (void)snp_->receive_filters(snp_, mask & (want | kReceivePromiscuous), 0, false, 0, nullptr);
    opened_ = true;
    return {};
}

void SnpNetDevice::close() {
    if (!opened_) return;
    reclaim_tx();
    opened_ = false;
}

// GetStatus hands back one completed buffer per call. Some SNP implementations (iPXE's, whose
// efi_snp.c copies every frame at Transmit) answer with a pointer that is none of ours; then the
// oldest buffer in flight is the one completed, as they complete in order.
void SnpNetDevice::reclaim_tx() {
    for (int guard = 0; guard < int(kTxBuffers) * 2; ++guard) {
        uint32_t irq = 0;
        void* done = nullptr;
        if (failed(snp_->get_status(snp_, &irq, &done)) || !done) return;
        size_t slot = kTxBuffers, oldest = kTxBuffers;
        for (size_t i = 0; i < kTxBuffers; ++i) {
            if (!tx_busy_[i]) continue;
            if (tx_[i] == done) slot = i;
            if (oldest == kTxBuffers || tx_seq_[i] < tx_seq_[oldest]) oldest = i;
        }
        if (slot == kTxBuffers) slot = oldest;
        if (slot == kTxBuffers) return;
        tx_busy_[slot] = false;
    }
}

Status SnpNetDevice::transmit(Bytes frame) {
    if (frame.size() > kBufferSize) return Error(Errc::inval, "frame too large");
    uint64_t deadline = hw::now_ms() + 1000;
    for (;;) {
        size_t slot = kTxBuffers;
        for (size_t i = 0; i < kTxBuffers && slot == kTxBuffers; ++i)
            if (!tx_busy_[i]) slot = i;
        if (slot != kTxBuffers) {
            __builtin_memcpy(tx_[slot], frame.data(), frame.size());
            EfiStatus s = snp_->transmit(snp_, 0, frame.size(), tx_[slot], nullptr, nullptr, nullptr);
            if (!failed(s)) {
                tx_busy_[slot] = true;
                tx_seq_[slot] = tx_count_++;
                return {};
            }
            if (s != kNotReady) return Error(Errc::io, "SNP Transmit failed");
        }
        // All our buffers in flight, or the NIC's queue full: wait for completions.
        reclaim_tx();
        if (hw::now_ms() > deadline) return Error(Errc::timedout, "SNP transmit queue stuck");
    }
}

Bytes SnpNetDevice::receive() {
    // An oversized frame (EFI_BUFFER_TOO_SMALL) is dropped by most firmware: try the next one, a
    // bounded number of times in case this one keeps it.
    for (int tries = 0; tries < 8; ++tries) {
        uint64_t size = kBufferSize, header = 0;
        EfiStatus s = snp_->receive(snp_, &header, &size, rx_, nullptr, nullptr, nullptr);
        if (s == kBufferTooSmall) continue;
        if (failed(s) || size == 0) return {};
        return Bytes(rx_, size);
    }
    return {};
}

void probe_native_nics(fw::LwipNetwork& network) {
    fw::probe_pci_nics(network, take_from_firmware, nullptr);
}

void probe_snp_nics(fw::LwipNetwork& network) {
    connect_network_controllers();
    unsigned added = 0;
    EfiStatus refused = kSuccess;
    for_each_handle(kSimpleNetworkGuid, [&](Handle h) {
        void* iface = nullptr;
        // Exclusive: the firmware disconnects whatever else drives this SNP (its MNP stack).
        EfiStatus s =
            sys().boot->open_protocol(h, &kSimpleNetworkGuid, &iface, sys().image, h, kOpenProtocolExclusive);
        if (failed(s)) {  // e.g. OVMF's own stack offers SNP instances that cannot be opened so
            refused = s;
            return true;
        }
        void* mem = hw::dma_alloc(sizeof(SnpNetDevice), alignof(SnpNetDevice));
        if (!mem) return false;
        auto* dev = new (mem) SnpNetDevice(h, static_cast<SimpleNetwork*>(iface));
        if (g_opened_count < 8) g_opened[g_opened_count++] = dev;
        if (!dev->init() || !network.add_device(dev)) return true;
        const uint8_t* m = dev->mac();
        ++added;
        carte_printf("net%u: snp (%.*s %02x:%02x.%x) mac %02x:%02x:%02x:%02x:%02x:%02x\n",
                     unsigned(network.interface_count() - 1), int(dev->bus_type().size()),
                     dev->bus_type().data(), dev->pci.bus, dev->pci.dev, dev->pci.fn, m[0], m[1], m[2], m[3],
                     m[4], m[5]);
        return true;
    });
    if (added == 0 && failed(refused)) {
        char scratch[32];
        Str why = status_name(refused, scratch);
        carte_printf("net: no SNP interface could be opened (%.*s)\n", int(why.size()), why.data());
    }
}

void release_snp_nics() {
    for (size_t i = 0; i < g_opened_count; ++i) {
        Handle h = g_opened[i]->handle();
        sys().boot->close_protocol(h, &kSimpleNetworkGuid, sys().image, h);
        sys().boot->connect_controller(h, nullptr, nullptr, true);
    }
    g_opened_count = 0;
    for (size_t i = 0; i < g_native_count; ++i) {
        sys().boot->close_protocol(g_native[i], &kPciIoGuid, sys().image, g_native[i]);
        sys().boot->connect_controller(g_native[i], nullptr, nullptr, true);
    }
    g_native_count = 0;
}

}  // namespace carte::efi
