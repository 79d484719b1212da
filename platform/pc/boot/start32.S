/* 32-bit entries and the switch to 64-bit long mode.
 *  - _start32 (0x100000, code32_start): Linux boot protocol, ESI = zero page.
 *  - multiboot_entry: multiboot v1, EAX = 0x2badb002, EBX = multiboot info. The a.out-kludge
 *    header makes the loader copy the file from offset 0x400 (past the real-mode setup) to
 *    0x100000, so the payload lands where it was linked. Loading the setup too (at 0xffc00) would
 *    put it in the BIOS area, which iPXE refuses ("Requested memory not available").
 * Both zero .bss (no loader does it for us on the Linux path), identity-map the first 4 GiB with
 * 2 MiB pages, enable PAE/SSE/long mode and call pc_main(kind, info) on our own stack. */
#define BOOT_KIND_LINUX 1
#define BOOT_KIND_MULTIBOOT 2
#define BOOT_KIND_LKRN_REALMODE 3 /* our own real-mode setup ran: E820 at zero page + 0x1000 */
#define BOOT_KIND_PXE 4           /* the PXE prefix ran: ESI = its hand-off (pxe_handoff.h) */
#define EMBED_MAX 0x10000000      /* 256 MiB: anything larger is not a payload we wrote */

    .section .text.entry, "ax"
    .code32
    .globl _start32
_start32:
    cmp $BOOT_KIND_LKRN_REALMODE, %edi
    je common32
    cmp $BOOT_KIND_PXE, %edi
    je common32
    mov $BOOT_KIND_LINUX, %edi              /* GRUB `linux`: EDI is 0 by protocol */
    jmp common32

    .balign 4
multiboot_header:
    .long 0x1badb002                                /* magic */
    .long 0x00010003                                /* page-align, memory info, a.out kludge */
    .long -(0x1badb002 + 0x00010003)                /* checksum */
    .long multiboot_header                          /* header_addr */
    .long 0x100000                                  /* load_addr: file offset 0x400 */
    .long _load_end                                 /* load_end_addr */
    .long _bss_end                                  /* bss_end_addr */
    .long multiboot_entry                           /* entry_addr */

/* Tells `carte build` where the loaded image ends in memory, so it can append an embedded
 * payload there and patch the loaders' sizes (docs/firmware.md, "Embedded payload"), and where
 * the decompressor stub it puts in front of a compressed image is. */
    .balign 4
    .globl rom_embed_descriptor
rom_embed_descriptor:
    .ascii "CARTEROM"
    .long 3                                         /* descriptor version */
    .long _load_end                                 /* where an appended payload lands */
    .long _bss_end                                  /* where start32 moves it */
    .long multiboot_header                          /* to patch load_end/bss_end_addr */
    .long unpack_stub                               /* boot/unpack_stub.S, assembled apart */
    .long unpack_stub_end - unpack_stub
    .long pxe_prefix                                /* v3: boot/pxe_prefix.S, assembled apart */
    .long pxe_prefix_end - pxe_prefix

multiboot_entry:
    mov $BOOT_KIND_MULTIBOOT, %edi
    mov %ebx, %esi

common32:
    cli
    cld
    lgdt gdt_ptr
    ljmp $0x10, $1f
1:  mov $0x18, %eax
    mov %eax, %ds
    mov %eax, %es
    mov %eax, %ss
    mov %eax, %fs
    mov %eax, %gs

    /* EDI/ESI (kind, info) are parked in EBP/EDX while we move the payload and zero .bss. */
    mov %edi, %ebp
    mov %esi, %edx

    /* An embedded payload (appended by `carte build`) was loaded right after .data, where .bss
     * lives: move it past .bss (backwards, the ranges may overlap) before .bss is zeroed. Its
     * header is "CARTEPLD", version, size of the records that follow. */
    cmpl $0x54524143, _load_end                     /* "CART" */
    jne 5f
    cmpl $0x444c5045, _load_end + 4                 /* "EPLD" */
    jne 5f
    mov _load_end + 12, %ecx
    cmp $EMBED_MAX, %ecx
    ja 5f
    add $16, %ecx
    lea _load_end - 1(%ecx), %esi
    lea _bss_end - 1(%ecx), %edi
    std
    rep movsb
    cld
    mov _load_end + 12, %ecx
    add $16, %ecx
    mov %ecx, carte_embedded_size
