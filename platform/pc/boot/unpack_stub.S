/* The decompressor in front of an LZ4-compressed carte.lkrn (`carte build`; docs/firmware.md,
 * "The compressed image"). The file is then: real-mode setup | this stub | one raw LZ4 block of
 * the image and its payload. Every loader puts the stub at 0x100000, where it is linked: the
 * Linux boot protocol jumps to code32_start (offset 0), multiboot loaders read the header below
 * (load_addr 0x100000 = file offset 0x400) and enter at multiboot_entry.
 * The stub saves the registers the real entries need (EAX/EBX multiboot, ESI/EDI Linux), moves
 * itself and the block above everything the image will use, decodes the block to 0x100000,
 * checks its CRC-32 and jumps to the real entry with those registers. No stack: neither protocol
 * gives one. Fields and offsets: unpack_stub.h; `carte build` fills them in. */
#include "unpack_stub.h"

#define FIELD(off) unpack_start + off
#define COM1 0x3f8

    .code32
    .text
    .globl unpack_start
unpack_start:
    jmp linux_entry

    .org UNPACK_MULTIBOOT_HEADER
multiboot_header:
    .long 0x1badb002                        /* magic */
    .long 0x00010003                        /* page-align, memory info, a.out kludge */
    .long -(0x1badb002 + 0x00010003)        /* checksum */
    .long multiboot_header                  /* header_addr */
    .long unpack_start                      /* load_addr: file offset 0x400 */
    .long 0                                 /* load_end_addr: end of the block (carte build) */
    .long 0                                 /* bss_end_addr: past the moved copy (carte build) */
    .long multiboot_entry                   /* entry_addr */

    .org UNPACK_PARAMS
    .ascii "CARTELZ4"
    .long UNPACK_LAYOUT_VERSION
    .long unpack_end - unpack_start         /* UNPACK_STUB_SIZE */
    .org UNPACK_PARAMS_END                  /* the other fields: zero until carte build sets them */

linux_entry:                                /* ESI = zero page, EDI = boot kind (setup_header.S) */
    mov %eax, saved_eax
    mov FIELD(UNPACK_LINUX_ENTRY), %eax
    jmp 1f
multiboot_entry:                            /* EAX = 0x2badb002, EBX = multiboot info */
    mov %eax, saved_eax
    mov FIELD(UNPACK_MULTIBOOT_ENTRY), %eax
1:  cli
    cld
    mov %eax, target
    mov %ebx, saved_ebx
    mov %esi, saved_esi
    mov %edi, saved_edi

    /* The block sits where its output goes: move stub + block to COPY_TO (above the decoded
     * image, .bss and the payload's moved copy) and go on there. EBP = the distance moved, so
     * X(%ebp) is our X wherever we run. */
    mov $unpack_start, %esi
    mov FIELD(UNPACK_COPY_TO), %edi
    mov FIELD(UNPACK_COMPRESSED_SIZE), %ecx
    add $unpack_end - unpack_start, %ecx
    rep movsb
    mov FIELD(UNPACK_COPY_TO), %ebp
    sub $unpack_start, %ebp
    lea moved(%ebp), %eax
    jmp *%eax

moved:
    lea unpack_end(%ebp), %esi              /* ESI: the block */
    mov FIELD(UNPACK_COMPRESSED_SIZE)(%ebp), %eax
    add %esi, %eax
    mov %eax, in_end(%ebp)
    mov $unpack_start, %edi                 /* EDI: the image, where it was linked */
    mov FIELD(UNPACK_IMAGE_SIZE)(%ebp), %eax
    test %eax, %eax
    jz corrupt
    add %edi, %eax
    mov %eax, out_end(%ebp)

    /* LZ4 sequences: token (literal length << 4 | match length - 4), literal length bytes,
     * literals, then (not in the last sequence) a u16 offset back and match length bytes. A 15
     * in the token's nibble continues the length with bytes while they are 255. Every length is
     * checked against what is left of the block and of the image. */
sequence:
    cmp in_end(%ebp), %esi
    jae corrupt
    movzbl (%esi), %eax                     /* token */
    inc %esi
    mov %eax, %ecx
    shr $4, %ecx
    cmp $15, %ecx
    jne 3f
2:  cmp in_end(%ebp), %esi
    jae corrupt
    movzbl (%esi), %edx
    inc %esi
    add %edx, %ecx
    cmp FIELD(UNPACK_IMAGE_SIZE)(%ebp), %ecx    /* no length is longer: ECX cannot wrap */
    ja corrupt
    cmp $255, %edx
    je 2b
