// The PXE ROM that started carte.pxe/carte.kpxe, as the PXE prefix left it (boot/pxe_handoff.h):
// its API entry point, its cached DHCPACK and the real-mode thunk to call it through. See
// docs/firmware.md, "PXE and UNDI".
#pragma once
#include "drivers/net/undi_api.h"
#include "platform/pc/boot_info.h"

namespace carte::pc {

struct PxeStart {
    bool started_by_pxe = false;  // the PXE prefix ran (BootKind::pxe)
    bool api = false;             // a PXE API entry point was found
    bool keep_undi = false;       // carte.kpxe: UNDI stays loaded for the undi driver
    bool stack_args = false;      // !PXE calling convention, else PXENV+
    uint16_t entry_segment = 0, entry_offset = 0;
    Bytes cached_dhcpack;                         // empty if the ROM had none
    uint16_t failed_call = 0, failed_status = 0;  // the prefix's first failed PXE call
};

// What the prefix left, checked (magic, version); started_by_pxe false otherwise.
PxeStart read_pxe_start(const BootInfo& info);

// The PXE API through the real-mode thunk. Only valid when read_pxe_start().api is true.
class PxeApi final : public net::UndiApi {
  public:
    explicit PxeApi(const PxeStart& start) : start_(start) {}
    uint16_t call(uint16_t opcode, Span<uint8_t> params) override;
    uint16_t isr_start_and_process(Span<uint8_t> isr) override;
    net::BaseMemory scratch() override;
    Bytes real_memory(uint16_t segment, uint16_t offset, size_t length) override;

  private:
    uint16_t run(uint16_t op, uint16_t opcode, Span<uint8_t> params);
    const PxeStart& start_;
};

}  // namespace carte::pc