5:
    mov $_bss_start, %edi
    mov $_bss_end, %ecx
    sub %edi, %ecx
    xor %eax, %eax
    rep stosb
    mov %ebp, %edi
    mov %edx, %esi

    /* Page tables: PML4[0] -> PDPT; PDPT[0..3] -> 4 page directories of 2 MiB pages. */
    mov $boot_pdpt, %eax
    or $3, %eax
    mov %eax, boot_pml4
    mov $boot_pd, %eax
    or $3, %eax
    mov $boot_pdpt, %ebx
    mov $4, %ecx
2:  mov %eax, (%ebx)
    add $0x1000, %eax
    add $8, %ebx
    loop 2b
    mov $boot_pd, %ebx
    xor %eax, %eax
    or $0x83, %eax                                  /* present, writable, 2 MiB */
    xor %edx, %edx
    mov $2048, %ecx
3:  mov %eax, (%ebx)
    mov %edx, 4(%ebx)
    add $0x200000, %eax
    adc $0, %edx
    add $8, %ebx
    loop 3b

    mov $boot_pml4, %eax
    mov %eax, %cr3
    mov %cr4, %eax
    or $0x620, %eax                                 /* PAE | OSFXSR | OSXMMEXCPT */
    mov %eax, %cr4
    mov $0xc0000080, %ecx                           /* EFER */
    rdmsr
    or $0x100, %eax                                 /* LME */
    wrmsr
    mov %cr0, %eax
    and $~0x4, %eax                                 /* EM off */
    or $0x80000003, %eax                            /* PG | MP | PE */
    mov %eax, %cr0
    ljmp $0x08, $long_entry

    .code64
long_entry:
    mov $0x18, %eax
    mov %eax, %ds
    mov %eax, %es
    mov %eax, %ss
    mov %eax, %fs
    mov %eax, %gs
    mov $boot_stack_top, %rsp
    mov %edi, %edi                                  /* zero-extend kind and info */
    mov %esi, %esi
    call pc_main
4:  cli
    hlt
    jmp 4b

    .section .rodata
    .balign 8
    .globl pc_gdt
pc_gdt:
    .quad 0
    .quad 0x00af9a000000ffff                        /* 0x08: 64-bit code */
    .quad 0x00cf9a000000ffff                        /* 0x10: flat 32-bit code (__BOOT_CS) */
    .quad 0x00cf92000000ffff                        /* 0x18: flat data (__BOOT_DS) */
gdt_ptr:
    .word 4 * 8 - 1
    .long pc_gdt

    /* Never run from here: `carte build` copies these bytes to the front of a compressed image. */
    .section .rodata.unpack_stub, "a"
    .balign 16
unpack_stub:
    .incbin UNPACK_STUB_BIN
unpack_stub_end:

    /* Never run from here either: `carte build --format pxe|kpxe` puts these bytes in front. */
    .section .rodata.pxe_prefix, "a"
    .balign 16
pxe_prefix:
    .incbin PXE_PREFIX_BIN
pxe_prefix_end:

    .section .data
    .balign 4
    .globl carte_embedded_size
carte_embedded_size: .long 0                        /* bytes of payload now at _bss_end, 0: none */

    .section .bss
    .balign 4096
    .globl boot_pml4
boot_pml4: .skip 4096
boot_pdpt: .skip 4096
boot_pd:   .skip 4 * 4096
    .balign 16
    .globl boot_stack_bottom
boot_stack_bottom:
    .skip 128 * 1024
boot_stack_top:

    .section .note.GNU-stack, "", @progbits
