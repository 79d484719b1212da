#include "drivers/net/virtio_transport.h"

#include <new>

namespace carte::net {

namespace {

// Legacy: registers in I/O BAR0.
class LegacyTransport final : public VirtioTransport {
  public:
    explicit LegacyTransport(uint16_t io) : io_(io) {}
    bool modern() const override { return false; }
    void reset() override { hw::outb(io_ + kStatus, 0); }
    uint8_t status() override { return hw::inb(io_ + kStatus); }
    void set_status(uint8_t s) override { hw::outb(io_ + kStatus, s); }
    uint64_t device_features() override { return hw::inl(io_ + kHostFeatures); }
    void set_driver_features(uint64_t f) override { hw::outl(io_ + kGuestFeatures, uint32_t(f)); }
    uint16_t queue_size(uint16_t q) override {
        hw::outw(io_ + kQueueSelect, q);
        return hw::inw(io_ + kQueueSize);
    }
    void enable_queue(uint16_t q, uint64_t desc, uint64_t, uint64_t) override {
        hw::outw(io_ + kQueueSelect, q);
        hw::outl(io_ + kQueuePfn, uint32_t(desc >> 12));
    }
    void notify(uint16_t q) override { hw::outw(io_ + kQueueNotify, q); }
    uint8_t config8(uint32_t off) override { return hw::inb(uint16_t(io_ + kConfig + off)); }
    uint16_t config16(uint32_t off) override { return hw::inw(uint16_t(io_ + kConfig + off)); }

  private:
    static constexpr uint16_t kHostFeatures = 0x00, kGuestFeatures = 0x04, kQueuePfn = 0x08,
                              kQueueSize = 0x0c, kQueueSelect = 0x0e, kQueueNotify = 0x10, kStatus = 0x12,
                              kConfig = 0x14;  // without MSI-X
    uint16_t io_;
};

// Modern: vendor capabilities (type 0x09) point at the common, notify and device config
// structures inside memory BARs.
class ModernTransport final : public VirtioTransport {
  public:
    uintptr_t common = 0, notify_base = 0, device = 0;
    uint32_t notify_multiplier = 0;

    bool modern() const override { return true; }
    void reset() override {
        w8(kDeviceStatus, 0);
        for (int i = 0; i < 100000 && r8(kDeviceStatus) != 0; ++i) hw::delay_us(1);
    }
    uint8_t status() override { return r8(kDeviceStatus); }
    void set_status(uint8_t s) override { w8(kDeviceStatus, s); }
    uint64_t device_features() override {
        hw::mmio_write32(common + kDeviceFeatureSelect, 0);
        uint64_t lo = hw::mmio_read32(common + kDeviceFeature);
        hw::mmio_write32(common + kDeviceFeatureSelect, 1);
        return lo | uint64_t(hw::mmio_read32(common + kDeviceFeature)) << 32;
    }
    void set_driver_features(uint64_t f) override {
        hw::mmio_write32(common + kDriverFeatureSelect, 0);
        hw::mmio_write32(common + kDriverFeature, uint32_t(f));
        hw::mmio_write32(common + kDriverFeatureSelect, 1);
        hw::mmio_write32(common + kDriverFeature, uint32_t(f >> 32));
    }
    uint16_t queue_size(uint16_t q) override {
        w16(kQueueSelect, q);
        return r16(kQueueSize);
    }
    void enable_queue(uint16_t q, uint64_t desc, uint64_t avail, uint64_t used) override {
        w16(kQueueSelect, q);
        w64(kQueueDesc, desc);
        w64(kQueueDriver, avail);
        w64(kQueueDevice, used);
        w16(kQueueMsix, 0xffff);  // no MSI-X vector: we poll
        notify_off_[q & 1] = r16(kQueueNotifyOff);
        w16(kQueueEnable, 1);
    }
    void notify(uint16_t q) override {
        *reinterpret_cast<volatile uint16_t*>(notify_base +
                                              uintptr_t(notify_off_[q & 1]) * notify_multiplier) = q;
    }
    uint8_t config8(uint32_t off) override { return *reinterpret_cast<volatile uint8_t*>(device + off); }
    uint16_t config16(uint32_t off) override { return *reinterpret_cast<volatile uint16_t*>(device + off); }

