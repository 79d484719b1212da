/* The last code Carte runs before a multiboot kernel: position-independent 32-bit code that
 * platform/pc/multiboot_boot.cpp copies into a high boot block and enters through pc_linux_jump
 * (protected mode, paging off, flat segments, ESI = the argument block). It copies the staged
 * kernel segments to their load addresses (which may overwrite Carte itself at 1 MiB), zeroes
 * their bss, and jumps to the kernel with EAX = 0x2BADB002 and EBX = the multiboot information.
 * Argument block: entry (u32), info (u32), count (u32), then count × {dest, src, copy, zero}.
 * The copies never overlap the boot block (the caller checks), so a forward copy is safe. */
    .section .rodata
    .code32
    .globl pc_multiboot_stub_start, pc_multiboot_stub_end
pc_multiboot_stub_start:
    cld
    mov %esi, %ebp
    mov 8(%ebp), %edx
    lea 12(%ebp), %ebx
1:  test %edx, %edx
    jz 2f
    mov 0(%ebx), %edi
    mov 4(%ebx), %esi
    mov 8(%ebx), %ecx
    rep movsb
    mov 12(%ebx), %ecx
    xor %eax, %eax
    rep stosb
    add $16, %ebx
    dec %edx
    jmp 1b
2:  mov 0(%ebp), %ecx
    mov 4(%ebp), %ebx
    mov $0x2BADB002, %eax
    xor %esi, %esi
    xor %edi, %edi
    xor %ebp, %ebp
    jmp *%ecx
pc_multiboot_stub_end:
    .code64

    .section .note.GNU-stack, "", @progbits
