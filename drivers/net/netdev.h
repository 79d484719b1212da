// The network device interface every NIC driver implements: raw Ethernet frames in and out,
// polled (the firmware runs with interrupts off). A driver is one .cpp file plus one entry in
// nic_table.cpp.
#pragma once
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
    // Copies one received frame into out and returns its length, or 0 if none is waiting.
    virtual size_t poll(Span<uint8_t> out) = 0;

    hw::PciAddress pci;

  protected:
    ~NetDevice() = default;
};

// One table entry: the PCI IDs a driver claims and its probe function.
struct NicDriver {
    const char* name;
    uint16_t vendor, device;
    NetDevice* (*probe)(hw::PciAddress where);  // nullptr if the device is unusable
};

Span<const NicDriver> nic_drivers();
const NicDriver* find_nic_driver(uint16_t vendor, uint16_t device);

}  // namespace carte::net
