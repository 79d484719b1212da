// virtio-net over either PCI transport (virtio_transport.h): one split virtqueue for receive (0)
// and one for transmit (1), no offloads and no mergeable buffers, so every buffer holds a
// virtio_net_hdr (10 bytes legacy, 12 with VIRTIO_F_VERSION_1) followed by one whole frame.
// QEMU's default virtio-net-pci on the root bus is transitional (1af4:1000) and is driven through
// the legacy interface; modern-only devices (1af4:1041) through the virtio 1.0 capabilities.
// Received frames are handed out in place (receive/release). A notify is a port or MMIO write,
// i.e. a VM exit: we skip it while the device says it polls the ring anyway
// (VRING_USED_F_NO_NOTIFY) and, on receive, refill buffers in batches with one notify each.
#include "drivers/net/netdev.h"
#include "drivers/net/rx_doorbell.h"
#include "drivers/net/virtio_transport.h"

namespace carte::net {

namespace {

constexpr uint64_t kFeatureMac = 1ull << 5, kFeatureStatus = 1ull << 16, kFeatureVersion1 = 1ull << 32;
constexpr size_t kBufferSize = 2048;       // header + largest frame, rounded up
constexpr uint16_t kDescWrite = 2;         // VRING_DESC_F_WRITE: the device writes this buffer
constexpr uint16_t kMaxQueue = 256;        // we use at most this many descriptors per queue
constexpr uint16_t kUsedNoNotify = 1;      // VRING_USED_F_NO_NOTIFY, in used->flags
constexpr uint16_t kAvailNoInterrupt = 1;  // VRING_AVAIL_F_NO_INTERRUPT, in avail->flags

struct [[gnu::packed]] Desc {
    uint64_t addr;
    uint32_t len;
    uint16_t flags, next;
};
struct [[gnu::packed]] UsedElem {
    uint32_t id, len;
};

constexpr size_t align_up(size_t v, size_t a) {
    return (v + a - 1) & ~(a - 1);
}

// One split virtqueue in the legacy layout (which modern devices accept too): descriptors, the
// available ring, then on the next 4 KiB page the used ring; plus one DMA buffer per descriptor.
struct Queue {
    uint16_t size = 0;
    Desc* desc = nullptr;
    volatile uint16_t* avail = nullptr;  // flags, idx, ring[size]
    volatile uint16_t* used = nullptr;   // flags, idx, then UsedElem[size]
    uint8_t* buffers = nullptr;
    uint16_t avail_idx = 0, used_seen = 0;
    void* mem = nullptr;
    size_t mem_size = 0;

    UsedElem used_elem(uint16_t i) const {
        const volatile UsedElem* ring = reinterpret_cast<const volatile UsedElem*>(used + 2);
        return {ring[i % size].id, ring[i % size].len};
    }
    void publish(uint16_t id) {
        avail[2 + avail_idx % size] = id;
        hw::memory_barrier();
        avail[1] = ++avail_idx;
        hw::memory_barrier();
    }
    // Whether the device asks to be notified of new buffers (read after publishing them).
    bool wants_notify() const { return !(used[0] & kUsedNoNotify); }
};

class VirtioNet final : public NetDevice {
  public:
    explicit VirtioNet(VirtioTransport& t) : t_(t) {}
    Str chip() const override { return "virtio-net"; }
    const uint8_t* mac() const override { return mac_; }
    bool link_up() override { return !(features_ & kFeatureStatus) || (t_.config16(6) & 1); }
    Status open() override;
    void close() override;
    Status transmit(Bytes frame) override;
    Bytes receive() override;
    void release() override;
    void begin_tx_batch() override { tx_batching_ = true; }
    void end_tx_batch() override;

    Status init();

