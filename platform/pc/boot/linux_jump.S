/* pc_linux_jump(entry32, zero_page): leave long mode and enter a Linux kernel through the 32-bit
 * boot protocol: flat __BOOT_CS (0x10) / __BOOT_DS (0x18), paging off, interrupts off,
 * ESI = zero page, EBP = EDI = EBX = 0. Runs from identity-mapped low memory, so turning paging
 * off does not move the instruction stream. Arguments: RDI = entry, RSI = zero page (< 4 GiB). */
    .text
    .code64
    .globl pc_linux_jump
pc_linux_jump:
    cli
    mov %rdi, %rbx                  /* entry: EBX survives the mode switch (rdmsr clobbers EDX) */
    lgdt pc_gdt_ptr64
    /* Far return into the 32-bit code segment (compatibility mode). */
    lea 1f(%rip), %rax
    pushq $0x10
    push %rax
    lretq
    .code32
1:  mov $0x18, %eax
    mov %eax, %ds
    mov %eax, %es
    mov %eax, %ss
    mov %eax, %fs
    mov %eax, %gs
    mov %cr0, %eax
    and $0x7fffffff, %eax           /* paging off: we are back in plain protected mode */
    mov %eax, %cr0
    mov $0xc0000080, %ecx           /* EFER.LME off */
    rdmsr
    and $~0x100, %eax
    wrmsr
    xor %eax, %eax
    mov %eax, %cr3
    mov %ebx, %eax
    xor %ebx, %ebx
    xor %ebp, %ebp
    xor %edi, %edi
    jmp *%eax                       /* ESI still holds the zero page */

    .section .rodata
    .balign 8
pc_gdt_ptr64:
    .word 4 * 8 - 1
    .quad pc_gdt

    .section .note.GNU-stack, "", @progbits
