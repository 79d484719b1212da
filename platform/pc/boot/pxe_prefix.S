/* The real-mode prefix of carte.pxe and carte.kpxe (docs/firmware.md, "PXE and UNDI").
 *
 * A PXE ROM loads the whole file at 0000:7C00 and jumps there with SS:SP on its stack, the !PXE
 * structure's far address at SS:SP+4 and the PXENV+ structure's in ES:BX (PXE 2.1, "NBP entry").
 * The file is this prefix followed by an ordinary carte.lkrn. The prefix:
 *   1. finds the PXE API entry point: !PXE (arguments on the stack) or, from an old ROM, PXENV+
 *      (BX = opcode, ES:DI = parameters) — the order iPXE's pxeprefix.S uses too;
 *   2. copies the ROM's cached DHCPACK (PXENV_GET_CACHED_INFO), so Carte need not ask again;
 *   3. carte.pxe: shuts the PXE stack and its UNDI driver down (UNDI_SHUTDOWN, UNLOAD_STACK,
 *      STOP_UNDI), leaving the NIC to Carte's own drivers; carte.kpxe: shuts down and unloads
 *      only the base code (UNDI_SHUTDOWN, UNLOAD_STACK) and keeps UNDI for Carte's undi driver;
 *   4. reads the E820 map, turns A20 on, enters 32-bit protected mode, copies the lkrn's 32-bit
 *      part to 1 MiB and jumps to it (code32_start) with EDI = PXE_BOOT_KIND, ESI = PXE_HANDOFF.
 * The prefix stays resident at 0x7C00: its second half is the thunk the 64-bit firmware calls to
 * run one real-mode far call (the PXE API) and come back (real_call.S has the 64-bit side):
 *   64-bit → compatibility mode (selector 0x10) → paging and EFER.LME off (legacy protected
 *   mode) → 16-bit protected mode (selector 0x20, base 0x7C00) → PE off (real mode, CS 07C0,
 *   the BIOS interrupt table, interrupts on) → the far call → back up the same stairs.
 * Assembled apart at address 0 (offsets are relative to CS = 07C0) and carried in carte.lkrn's
 * .rodata, so `carte build --format pxe|kpxe` takes the prefix that matches the image. */
#include "pxe_handoff.h"
#include "bios_realmode.inc"

#define HO(field) (PXE_HANDOFF + field)
#define RC(field) (PXE_HANDOFF + PXE_HO_CALL + field)
#define LINEAR(label) (PXE_PREFIX_BASE + label)

#define PXENV_UNDI_SHUTDOWN 0x0005
#define PXENV_STOP_UNDI 0x0015
#define PXENV_UNLOAD_STACK 0x0070
#define PXENV_GET_CACHED_INFO 0x0071
#define PXENV_PACKET_TYPE_DHCP_ACK 2

    .code16
    .text
    .globl prefix_start
prefix_start:
    ljmp $(PXE_PREFIX_BASE >> 4), $entry    /* CS = 07C0, whatever form 0000:7C00 came as */

    .org PXE_PREFIX_PARAMS
    .ascii "CARTEPFX"
    .long PXE_PREFIX_LAYOUT_VERSION
    .long prefix_end - prefix_start         /* PXE_PREFIX_SIZE */
    .long 0                                 /* PXE_PREFIX_PAYLOAD: carte build */
    .long 0                                 /* PXE_PREFIX_FLAGS: carte build */
    .org PXE_PREFIX_PARAMS_END

