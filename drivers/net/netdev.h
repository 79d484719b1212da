// The network device interface every NIC driver implements: raw Ethernet frames in and out,
// polled (the firmware runs with interrupts off). A driver is one .cpp file plus one entry in
// nic_table.cpp.
#pragma once
#include <new>  // placement new (freestanding header)

#include "drivers/hw/hw.h"
#include "runtime/rt/result.h"
#include "runtime/rt/span.h"
#include "runtime/rt/str.h"

namespace carte::net {

constexpr size_t kMaxFrame = 1514;  // Ethernet header + 1500-byte MTU, no FCS

class NetDevice {
  public:
    virtual Str chip() const = 0;  // "virtio-net", "e1000"
    virtual const uint8_t* mac() const = 0;
    virtual bool link_up() = 0;
    virtual Status open() = 0;  // rings allocated, receiver on
    virtual void close() = 0;   // device quiesced (no more DMA): required before booting an OS
    // Queues one frame (<= kMaxFrame bytes); the data may be reused when this returns.
    virtual Status transmit(Bytes frame) = 0;
    // The next good received frame, in place in the device's DMA buffer (no copy), or an empty
    // span if none is waiting. It stays valid until release(), which must come before the next
    // receive(). Frames the device flagged as bad are skipped here.
    virtual Bytes receive() = 0;
    // Hands the buffer of the last received frame back to the device. Drivers batch the doorbell
    // (a register write, a VM exit under virtualisation): they ring it when receive() finds the
    // ring empty or after a handful of releases, not once per frame.
    virtual void release() = 0;
    // Between begin_tx_batch() and end_tx_batch() a driver may hold back its transmit doorbell
    // and ring it once at the end (the ACKs lwIP sends while a burst of received frames goes
    // through it then cost one VM exit, not one each). Frames are queued either way.
    virtual void begin_tx_batch() {}
    // The bus `${netN/bustype}` names and `pci` locates: "pci" for our own drivers.
    virtual Str bus_type() const { return "pci"; }
    virtual void end_tx_batch() {}

    hw::PciAddress pci;

  protected:
    ~NetDevice() = default;
};

// For probe functions: the device object `Device(args...)` in DMA-capable memory (the ROM's
// allocator), bound to `where` and initialised by its `Status init()`; nullptr, with the memory
// freed, when there is no memory or init() fails.
template <class Device, class... Args>
NetDevice* place_device(hw::PciAddress where, Args&&... args) {
    void* mem = hw::dma_alloc(sizeof(Device), alignof(Device));
    if (!mem) return nullptr;
    Device* dev = new (mem) Device(static_cast<Args&&>(args)...);
    dev->pci = where;
    if (!dev->init().ok()) {
        hw::dma_free(mem, sizeof(Device));
        return nullptr;
    }
    return dev;
}

// One table entry: the PCI IDs a driver claims and its probe function.
struct NicDriver {
    const char* name;
    uint16_t vendor, device;
    NetDevice* (*probe)(hw::PciAddress where);  // nullptr if the device is unusable
};

Span<const NicDriver> nic_drivers();
const NicDriver* find_nic_driver(uint16_t vendor, uint16_t device);

}  // namespace carte::net
