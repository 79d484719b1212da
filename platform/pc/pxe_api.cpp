#include "platform/pc/pxe_api.h"

#include "platform/pc/boot/pxe_handoff.h"

extern "C" void pc_real_call();  // boot/real_call.S

namespace carte::pc {
namespace {

uint8_t* handoff(uint32_t field) {
    return reinterpret_cast<uint8_t*>(uintptr_t(PXE_HANDOFF + field));
}
template <class T>
T get(uint32_t field) {
    T v;
    __builtin_memcpy(&v, handoff(field), sizeof v);
    return v;
}
template <class T>
void put(uint32_t field, T v) {
    __builtin_memcpy(handoff(field), &v, sizeof v);
}

}  // namespace

PxeStart read_pxe_start(const BootInfo& info) {
    PxeStart s;
    if (info.kind != BootKind::pxe || __builtin_memcmp(handoff(PXE_HO_MAGIC), "CARTEPXE", 8) != 0 ||
        get<uint32_t>(PXE_HO_VERSION) != PXE_HANDOFF_VERSION)
        return s;
    uint32_t flags = get<uint32_t>(PXE_HO_FLAGS);
    s.started_by_pxe = true;
    s.api = flags & PXE_FL_FOUND && get<uint32_t>(PXE_HO_THUNK32) != 0;
    s.keep_undi = flags & PXE_FL_KEEP_UNDI;
    s.stack_args = flags & PXE_FL_STACK_ARGS;
    s.entry_offset = get<uint16_t>(PXE_HO_ENTRY);
    s.entry_segment = get<uint16_t>(PXE_HO_ENTRY + 2);
    uint16_t len = get<uint16_t>(PXE_HO_DHCP_LEN);
    if (flags & PXE_FL_DHCP && len <= PXE_HO_DHCP_SIZE) s.cached_dhcpack = Bytes(handoff(PXE_HO_DHCP), len);
    s.failed_call = get<uint16_t>(PXE_HO_FAILED);
    s.failed_status = get<uint16_t>(PXE_HO_STATUS);
    return s;
}

uint16_t PxeApi::call(uint16_t opcode, Span<uint8_t> params) {
    return run(PXE_OP_CALL, opcode, params);
}

uint16_t PxeApi::isr_start_and_process(Span<uint8_t> isr) {
    constexpr uint16_t kUndiIsr = 0x0014;
    return run(PXE_OP_ISR_POLL, kUndiIsr, isr);
}

// !PXE: push segment, offset, opcode, far call. PXENV+: BX = opcode, ES:DI = parameters.
uint16_t PxeApi::run(uint16_t op, uint16_t opcode, Span<uint8_t> params) {
    if (!start_.api || params.size() > PXE_HO_PARAMS_SIZE) return 1;  // PXENV_STATUS_FAILURE
    __builtin_memcpy(handoff(PXE_HO_PARAMS), params.data(), params.size());
    const uint32_t block = PXE_HANDOFF + PXE_HO_PARAMS;  // below 64 KiB: segment 0
    uint8_t* rc = handoff(PXE_HO_CALL);
    __builtin_memset(rc, 0, RC_SIZE);
    put<uint16_t>(PXE_HO_CALL + RC_TARGET, start_.entry_offset);
    put<uint16_t>(PXE_HO_CALL + RC_TARGET + 2, start_.entry_segment);
    put<uint32_t>(PXE_HO_CALL + RC_EBX, opcode);
    put<uint32_t>(PXE_HO_CALL + RC_EDI, block);
    if (start_.stack_args) {
        put<uint16_t>(PXE_HO_CALL + RC_NARGS, 3);
        put<uint16_t>(PXE_HO_CALL + RC_ARGS, opcode);
        put<uint16_t>(PXE_HO_CALL + RC_ARGS + 2, uint16_t(block));
        put<uint16_t>(PXE_HO_CALL + RC_ARGS + 4, 0);
    }
    put<uint16_t>(PXE_HO_OP, op);
    pc_real_call();
    __builtin_memcpy(params.data(), handoff(PXE_HO_PARAMS), params.size());
    if ((get<uint32_t>(PXE_HO_CALL + RC_EAX) & 0xffff) == 0) return 0;  // PXENV_EXIT_SUCCESS
    uint16_t status = params.size() >= 2 ? uint16_t(params[0] | params[1] << 8) : 0;
    return status ? status : 1;
}

net::BaseMemory PxeApi::scratch() {
    const uint32_t at = PXE_HANDOFF + PXE_HO_TBD;
    return {Span<uint8_t>(handoff(PXE_HO_TBD), PXE_HO_TX + PXE_HO_TX_SIZE - PXE_HO_TBD), 0, uint16_t(at)};
}

Bytes PxeApi::real_memory(uint16_t segment, uint16_t offset, size_t length) {
    // Base memory is identity-mapped, like everything below 4 GiB.
    return Bytes(reinterpret_cast<const uint8_t*>(uintptr_t(segment) * 16 + offset), length);
}

}  // namespace carte::pc