entry:
    cld
    mov %es, %dx                            /* PXENV+ at DX:BX */
    mov %ss, %ax
    mov %ax, %fs
    mov %sp, %si
    lesw %fs:4(%si), %di                    /* !PXE at ES:DI */
    mov %es, %cx
    cli                                     /* our own stack below 0x7C00: we never return */
    xor %ax, %ax
    mov %ax, %ss
    mov $PXE_STACK_TOP, %sp
    sti
    mov %ax, %ds
    mov %ax, %es

    /* The hand-off block starts zeroed: no command line, no flags. */
    push %di
    push %cx
    mov $PXE_HANDOFF, %di
    mov $(PXE_HO_END / 2), %cx
    xor %ax, %ax
    rep stosw
    pop %cx
    pop %di
    movl $0x54524143, HO(PXE_HO_MAGIC)      /* "CART" */
    movl $0x45585045, HO(PXE_HO_MAGIC + 4)  /* "EPXE" */
    movl $PXE_HANDOFF_VERSION, HO(PXE_HO_VERSION)
    movl %cs:PXE_PREFIX_FLAGS, %eax
    andl $PXE_FL_KEEP_UNDI, %eax
    movl %eax, HO(PXE_HO_FLAGS)
    movl $LINEAR(thunk32), HO(PXE_HO_THUNK32)

    /* 1. The API entry point: !PXE if it checks out, else PXENV+ (and the !PXE it may name). */
    mov %cx, %es
    call check_ppxe
    je have_ppxe
    mov %dx, %es
    mov %bx, %di
    call check_pxenv
    jne no_pxe
    cmpw $0x201, %es:6(%di)                 /* 2.1 and long enough: it names a !PXE */
    jb have_pxenv
    cmpb $0x2c, %es:8(%di)
    jb have_pxenv
    push %di
    push %es
    lesw %es:0x28(%di), %di
    call check_ppxe
    je 1f
    pop %es
    pop %di
    jmp have_pxenv
1:  add $4, %sp
have_ppxe:
    mov %es:0x10(%di), %eax                 /* EntryPointSP */
    mov %eax, HO(PXE_HO_ENTRY)
    orl $(PXE_FL_FOUND | PXE_FL_STACK_ARGS), HO(PXE_HO_FLAGS)
    jmp have_entry
have_pxenv:
    mov %es:0x0a(%di), %eax                 /* RMEntry */
    mov %eax, HO(PXE_HO_ENTRY)
    orl $PXE_FL_FOUND, HO(PXE_HO_FLAGS)
have_entry:
    xor %ax, %ax
    mov %ax, %es

    /* 2. The cached DHCPACK, copied into our buffer. */
    movw $PXENV_PACKET_TYPE_DHCP_ACK, HO(PXE_HO_PARAMS + 2)
    movw $PXE_HO_DHCP_SIZE, HO(PXE_HO_PARAMS + 4)
    movw $HO(PXE_HO_DHCP), HO(PXE_HO_PARAMS + 6)
    movw $0, HO(PXE_HO_PARAMS + 8)
    mov $PXENV_GET_CACHED_INFO, %bx
    call pxe_call
    jne 1f
    mov HO(PXE_HO_PARAMS + 4), %ax          /* BufferSize: the packet's length */
    cmp $PXE_HO_DHCP_SIZE, %ax
    ja 1f
    mov %ax, HO(PXE_HO_DHCP_LEN)
    orl $PXE_FL_DHCP, HO(PXE_HO_FLAGS)
1:
    /* 3. Stop what Carte will not use. */
    mov $PXENV_UNDI_SHUTDOWN, %bx
    call pxe_call
    mov $PXENV_UNLOAD_STACK, %bx
    call pxe_call
    testl $PXE_FL_KEEP_UNDI, HO(PXE_HO_FLAGS)
    jnz no_pxe
    mov $PXENV_STOP_UNDI, %bx
    call pxe_call
no_pxe:

    /* 4. Memory map, A20, protected mode, the lkrn's 32-bit part to 1 MiB. */
    xor %ax, %ax
    mov %ax, %es
    mov $HO(PXE_HO_E820), %di
    BIOS_E820 PXE_HO_E820_MAX
    mov %bp, %ax
    movb %al, HO(PXE_HO_E820_COUNT)
    cli
    FAST_A20_ON
    lgdtl %cs:gdt_ptr
    mov %cr0, %eax
    or $1, %eax
    mov %eax, %cr0
    .byte 0x66, 0xea                        /* ljmpl $0x10, $LINEAR(start32) */
    .long LINEAR(start32)
    .word 0x10

/* ES:DI: is it a !PXE structure ("!PXE", length >= 0x58, bytes summing to 0)? ZF set if so. */
check_ppxe:
    cmpl $0x45585021, %es:(%di)
    jne 1f
    movzbw %es:4(%di), %cx
    cmp $0x58, %cx
    jae checksum
    ret
/* ES:DI: is it a PXENV+ structure ("PXENV+", length >= 0x28, bytes summing to 0)? ZF if so. */
check_pxenv:
    cmpl $0x4e455850, %es:(%di)
    jne 1f
    cmpw $0x2b56, %es:4(%di)
    jne 1f
    movzbw %es:8(%di), %cx
    cmp $0x28, %cx
    jae checksum
    or $1, %cx                              /* too short: clear ZF */
