#include "platform/pc/idt.h"

#include "platform/firmware/kprint.h"
#include "platform/firmware/machine.h"
#include "runtime/rt/types.h"

extern "C" const uint64_t pc_isr_table[32];

namespace carte::pc {

namespace {
struct [[gnu::packed]] IdtGate {
    uint16_t offset_lo, selector;
    uint8_t ist, type_attr;
    uint16_t offset_mid;
    uint32_t offset_hi, zero;
};
struct [[gnu::packed]] IdtPointer {
    uint16_t limit;
    uint64_t base;
};
IdtGate g_idt[32];

// The stack layout isr_common builds, lowest address first.
struct ExceptionFrame {
    uint64_t rdi, rsi, rbp_, rbx, rdx, rcx, rax;
    uint64_t vector, error;
    uint64_t rip, cs, rflags, rsp, ss;
};
}  // namespace

void idt_install() {
    for (int i = 0; i < 32; ++i) {
        uint64_t a = pc_isr_table[i];
        g_idt[i] = {uint16_t(a), 0x08, 0, 0x8e, uint16_t(a >> 16), uint32_t(a >> 32), 0};
    }
    IdtPointer p{sizeof(g_idt) - 1, reinterpret_cast<uint64_t>(g_idt)};
    __asm__ volatile("lidt %0" : : "m"(p));
}

}  // namespace carte::pc

extern "C" [[noreturn]] void pc_exception(const carte::pc::ExceptionFrame* f) {
    uint64_t cr2;
    __asm__ volatile("mov %%cr2, %0" : "=r"(cr2));
    carte_printf("\n*** CPU exception %lu error=%lx rip=%lx rsp=%lx cr2=%lx rax=%lx rdi=%lx rsi=%lx\n",
                 f->vector, f->error, f->rip, f->rsp, cr2, f->rax, f->rdi, f->rsi);
    carte::fw::halt_after_failure();
}
