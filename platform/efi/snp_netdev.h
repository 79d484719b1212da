// A net::NetDevice over the firmware's EFI_SIMPLE_NETWORK_PROTOCOL, so every NIC the firmware
// drives works (iPXE's snponly.efi does the same; drivers/net/efi/snpnet.c there). Carte opens
// each SNP exclusively, which makes the firmware disconnect its own network stack (MNP and
// above) from it, so nothing else polls the NIC behind lwIP's back; closing reconnects it.
#pragma once
#include "drivers/net/netdev.h"
#include "platform/efi/efi_net_api.h"
#include "platform/firmware/net/lwip_network.h"

namespace carte::efi {

class SnpNetDevice final : public net::NetDevice {
  public:
    SnpNetDevice(Handle handle, SimpleNetwork* snp) : handle_(handle), snp_(snp) {}

    Str chip() const override { return "snp"; }
    const uint8_t* mac() const override { return mac_; }
    bool link_up() override;
    Status open() override;
    void close() override;
    Status transmit(Bytes frame) override;
    Bytes receive() override;
    void release() override {}
    Str bus_type() const override { return bus_type_; }

    // Reads the MAC and the PCI location; false if the interface is unusable.
    bool init();
    Handle handle() const { return handle_; }

  private:
    static constexpr size_t kTxBuffers = 32;
    static constexpr size_t kBufferSize = 1536;
    void reclaim_tx();  // GetStatus: mark the buffers the NIC is done with free again
    Handle handle_;
    SimpleNetwork* snp_;
    uint8_t mac_[6] = {};
    Str bus_type_ = "efi";
    bool opened_ = false;
    uint8_t* rx_ = nullptr;         // kBufferSize
    uint8_t* tx_[kTxBuffers] = {};  // kBufferSize each
    bool tx_busy_[kTxBuffers] = {};
    uint64_t tx_seq_[kTxBuffers] = {};  // when each busy buffer was queued, for FIFO completion
    uint64_t tx_count_ = 0;
};

// Takes the NICs Carte has its own drivers for from the firmware (DisconnectController on their
// PCI handles) and probes them with those drivers (platform/firmware/pci_nics.h); a device whose
// driver fails goes back to the firmware. Call before probe_snp_nics.
void probe_native_nics(fw::LwipNetwork& network);
// Opens every SNP interface the firmware offers and adds it to `network` as the next netN,
// printing a "netN: snp mac …" line each.
void probe_snp_nics(fw::LwipNetwork& network);
// Gives every NIC back to the firmware (closes our exclusive SNP opens, reconnects its drivers to
// the devices Carte drove itself), for `exit`: the boot manager's next option may want the network.
void release_snp_nics();

}  // namespace carte::efi
