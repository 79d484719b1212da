/* Real-mode part of carte.lkrn: the Linux boot-protocol 2.07 setup header plus a trampoline.
 * Loaders that speak the 16-bit protocol (QEMU -kernel, SYSLINUX, GRUB linux16, iPXE's bzImage
 * loader) load these two sectors at some segment S and far-jump to (S+0x20):0000. We ask the
 * BIOS for the E820 map (only real mode can), store it in the zero page like Linux's own setup
 * code would, then enter 32-bit protected mode and jump to code32_start with ESI = the zero page
 * (S*16), which is the same state GRUB's 32-bit `linux` command produces. The section has VMA 0
 * so offsets are segment-relative.
 * The E820 table goes to offset 0x1000 of the setup segment (free heap space), not to the zero
 * page's own table at 0x2d0: that would overwrite this very code. EDI = 3 tells start32 so. */
#include "bios_realmode.inc"

    .section .setup, "ax"
    .code16
    .globl setup_start
setup_start:
    .org 0x1f1
    .byte 1                     /* 0x1f1 setup_sects: one sector after the boot sector */
    .word 0                     /* 0x1f2 root_flags */
    .long _syssize              /* 0x1f4 syssize, paragraphs, from the linker script */
    .word 0                     /* 0x1f8 ram_size */
    .word 0xffff                /* 0x1fa vid_mode: normal */
    .word 0                     /* 0x1fc root_dev */
    .word 0xaa55                /* 0x1fe boot_flag */
    jmp setup_entry             /* 0x200 */
    .ascii "HdrS"               /* 0x202 */
    .word 0x0207                /* 0x206 protocol version */
    .long 0                     /* 0x208 realmode_swtch */
    .word 0                     /* 0x20c start_sys_seg */
    .word 0                     /* 0x20e kernel_version */
    .byte 0                     /* 0x210 type_of_loader */
    .byte 0x81                  /* 0x211 loadflags: LOADED_HIGH | CAN_USE_HEAP */
    .word 0                     /* 0x212 setup_move_size */
    .long 0x100000              /* 0x214 code32_start */
    .long 0                     /* 0x218 ramdisk_image */
    .long 0                     /* 0x21c ramdisk_size */
    .long 0                     /* 0x220 bootsect_kludge */
    .word 0                     /* 0x224 heap_end_ptr */
    .byte 0                     /* 0x226 ext_loader_ver */
    .byte 0                     /* 0x227 ext_loader_type */
    .long 0                     /* 0x228 cmd_line_ptr */
    .long 0x7fffffff            /* 0x22c initrd_addr_max */
    .long 0                     /* 0x230 kernel_alignment */
    .byte 0                     /* 0x234 relocatable_kernel */
    .byte 0                     /* 0x235 min_alignment */
    .word 0                     /* 0x236 xloadflags */
    .long 255                   /* 0x238 cmdline_size */

setup_entry:
    cld
    mov %cs, %ax
    sub $0x20, %ax              /* the zero page starts 0x200 before our entry */
    mov %ax, %ds
    mov %ax, %es

    /* E820 into seg:0x1000 (20-byte entries), count at 0x1e8 as in boot_params. */
    mov $0x1000, %di
    BIOS_E820 128
    mov %bp, %ax
    movb %al, 0x1e8

    cli
    FAST_A20_ON
    xor %esi, %esi
    mov %ds, %si
    shl $4, %esi                /* ESI = linear zero page, kept across the mode switch */
    mov %esi, %eax
    add $setup_gdt, %eax
    mov %eax, setup_gdt_ptr + 2
    lgdtl setup_gdt_ptr
    mov %cr0, %eax
    or $1, %eax
    mov %eax, %cr0
    mov $0x18, %ax              /* flat data now, so start32 sees the state GRUB's `linux` gives */
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %ss
    mov $3, %edi                /* BOOT_KIND_LKRN_REALMODE */
    .byte 0x66, 0xea            /* ljmpl $0x10, $0x100000 (code32_start) */
    .long 0x100000
    .word 0x10

    .balign 8
setup_gdt:
    .quad 0
    .quad 0x00af9a000000ffff    /* 0x08: 64-bit code (unused here; same layout as the main GDT) */
    .quad 0x00cf9a000000ffff    /* 0x10: flat 32-bit code (__BOOT_CS) */
    .quad 0x00cf92000000ffff    /* 0x18: flat data (__BOOT_DS) */
setup_gdt_ptr:
    .word 4 * 8 - 1
    .long 0

    .org 0x400                  /* boot sector + setup_sects sectors */
    .section .note.GNU-stack, "", @progbits
