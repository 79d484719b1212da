// Intel 8254x ("e1000", QEMU's 82540EM) and 82574L ("e1000e", QEMU's e1000e) with legacy
// descriptors: one receive and one transmit ring of 2 KiB buffers in DMA memory, registers
// through the MMIO BAR0, interrupts masked. The 82574L keeps the 8254x register map for all of
// that, so it is a variant here, not a driver of its own: what differs is in `Chip` below.
// Received frames are handed out in place (receive/release); the receive tail register (an MMIO
// write, so a VM exit under virtualisation) is written once per batch of released buffers.
// Transmit doorbells are batched per receive burst like virtio-net's (begin/end_tx_batch); QEMU
// sends on the TDT write itself, so on QEMU's e1000 the gain measured within the noise.
// Note: QEMU's e1000 model holds back received frames for 1 s after RCTL is written (a guest
// workaround in hw/net/e1000.c), so DHCP on QEMU's e1000 always takes about a second; its
// e1000e model has no such hold (lease in tens of milliseconds).
#include "drivers/net/netdev.h"
#include "drivers/net/rx_doorbell.h"

namespace carte::net {

namespace {

// Register offsets (82540EM datasheet, section 13; the 82574L has them at the same places).
constexpr uint32_t kCtrl = 0x0000, kStatusReg = 0x0008, kEerd = 0x0014, kIcr = 0x00c0, kImc = 0x00d8,
                   kRctl = 0x0100, kTctl = 0x0400, kTipg = 0x0410, kRdbal = 0x2800, kRdbah = 0x2804,
                   kRdlen = 0x2808, kRdh = 0x2810, kRdt = 0x2818, kTdbal = 0x3800, kTdbah = 0x3804,
                   kTdlen = 0x3808, kTdh = 0x3810, kTdt = 0x3818, kMta = 0x5200, kRal = 0x5400, kRah = 0x5404;
constexpr uint32_t kCtrlSlu = 1u << 6, kCtrlAsde = 1u << 5, kCtrlReset = 1u << 26, kStatusLinkUp = 1u << 1;
constexpr uint32_t kEecd = 0x0010;  // for the 82574's NVM auto-read only
constexpr uint32_t kCtrlGioMasterDisable = 1u << 2, kStatusGioMasterEnable = 1u << 19,
                   kEecdAutoRead = 1u << 9;
constexpr uint32_t kRctlEnable = 1u << 1, kRctlBroadcast = 1u << 15, kRctlStripCrc = 1u << 26;
constexpr uint32_t kTctlEnable = 1u << 1, kTctlPadShort = 1u << 3;
constexpr uint8_t kTxEop = 0x01, kTxInsertFcs = 0x02, kTxReportStatus = 0x08, kDescDone = 0x01;
constexpr uint8_t kRxEop = 0x02;
// 256 receive buffers (512 KiB) cover lwIP's 128-segment TCP window with room to spare.
constexpr uint16_t kRxCount = 256, kTxCount = 32;
constexpr size_t kBufferSize = 2048;

// What differs between the chips this file drives; everything not here is common.
struct Chip {
    Str name;  // chip(), so `${netN/chip}` and ifstat
    // EERD (NVM read through a register): the 82540 has start in bit 0, done in bit 4 and the
    // word address from bit 8; the 82574 has done in bit 1 and the address from bit 2.
    uint8_t eerd_done_bit, eerd_addr_shift;
    // PCIe parts (82574): bus mastering is switched off, and the device seen to stop, before a
    // reset (a reset with DMA in flight can hang the link), and after it the MAC is read only
    // once the NVM auto-read into RAL0/RAH0 has finished (EECD.AUTO_RD).
    bool pcie;
};
constexpr Chip k8254x = {"e1000", 4, 8, false};
constexpr Chip k82574 = {"e1000e", 1, 2, true};

struct [[gnu::packed]] RxDesc {
    uint64_t addr;
    uint16_t length, checksum;
    uint8_t status, errors;
    uint16_t special;
};
struct [[gnu::packed]] TxDesc {
    uint64_t addr;
    uint16_t length;
    uint8_t cso, cmd, status, css;
    uint16_t special;
};

class E1000 final : public NetDevice {
  public:
    E1000(uintptr_t mmio, const Chip& chip) : mmio_(mmio), chip_(chip) {}
    Str chip() const override { return chip_.name; }
    const uint8_t* mac() const override { return mac_; }
    bool link_up() override { return read(kStatusReg) & kStatusLinkUp; }
    Status open() override;
    void close() override;
    Status transmit(Bytes frame) override;
    Bytes receive() override;
    void release() override;
    void begin_tx_batch() override { tx_batching_ = true; }
    void end_tx_batch() override;

    Status init();