  private:
    static constexpr uint32_t kDeviceFeatureSelect = 0x00, kDeviceFeature = 0x04, kDriverFeatureSelect = 0x08,
                              kDriverFeature = 0x0c, kDeviceStatus = 0x14, kQueueSelect = 0x16,
                              kQueueSize = 0x18, kQueueMsix = 0x1a, kQueueEnable = 0x1c,
                              kQueueNotifyOff = 0x1e, kQueueDesc = 0x20, kQueueDriver = 0x28,
                              kQueueDevice = 0x30;
    uint8_t r8(uint32_t o) { return *reinterpret_cast<volatile uint8_t*>(common + o); }
    void w8(uint32_t o, uint8_t v) { *reinterpret_cast<volatile uint8_t*>(common + o) = v; }
    uint16_t r16(uint32_t o) { return *reinterpret_cast<volatile uint16_t*>(common + o); }
    void w16(uint32_t o, uint16_t v) { *reinterpret_cast<volatile uint16_t*>(common + o) = v; }
    void w64(uint32_t o, uint64_t v) {
        hw::mmio_write32(common + o, uint32_t(v));
        hw::mmio_write32(common + o + 4, uint32_t(v >> 32));
    }
    uint16_t notify_off_[2] = {};
};

template <class T, class... A>
T* dma_new(A... args) {
    void* mem = hw::dma_alloc(sizeof(T), alignof(T));
    return mem ? new (mem) T(args...) : nullptr;
}

}  // namespace

VirtioTransport* virtio_legacy_transport(hw::PciAddress where) {
    hw::PciBar bar = hw::pci_bar(where, 0);
    if (!bar.is_io || !bar.present()) return nullptr;
    return dma_new<LegacyTransport>(uint16_t(bar.base));
}

VirtioTransport* virtio_modern_transport(hw::PciAddress where) {
    constexpr uint8_t kCapVendor = 0x09, kCommon = 1, kNotify = 2, kDevice = 4;
    constexpr uint64_t kMapped = 4ull << 30;                    // the platform identity-maps the first 4 GiB
    if (!(hw::pci_read16(where, 0x06) & 0x10)) return nullptr;  // no capability list
    uintptr_t common = 0, notify = 0, device = 0;
    uint32_t multiplier = 0;
    uint8_t ptr = uint8_t(hw::pci_read32(where, 0x34) & 0xfc);
    for (int guard = 0; ptr && guard < 48; ++guard) {
        uint32_t head = hw::pci_read32(where, ptr);
        if ((head & 0xff) == kCapVendor) {
            uint8_t type = uint8_t(head >> 24);
            uint8_t bar_index = uint8_t(hw::pci_read32(where, uint8_t(ptr + 4)) & 0xff);
            uint32_t offset = hw::pci_read32(where, uint8_t(ptr + 8));
            hw::PciBar bar = bar_index < 6 ? hw::pci_bar(where, bar_index) : hw::PciBar{};
            if (bar.present() && !bar.is_io && bar.base + offset < kMapped) {
                uintptr_t addr = uintptr_t(bar.base + offset);
                if (type == kCommon && !common) common = addr;
                if (type == kDevice && !device) device = addr;
                if (type == kNotify && !notify) {
                    notify = addr;
                    multiplier = hw::pci_read32(where, uint8_t(ptr + 16));
                }
            }
        }
        ptr = uint8_t((head >> 8) & 0xfc);
    }
    if (!common || !notify || !device) return nullptr;
    auto* t = dma_new<ModernTransport>();
    if (!t) return nullptr;
    t->common = common, t->notify_base = notify, t->device = device, t->notify_multiplier = multiplier;
    return t;
}

}  // namespace carte::net
