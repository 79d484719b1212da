// When a NIC driver tells the device about receive buffers it handed back. The doorbell (e1000's
// RDT write, virtio's queue notify) is a register write, so a VM exit under virtualisation:
// ringing it once per frame costs more than the frame. Drivers ring it after a batch of releases,
// or when receive() finds the ring empty (so the device sees every free buffer before it idles).
#pragma once
#include <stdint.h>

namespace carte::net {

class RxDoorbell {
  public:
    static constexpr uint16_t kBatch = 16;  // buffers handed back per ring, at most

    // A buffer was handed back; true when the doorbell should ring now.
    bool released() { return ++unannounced_ >= kBatch; }
    // receive() found nothing waiting; true when handed-back buffers are still unannounced.
    bool idle() const { return unannounced_ != 0; }
    // The driver rang it (or reset the ring).
    void rang() { unannounced_ = 0; }

  private:
    uint16_t unannounced_ = 0;
};

}  // namespace carte::net
