// What a NIC driver may use from the platform: port and memory-mapped I/O, PCI configuration
// space, DMA-able memory and time. Declared here, implemented per platform (platform/pc today,
// platform/efi next), so drivers never include platform code.
#pragma once
#include "runtime/rt/types.h"

namespace carte::hw {

// x86 port I/O and MMIO are the same instructions on every x86 platform, so they stay inline.
inline uint8_t inb(uint16_t port) {
    uint8_t v;
    __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}
inline uint16_t inw(uint16_t port) {
    uint16_t v;
    __asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}
inline uint32_t inl(uint16_t port) {
    uint32_t v;
    __asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}
inline void outb(uint16_t port, uint8_t v) {
    __asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}
inline void outw(uint16_t port, uint16_t v) {
    __asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port));
}
inline void outl(uint16_t port, uint32_t v) {
    __asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

inline uint32_t mmio_read32(uintptr_t addr) {
    return *reinterpret_cast<volatile uint32_t*>(addr);
}
inline void mmio_write32(uintptr_t addr, uint32_t v) {
    *reinterpret_cast<volatile uint32_t*>(addr) = v;
}

// Orders normal memory (descriptor rings) against device accesses.
inline void memory_barrier() {
    __asm__ volatile("mfence" ::: "memory");
}

struct PciAddress {
    uint8_t bus = 0, dev = 0, fn = 0;
    uint32_t busdevfn() const { return (uint32_t(bus) << 8) | (uint32_t(dev) << 3) | fn; }
};

uint32_t pci_read32(PciAddress a, uint8_t offset);
void pci_write32(PciAddress a, uint8_t offset, uint32_t value);
uint16_t pci_read16(PciAddress a, uint8_t offset);
void pci_write16(PciAddress a, uint8_t offset, uint16_t value);

struct PciBar {
    uint64_t base = 0;  // port number or physical address
    bool is_io = false;
    bool present() const { return base != 0; }
};
PciBar pci_bar(PciAddress a, int index);
// Turns on I/O space, memory space and bus mastering.
void pci_enable_device(PciAddress a);

// Zeroed memory a device may read and write; physical == virtual on our identity-mapped
// platforms, but drivers ask dma_address() so a future IOMMU or EFI mapping stays possible.
void* dma_alloc(size_t size, size_t align);
void dma_free(void* p, size_t size);
inline uint64_t dma_address(const void* p) {
    return reinterpret_cast<uintptr_t>(p);
}

uint64_t now_ms();
void delay_us(uint32_t us);

}  // namespace carte::hw
