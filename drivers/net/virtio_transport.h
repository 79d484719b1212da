// The two ways a virtio PCI device exposes its registers: the legacy 0.9.5 I/O-port block
// (1af4:1000 and transitional devices) and the virtio 1.0 "modern" capability structures in
// memory BARs (1af4:1041). The net driver talks only to this interface.
#pragma once
#include "drivers/hw/hw.h"

namespace carte::net {

namespace virtio_status {
constexpr uint8_t ack = 1, driver = 2, driver_ok = 4, features_ok = 8, failed = 0x80;
}

class VirtioTransport {
  public:
    virtual bool modern() const = 0;
    virtual void reset() = 0;
    virtual uint8_t status() = 0;
    virtual void set_status(uint8_t s) = 0;
    virtual uint64_t device_features() = 0;
    virtual void set_driver_features(uint64_t f) = 0;
    // Queue size offered by the device (0: no such queue).
    virtual uint16_t queue_size(uint16_t q) = 0;
    // Hands the ring addresses to the device and enables the queue. Legacy devices take one
    // page-aligned block with the legacy layout (desc, avail, then used on the next page).
    virtual void enable_queue(uint16_t q, uint64_t desc, uint64_t avail, uint64_t used) = 0;
    virtual void notify(uint16_t q) = 0;
    virtual uint8_t config8(uint32_t offset) = 0;
    virtual uint16_t config16(uint32_t offset) = 0;

  protected:
    ~VirtioTransport() = default;
};

// Returns a transport for the device, or nullptr if neither interface is usable.
VirtioTransport* virtio_legacy_transport(hw::PciAddress where);
VirtioTransport* virtio_modern_transport(hw::PciAddress where);

}  // namespace carte::net