3:  mov in_end(%ebp), %edx
    sub %esi, %edx
    cmp %ecx, %edx
    jb corrupt
    mov out_end(%ebp), %edx
    sub %edi, %edx
    cmp %ecx, %edx
    jb corrupt
    rep movsb                               /* literals */
    cmp in_end(%ebp), %esi
    je decoded                              /* the last sequence ends the block */
    mov in_end(%ebp), %edx
    sub %esi, %edx
    cmp $2, %edx
    jb corrupt
    movzwl (%esi), %edx                     /* EDX: match offset */
    add $2, %esi
    test %edx, %edx
    jz corrupt
    mov %edi, %ebx
    sub $unpack_start, %ebx
    cmp %edx, %ebx
    jb corrupt                              /* reaches before the image */
    and $15, %eax
    mov %eax, %ecx
    cmp $15, %ecx
    jne 5f
4:  cmp in_end(%ebp), %esi
    jae corrupt
    movzbl (%esi), %eax
    inc %esi
    add %eax, %ecx
    cmp FIELD(UNPACK_IMAGE_SIZE)(%ebp), %ecx
    ja corrupt
    cmp $255, %eax
    je 4b
5:  add $4, %ecx
    mov out_end(%ebp), %eax
    sub %edi, %eax
    cmp %ecx, %eax
    jb corrupt
    mov %esi, %ebx
    mov %edi, %esi
    sub %edx, %esi
    rep movsb                               /* forward, byte by byte: an overlapping match repeats */
    mov %ebx, %esi
    jmp sequence

decoded:
    cmp out_end(%ebp), %edi
    jne corrupt
    /* LZ4 has no check of its own and a damaged literal decodes fine: compare the image's
     * CRC-32 with the one carte build computed. The table goes right after the block. */
    lea unpack_end(%ebp), %edi
    add FIELD(UNPACK_COMPRESSED_SIZE)(%ebp), %edi
    add $3, %edi
    and $~3, %edi
    mov %edi, %ebx                          /* EBX: the table */
    xor %edx, %edx
6:  mov %edx, %eax
    mov $8, %ecx
7:  shr $1, %eax
    jnc 8f
    xor $0xedb88320, %eax
8:  loop 7b
    stosl
    inc %dl
    jnz 6b
    mov $unpack_start, %esi
    mov FIELD(UNPACK_IMAGE_SIZE)(%ebp), %ecx
    mov $0xffffffff, %eax
9:  movzbl (%esi), %edx
    inc %esi
    xor %al, %dl
    shr $8, %eax
    xor (%ebx,%edx,4), %eax
    dec %ecx
    jnz 9b
    not %eax
    cmp FIELD(UNPACK_IMAGE_CRC32)(%ebp), %eax
    jne corrupt

    mov saved_eax(%ebp), %eax
    mov saved_ebx(%ebp), %ebx
    mov saved_esi(%ebp), %esi
    mov saved_edi(%ebp), %edi
    mov target(%ebp), %ecx
    xor %ebp, %ebp
    jmp *%ecx

    /* Never run a damaged image: say so on COM1 (115200 8N1, as the firmware's console) and
     * the screen, end a QEMU run with isa-debug-exit, halt. */
corrupt:
    mov $COM1 + 3, %dx
    mov $0x80, %al                          /* DLAB */
    out %al, %dx
    mov $COM1, %dx
    mov $1, %al                             /* divisor 1: 115200 baud */
    out %al, %dx
    inc %dx
    xor %al, %al
    out %al, %dx
    mov $COM1 + 3, %dx
    mov $3, %al                             /* 8N1 */
    out %al, %dx
    lea message(%ebp), %esi
    mov $0xb8000, %edi
11: lodsb
    test %al, %al
    jz 13f
    mov %al, %bl
    mov $COM1 + 5, %dx
    mov $0x100000, %ecx                     /* bounded wait: there may be no UART */
12: in %dx, %al
    test $0x20, %al                         /* transmitter empty */
    loopz 12b
    mov %bl, %al
    mov $COM1, %dx
    out %al, %dx
    cmp $' ', %bl
    jb 11b
    mov %bl, %al
    mov $0x4f, %ah                          /* white on red */
    stosw
    jmp 11b
13: mov $0xf4, %dx
    mov $1, %al
    out %al, %dx
14: cli
    hlt
    jmp 14b

    .balign 4
saved_eax: .long 0
saved_ebx: .long 0
saved_esi: .long 0
saved_edi: .long 0
target:    .long 0                          /* the real entry */
in_end:    .long 0
out_end:   .long 0
message:   .asciz "\r\nCarte: the compressed image is damaged; halted.\r\n"
    .balign 16
unpack_end:                                 /* the LZ4 block follows */

    .section .note.GNU-stack, "", @progbits