  private:
    Status negotiate();
    Status setup_queue(uint16_t index, Queue& q);
    void free_queue(Queue& q);
    void notify_rx();
    VirtioTransport& t_;
    uint8_t mac_[6] = {};
    uint64_t features_ = 0;
    size_t header_ = 10;
    Queue rx_, tx_;
    int32_t held_ = -1;    // descriptor of the frame receive() handed out, -1 if none
    RxDoorbell doorbell_;  // receive-queue notifies for handed-back buffers
    bool tx_batching_ = false, tx_unnotified_ = false;
};

Status VirtioNet::init() {
    t_.reset();
    uint64_t offered = t_.device_features();
    if (!(offered & kFeatureMac)) return Status(Errc::notsup, "virtio-net without a MAC address");
    if (t_.modern() && !(offered & kFeatureVersion1)) return Status(Errc::notsup, "virtio 1.0 not offered");
    for (uint32_t i = 0; i < 6; ++i) mac_[i] = t_.config8(i);
    return {};
}

Status VirtioNet::negotiate() {
    t_.reset();
    t_.set_status(virtio_status::ack | virtio_status::driver);
    features_ = t_.device_features() & (kFeatureMac | kFeatureStatus | (t_.modern() ? kFeatureVersion1 : 0));
    header_ = (features_ & kFeatureVersion1) ? 12 : 10;
    t_.set_driver_features(features_);
    if (t_.modern()) {
        t_.set_status(virtio_status::ack | virtio_status::driver | virtio_status::features_ok);
        if (!(t_.status() & virtio_status::features_ok))
            return Status(Errc::notsup, "virtio-net refused our feature set");
    }
    return {};
}

Status VirtioNet::setup_queue(uint16_t index, Queue& q) {
    uint16_t offered = t_.queue_size(index);
    if (offered == 0 || (offered & (offered - 1))) return Status(Errc::io, "virtio-net: bad queue size");
    // Legacy devices fix the size; our rings are sized for what the device offers.
    q.size = offered;
    size_t ring_part = align_up(16 * q.size + 6 + 2 * q.size, 4096);
    q.mem_size = ring_part + align_up(6 + 8 * q.size, 4096);
    q.mem = hw::dma_alloc(q.mem_size, 4096);
    size_t bufs = min(q.size, kMaxQueue);
    q.buffers = static_cast<uint8_t*>(hw::dma_alloc(bufs * kBufferSize, 16));
    if (!q.mem || !q.buffers) return Status(Errc::nomem, "virtio-net: no memory for rings");
    q.desc = static_cast<Desc*>(q.mem);
    q.avail = reinterpret_cast<volatile uint16_t*>(static_cast<uint8_t*>(q.mem) + 16 * q.size);
    q.used = reinterpret_cast<volatile uint16_t*>(static_cast<uint8_t*>(q.mem) + ring_part);
    for (uint16_t i = 0; i < q.size; ++i)
        q.desc[i] = {hw::dma_address(q.buffers + size_t(i % bufs) * kBufferSize), uint32_t(kBufferSize), 0,
                     0};
    q.avail_idx = q.used_seen = 0;
    uint64_t base = hw::dma_address(q.mem);
    t_.enable_queue(index, base, base + 16 * q.size, base + ring_part);
    return {};
}

void VirtioNet::free_queue(Queue& q) {
    if (q.mem) hw::dma_free(q.mem, q.mem_size);
    if (q.buffers) hw::dma_free(q.buffers, min(q.size, kMaxQueue) * kBufferSize);
    q = Queue();
}

Status VirtioNet::open() {
    Status s = negotiate();
    if (s.ok()) s = setup_queue(0, rx_);
    if (s.ok()) s = setup_queue(1, tx_);
    if (!s.ok()) {
        t_.set_status(virtio_status::failed);
        close();
        return s;
    }
    // We poll with interrupts off: ask the device not to raise any (VRING_AVAIL_F_NO_INTERRUPT),
    // which spares the host an interrupt injection per used buffer.
    rx_.avail[0] = kAvailNoInterrupt;
    tx_.avail[0] = kAvailNoInterrupt;
    // Post one receive buffer per distinct DMA buffer (a ring larger than kMaxQueue stays partly
    // empty, which the device handles).
    for (uint16_t i = 0; i < min(rx_.size, kMaxQueue); ++i) {
        rx_.desc[i].flags = kDescWrite;
        rx_.publish(i);
    }
    t_.set_status(virtio_status::ack | virtio_status::driver | virtio_status::driver_ok |
                  (t_.modern() ? virtio_status::features_ok : 0));
    t_.notify(0);
    return {};
}

void VirtioNet::close() {
    t_.reset();  // the device stops all DMA
    free_queue(rx_);
    free_queue(tx_);
    held_ = -1;
    doorbell_.rang();
    tx_batching_ = tx_unnotified_ = false;
}

Status VirtioNet::transmit(Bytes frame) {
    if (!tx_.size) return Status(Errc::io, "virtio-net: not open");
    if (frame.size() > kMaxFrame) return Status(Errc::inval, "frame too large");
    uint16_t slots = min(tx_.size, kMaxQueue);
    // Reclaim completed buffers; wait (bounded) while every buffer is in flight.
    uint64_t deadline = hw::now_ms() + 1000;
    for (;;) {
        hw::memory_barrier();
        tx_.used_seen = tx_.used[1];
        if (uint16_t(tx_.avail_idx - tx_.used_seen) < slots) break;
        if (hw::now_ms() > deadline) return Status(Errc::timedout, "virtio-net: transmit ring stuck");
    }
    uint16_t id = tx_.avail_idx % slots;
    uint8_t* buf = tx_.buffers + size_t(id) * kBufferSize;
    __builtin_memset(buf, 0, header_);
    __builtin_memcpy(buf + header_, frame.data(), frame.size());
    tx_.desc[id].len = uint32_t(header_ + frame.size());
    tx_.desc[id].flags = 0;
    tx_.publish(id);
    // In a batch, notify only when the ring is half full (so transmit never waits on itself).
    if (tx_batching_ && uint16_t(tx_.avail_idx - tx_.used_seen) < slots / 2) {
        tx_unnotified_ = true;
        return {};
    }
    tx_unnotified_ = false;
    if (tx_.wants_notify()) t_.notify(1);
    return {};
}

void VirtioNet::end_tx_batch() {
    tx_batching_ = false;
    if (!tx_unnotified_) return;
    tx_unnotified_ = false;
    if (tx_.wants_notify()) t_.notify(1);
}

void VirtioNet::notify_rx() {
    doorbell_.rang();
    if (rx_.wants_notify()) t_.notify(0);
}

Bytes VirtioNet::receive() {
    if (!rx_.size || held_ >= 0) return {};
    for (;;) {
        hw::memory_barrier();
        if (rx_.used[1] == rx_.used_seen) {
            if (doorbell_.idle()) notify_rx();
            return {};
        }
        UsedElem e = rx_.used_elem(rx_.used_seen++);
        if (e.id >= rx_.size) continue;  // not a descriptor of ours: ignore
        held_ = int32_t(e.id);
        if (e.len > header_ && e.len <= kBufferSize)
            return Bytes(rx_.buffers + size_t(e.id % kMaxQueue) * kBufferSize + header_, e.len - header_);
        release();  // empty or impossible length: recycle the buffer
    }
}

void VirtioNet::release() {
    if (held_ < 0) return;
    uint16_t id = uint16_t(held_);
    held_ = -1;
    rx_.desc[id].len = kBufferSize;
    rx_.publish(id);
    if (doorbell_.released()) notify_rx();
}

}  // namespace

NetDevice* virtio_net_probe(hw::PciAddress where) {
    // Transitional devices offer both; the legacy interface needs no memory BAR mapping.
    VirtioTransport* t = virtio_legacy_transport(where);
    if (!t) t = virtio_modern_transport(where);
    if (!t) return nullptr;
    hw::pci_enable_device(where);
    return place_device<VirtioNet>(where, *t);
}

}  // namespace carte::net