  private:
    uint32_t read(uint32_t reg) const { return hw::mmio_read32(mmio_ + reg); }
    void write(uint32_t reg, uint32_t v) { hw::mmio_write32(mmio_ + reg, v); }
    void reset();
    uint16_t eeprom_read(uint8_t word);
    void free_rings();
    void write_rx_tail();
    void write_tx_tail();

    uintptr_t mmio_;
    const Chip& chip_;
    uint8_t mac_[6] = {};
    volatile RxDesc* rx_ = nullptr;
    volatile TxDesc* tx_ = nullptr;
    uint8_t* rx_buf_ = nullptr;
    uint8_t* tx_buf_ = nullptr;
    uint16_t rx_next_ = 0, tx_next_ = 0;
    uint16_t rx_tail_ = 0;  // the last descriptor handed back: what RDT gets written to
    RxDoorbell doorbell_;   // RDT writes for handed-back descriptors
    bool held_ = false;     // receive() handed out rx_next_'s buffer
    bool tx_batching_ = false;
    uint16_t tx_unannounced_ = 0;  // frames queued since the last TDT write
};

void E1000::reset() {
    write(kImc, 0xffffffff);
    if (chip_.pcie) {  // bounded as Linux's e1000e does: 80 ms, then reset anyway
        write(kCtrl, read(kCtrl) | kCtrlGioMasterDisable);
        for (int i = 0; i < 800 && (read(kStatusReg) & kStatusGioMasterEnable); ++i) hw::delay_us(100);
    }
    write(kCtrl, read(kCtrl) | kCtrlReset);
    hw::delay_us(1000);
    for (int i = 0; i < 1000 && (read(kCtrl) & kCtrlReset); ++i) hw::delay_us(10);
    if (chip_.pcie)
        for (int i = 0; i < 100 && !(read(kEecd) & kEecdAutoRead); ++i) hw::delay_us(100);
    write(kImc, 0xffffffff);
    (void)read(kIcr);
}

uint16_t E1000::eeprom_read(uint8_t word) {
    write(kEerd, (uint32_t(word) << chip_.eerd_addr_shift) | 1);
    for (int i = 0; i < 10000; ++i) {
        uint32_t v = read(kEerd);
        if (v & (1u << chip_.eerd_done_bit)) return uint16_t(v >> 16);
        hw::delay_us(1);
    }
    return 0xffff;
}

Status E1000::init() {
    reset();
    uint32_t ral = read(kRal), rah = read(kRah);
    if (rah & (1u << 31)) {  // receive address 0 already valid (set from the EEPROM at reset)
        for (int i = 0; i < 4; ++i) mac_[i] = uint8_t(ral >> (8 * i));
        mac_[4] = uint8_t(rah), mac_[5] = uint8_t(rah >> 8);
    } else {
        for (uint8_t w = 0; w < 3; ++w) {
            uint16_t v = eeprom_read(w);
            mac_[2 * w] = uint8_t(v), mac_[2 * w + 1] = uint8_t(v >> 8);
        }
    }
    if ((mac_[0] & 1) || (mac_[0] | mac_[1] | mac_[2] | mac_[3] | mac_[4] | mac_[5]) == 0)
        return Status(Errc::io, "e1000: no valid MAC address");
    return {};
}

Status E1000::open() {
    reset();
    write(kCtrl, (read(kCtrl) | kCtrlSlu | kCtrlAsde) & ~((1u << 3) | (1u << 7) | (1u << 31)));
    write(kRal,
          uint32_t(mac_[0]) | uint32_t(mac_[1]) << 8 | uint32_t(mac_[2]) << 16 | uint32_t(mac_[3]) << 24);
    write(kRah, uint32_t(mac_[4]) | uint32_t(mac_[5]) << 8 | (1u << 31));
    for (uint32_t i = 0; i < 128; ++i) write(kMta + 4 * i, 0);

    rx_ = static_cast<RxDesc*>(hw::dma_alloc(kRxCount * sizeof(RxDesc), 128));
    tx_ = static_cast<TxDesc*>(hw::dma_alloc(kTxCount * sizeof(TxDesc), 128));
    rx_buf_ = static_cast<uint8_t*>(hw::dma_alloc(kRxCount * kBufferSize, 16));
    tx_buf_ = static_cast<uint8_t*>(hw::dma_alloc(kTxCount * kBufferSize, 16));
    if (!rx_ || !tx_ || !rx_buf_ || !tx_buf_) {
        free_rings();
        return Status(Errc::nomem, "e1000: no memory for rings");
    }
    for (uint16_t i = 0; i < kRxCount; ++i) rx_[i].addr = hw::dma_address(rx_buf_ + i * kBufferSize);
    for (uint16_t i = 0; i < kTxCount; ++i) {
        tx_[i].addr = hw::dma_address(tx_buf_ + i * kBufferSize);
        tx_[i].status = kDescDone;  // free
    }
    uint64_t rx_phys = hw::dma_address(const_cast<RxDesc*>(rx_)),
             tx_phys = hw::dma_address(const_cast<TxDesc*>(tx_));
    write(kRdbal, uint32_t(rx_phys));
    write(kRdbah, uint32_t(rx_phys >> 32));
    write(kRdlen, kRxCount * sizeof(RxDesc));
    write(kRdh, 0);
    write(kRdt, kRxCount - 1);
    write(kTdbal, uint32_t(tx_phys));
    write(kTdbah, uint32_t(tx_phys >> 32));
    write(kTdlen, kTxCount * sizeof(TxDesc));
    write(kTdh, 0);
    write(kTdt, 0);
    rx_next_ = tx_next_ = 0;
    rx_tail_ = kRxCount - 1, held_ = false;
    tx_batching_ = false, tx_unannounced_ = 0;
    doorbell_.rang();
    write(kTipg, 0x0060200a);
    write(kTctl, kTctlEnable | kTctlPadShort | (0x0f << 4) | (0x40 << 12));
    write(kRctl, kRctlEnable | kRctlBroadcast | kRctlStripCrc);  // 2 KiB buffers (BSIZE 0)
    return {};
}

void E1000::free_rings() {
    if (rx_) hw::dma_free(const_cast<RxDesc*>(rx_), kRxCount * sizeof(RxDesc));
    if (tx_) hw::dma_free(const_cast<TxDesc*>(tx_), kTxCount * sizeof(TxDesc));
    if (rx_buf_) hw::dma_free(rx_buf_, kRxCount * kBufferSize);
    if (tx_buf_) hw::dma_free(tx_buf_, kTxCount * kBufferSize);
    rx_ = nullptr, tx_ = nullptr, rx_buf_ = tx_buf_ = nullptr;
}

void E1000::close() {
    write(kRctl, 0);
    write(kTctl, 0);
    reset();
    free_rings();
}

Status E1000::transmit(Bytes frame) {
    if (!tx_) return Status(Errc::io, "e1000: not open");
    if (frame.size() > kMaxFrame) return Status(Errc::inval, "frame too large");
    volatile TxDesc& d = tx_[tx_next_];
    uint64_t deadline = hw::now_ms() + 1000;
    while (!(d.status & kDescDone)) {
        if (hw::now_ms() > deadline) return Status(Errc::timedout, "e1000: transmit ring stuck");
        hw::memory_barrier();
    }
    __builtin_memcpy(tx_buf_ + tx_next_ * kBufferSize, frame.data(), frame.size());
    d.length = uint16_t(frame.size());
    d.cmd = kTxEop | kTxInsertFcs | kTxReportStatus;
    d.status = 0;
    tx_next_ = uint16_t((tx_next_ + 1) % kTxCount);
    // In a batch, TDT is written at its end or once half the ring waits (transmit never waits on
    // a descriptor the device was not told about).
    if (tx_batching_ && ++tx_unannounced_ < kTxCount / 2) return {};
    write_tx_tail();
    return {};
}

void E1000::write_tx_tail() {
    tx_unannounced_ = 0;
    hw::memory_barrier();
    write(kTdt, tx_next_);
}

void E1000::end_tx_batch() {
    tx_batching_ = false;
    if (tx_unannounced_) write_tx_tail();
}

void E1000::write_rx_tail() {
    doorbell_.rang();
    hw::memory_barrier();
    write(kRdt, rx_tail_);
}

Bytes E1000::receive() {
    if (!rx_ || held_) return {};
    for (;;) {
        volatile RxDesc& d = rx_[rx_next_];
        hw::memory_barrier();
        uint8_t status = d.status;
        if (!(status & kDescDone)) {
            if (doorbell_.idle()) write_rx_tail();
            return {};
        }
        held_ = true;
        size_t length = d.length;
        // One frame per 2 KiB buffer: EOP must be set; frames with errors are dropped.
        if ((status & kRxEop) && !d.errors && length > 0 && length <= kBufferSize)
            return Bytes(rx_buf_ + size_t(rx_next_) * kBufferSize, length);
        release();
    }
}

void E1000::release() {
    if (!held_) return;
    held_ = false;
    rx_[rx_next_].status = 0;
    rx_tail_ = rx_next_;
    rx_next_ = uint16_t((rx_next_ + 1) % kRxCount);
    if (doorbell_.released()) write_rx_tail();
}

NetDevice* probe(hw::PciAddress where, const Chip& chip) {
    hw::PciBar bar = hw::pci_bar(where, 0);
    if (bar.is_io || !bar.present()) return nullptr;
    hw::pci_enable_device(where);
    return place_device<E1000>(where, uintptr_t(bar.base), chip);
}

}  // namespace

NetDevice* e1000_probe(hw::PciAddress where) {
    return probe(where, k8254x);
}

NetDevice* e1000e_probe(hw::PciAddress where) {
    return probe(where, k82574);
}

}  // namespace carte::net
