/* pc_real_call(): the 64-bit half of the real-mode thunk (pxe_prefix.S has the rest). The far
 * call to make is already described at PXE_HANDOFF + PXE_HO_CALL; this saves what long mode needs
 * (callee-saved registers, RSP, CR3, GDTR, IDTR), records where to come back and far-returns into
 * the prefix's 32-bit entry (selector 0x10: compatibility mode). The thunk ends with a far jump
 * to 1: below on selector 0x08. Only exists when a PXE prefix started us (PXE_HO_THUNK32 != 0). */
#include "pxe_handoff.h"

    .text
    .code64
    .globl pc_real_call
pc_real_call:
    push %rbx
    push %rbp
    push %r12
    push %r13
    push %r14
    push %r15
    pushfq
    cli
    mov $PXE_HANDOFF, %eax
    sgdt PXE_HO_GDTR64(%rax)
    sidt PXE_HO_IDTR64(%rax)
    mov %rsp, PXE_HO_SAVED_RSP(%rax)
    mov %cr3, %rdx
    mov %edx, PXE_HO_SAVED_CR3(%rax)
    movl $1f, PXE_HO_RETURN(%rax)
    movw $0x08, PXE_HO_RETURN + 4(%rax)
    mov PXE_HO_THUNK32(%rax), %edx
    pushq $0x10
    push %rdx
    lretq
1:  mov $0x18, %eax
    mov %eax, %ds
    mov %eax, %es
    mov %eax, %ss
    mov %eax, %fs
    mov %eax, %gs
    mov $PXE_HANDOFF, %eax
    mov PXE_HO_SAVED_RSP(%rax), %rsp
    lgdt PXE_HO_GDTR64(%rax)
    lidt PXE_HO_IDTR64(%rax)
    popfq
    pop %r15
    pop %r14
    pop %r13
    pop %r12
    pop %rbp
    pop %rbx
    ret

    .section .note.GNU-stack, "", @progbits