1:  ret
checksum:
    push %si
    mov %di, %si
    xor %ah, %ah
2:  es lodsb
    add %al, %ah
    loop 2b
    pop %si
    test %ah, %ah
    ret

/* The PXE API call BX with the parameter block at PXE_HO_PARAMS (first word: status), made
 * through rm_call. ZF set on success; the first failure is recorded for the firmware to report. */
pxe_call:
    testl $PXE_FL_FOUND, HO(PXE_HO_FLAGS)
    jz 1f
    movw $0, HO(PXE_HO_PARAMS)
    mov HO(PXE_HO_ENTRY), %eax
    mov %eax, RC(RC_TARGET)
    movw $0, RC(RC_DS)
    movw $0, RC(RC_ES)
    movw $0, RC(RC_NARGS)
    movl $HO(PXE_HO_PARAMS), RC(RC_EDI)
    movzwl %bx, %eax
    mov %eax, RC(RC_EBX)
    testl $PXE_FL_STACK_ARGS, HO(PXE_HO_FLAGS)
    jz 2f
    movw $3, RC(RC_NARGS)                   /* opcode, offset, segment */
    mov %bx, RC(RC_ARGS)
    movw $HO(PXE_HO_PARAMS), RC(RC_ARGS + 2)
    movw $0, RC(RC_ARGS + 4)
2:  call rm_call
    xor %ax, %ax
    mov %ax, %ds
    cmpw $0, RC(RC_EAX)                     /* PXENV_EXIT_SUCCESS */
    je 3f
    cmpw $0, HO(PXE_HO_FAILED)
    jne 1f
    mov %bx, HO(PXE_HO_FAILED)
    mov HO(PXE_HO_PARAMS), %ax
    mov %ax, HO(PXE_HO_STATUS)
1:  or $1, %ax                              /* clear ZF */
3:  ret

/* What the firmware asked for (PXE_HO_OP). PXE_OP_ISR_POLL saves a trip down and up per poll:
 * the PXE_HO_CALL block is an UNDI_ISR call with its parameter block at PXE_HO_PARAMS and FuncFlag
 * IN_START; when that succeeds with OUT_OURS (0), the same call runs again as IN_PROCESS. */
rm_dispatch:
    cmpw $PXE_OP_ISR_POLL, HO(PXE_HO_OP)
    jne rm_call
    mov RC(RC_EBX), %edx                    /* the inputs a PXENV+ call's outputs overwrite */
    mov RC(RC_EDI), %esi
    call rm_call
    cmpw $0, RC(RC_EAX)
    jne 1f
    cmpw $0, HO(PXE_HO_PARAMS + 2)
    jne 1f
    movw $0, HO(PXE_HO_PARAMS)
    movw $2, HO(PXE_HO_PARAMS + 2)          /* PXENV_UNDI_ISR_IN_PROCESS */
    mov %edx, RC(RC_EBX)
    mov %esi, RC(RC_EDI)
    call rm_call
1:  ret

/* One far call as PXE_HO_CALL describes it: arguments pushed (args[0] last), ES and DS and the
 * general registers loaded, the call, the registers and FLAGS stored back. Expects DS = 0 and
 * SS = 0 (the block is addressed as 0000:linear); keeps BX, DX, SI, DI, BP and the segments. */
rm_call:
    pushal
    push %ds
    push %es
    mov RC(RC_NARGS), %cx
    cmp $RC_MAX_ARGS, %cx
    jbe 1f
    mov $RC_MAX_ARGS, %cx
1:  mov %cx, %bx
    shl $1, %bx
2:  jcxz 3f
    sub $2, %bx
    pushw RC(RC_ARGS)(%bx)
    dec %cx
    jmp 2b
3:  mov RC(RC_ES), %es
    mov RC(RC_EAX), %eax
    mov RC(RC_EBX), %ebx
    mov RC(RC_ECX), %ecx
    mov RC(RC_EDX), %edx
    mov RC(RC_ESI), %esi
    mov RC(RC_EDI), %edi
    mov RC(RC_EBP), %ebp
    mov RC(RC_DS), %ds
    lcall *%ss:RC(RC_TARGET)
    pushf
    popw %ss:RC(RC_FLAGS)
    mov %eax, %ss:RC(RC_EAX)
    mov %ebx, %ss:RC(RC_EBX)
    mov %ecx, %ss:RC(RC_ECX)
    mov %edx, %ss:RC(RC_EDX)
    mov %esi, %ss:RC(RC_ESI)
    mov %edi, %ss:RC(RC_EDI)
    mov %ebp, %ss:RC(RC_EBP)
    mov %ss:RC(RC_NARGS), %cx
    cmp $RC_MAX_ARGS, %cx
    jbe 4f
    mov $RC_MAX_ARGS, %cx
