// What the UNDI driver (undi_net.cpp) needs from the platform: PXE API calls into the PXE ROM's
// real-mode code and a little base memory the ROM can address. Only a BIOS image started by a PXE
// ROM as carte.kpxe has one (platform/pc/pxe_api.h); docs/firmware.md, "PXE and UNDI".
#pragma once
#include "runtime/rt/span.h"

namespace carte::net {

// A buffer below 1 MiB and its real-mode address.
struct BaseMemory {
    Span<uint8_t> bytes;
    uint16_t segment = 0, offset = 0;
};

class UndiApi {
  public:
    // Runs PXE API function `opcode` with `params` as its parameter block (copied to base memory
    // and back). Returns the PXE status: 0 on success, the block's Status word (or 1,
    // PXENV_STATUS_FAILURE, when the ROM left it 0) when the call exits with failure.
    virtual uint16_t call(uint16_t opcode, Span<uint8_t> params) = 0;
    // UNDI_ISR with FuncFlag IN_START in `isr` and, when that answers OUT_OURS, IN_PROCESS in the
    // same trip to real mode (the common case of every poll); `isr` holds the last answer.
    virtual uint16_t isr_start_and_process(Span<uint8_t> isr) = 0;
    // Scratch base memory for transmit descriptors and the frame being sent.
    virtual BaseMemory scratch() = 0;
    // `length` bytes of base memory at segment:offset, where the ROM hands a received frame.
    virtual Bytes real_memory(uint16_t segment, uint16_t offset, size_t length) = 0;

  protected:
    ~UndiApi() = default;
};

class NetDevice;
// The NIC behind the PXE ROM's UNDI driver, started (UNDI_STARTUP, UNDI_INITIALIZE) and
// identified (GET_INFORMATION, GET_NIC_TYPE); nullptr with a message printed when it cannot be.
NetDevice* undi_probe(UndiApi& api);

}  // namespace carte::net