4:  shl $1, %cx
    add %cx, %sp
    pop %es
    pop %ds
    popal
    ret

    .code32
/* Protected mode, flat: the lkrn's 32-bit part (after its 1 KiB setup) to 1 MiB, then its
 * code32_start with the hand-off. The source ends below 640 KiB, so the ranges never overlap. */
start32:
    mov $0x18, %eax
    mov %eax, %ds
    mov %eax, %es
    mov %eax, %ss
    mov %eax, %fs
    mov %eax, %gs
    mov $LINEAR(prefix_end) + 0x400, %esi
    mov $0x100000, %edi
    mov %cs:LINEAR(PXE_PREFIX_PAYLOAD), %ecx
    rep movsb
    mov $PXE_HANDOFF, %esi
    mov $PXE_BOOT_KIND, %edi
    mov $0x100000, %eax
    jmp *%eax

/* The thunk, entered from 64-bit mode by a far return to selector 0x10 (compatibility mode) with
 * interrupts off and PXE_HO_CALL filled in; real_call.S saved what it needs to come back. */
thunk32:
    lgdt LINEAR(gdt_ptr)
    mov %cr0, %eax
    and $0x7fffffff, %eax                   /* paging off: legacy protected mode */
    mov %eax, %cr0
    mov $0xc0000080, %ecx                   /* EFER.LME off */
    rdmsr
    and $~0x100, %eax
    wrmsr
    ljmp $0x20, $thunk16                    /* 16-bit code, base 0x7C00 */
    .code16
thunk16:
    mov $0x28, %ax                          /* 16-bit data: 64 KiB limits for real mode */
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %fs
    mov %ax, %gs
    mov %ax, %ss
    mov %cr0, %eax
    and $~1, %eax
    mov %eax, %cr0
    ljmp $(PXE_PREFIX_BASE >> 4), $thunk_real
thunk_real:
    xor %ax, %ax
    mov %ax, %ds
    mov %ax, %es
    mov %ax, %fs
    mov %ax, %gs
    mov %ax, %ss
    mov $PXE_STACK_TOP, %sp
    lidtl %cs:ivt_ptr
    sti                                     /* the BIOS's timer tick runs while real-mode code does */
    call rm_dispatch
    cli
    lgdtl %cs:gdt_ptr
    mov %cr0, %eax
    or $1, %eax
    mov %eax, %cr0
    .byte 0x66, 0xea                        /* ljmpl $0x10, $LINEAR(thunk_up32) */
    .long LINEAR(thunk_up32)
    .word 0x10
    .code32
thunk_up32:
    mov $0x18, %eax
    mov %eax, %ds
    mov %eax, %es
    mov %eax, %ss
    mov %eax, %fs
    mov %eax, %gs
    mov HO(PXE_HO_SAVED_CR3), %eax
    mov %eax, %cr3
    mov %cr4, %eax
    or $0x20, %eax                          /* PAE */
    mov %eax, %cr4
    mov $0xc0000080, %ecx                   /* EFER.LME on */
    rdmsr
    or $0x100, %eax
    wrmsr
    mov %cr0, %eax
    or $0x80000000, %eax                    /* paging on: compatibility mode */
    mov %eax, %cr0
    ljmp *HO(PXE_HO_RETURN)                 /* 64-bit selector 0x08, back into real_call.S */

    .balign 8
gdt:
    .quad 0
    .quad 0x00af9a000000ffff                /* 0x08: 64-bit code (as the firmware's own GDT) */
    .quad 0x00cf9a000000ffff                /* 0x10: flat 32-bit code */
    .quad 0x00cf92000000ffff                /* 0x18: flat data */
    .quad 0x00009a007c00ffff                /* 0x20: 16-bit code, base 0x7C00 */
    .quad 0x000092000000ffff                /* 0x28: 16-bit data, base 0 */
gdt_ptr:
    .word 6 * 8 - 1
    .long LINEAR(gdt)
ivt_ptr:
    .word 0x3ff
    .long 0
    .balign 16
prefix_end:
    .section .note.GNU-stack, "", @progbits
