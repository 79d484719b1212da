/* What the PXE prefix (pxe_prefix.S) leaves in low memory for the 64-bit firmware, and the fixed
 * places the real-mode call thunk uses. Plain defines: the assembler includes this too.
 *
 * The block starts with a Linux-zero-page look-alike (E820 count at 0x1e8, no command line at
 * 0x228, the E820 table at +0x1000, as our own real-mode setup leaves it), so boot_info.cpp reads
 * the memory map the same way for both. Everything lies below 64 KiB, so a real-mode address is
 * 0000:linear. docs/firmware.md, "PXE and UNDI", describes the hand-over. */
#ifndef CARTE_PLATFORM_PC_BOOT_PXE_HANDOFF_H
#define CARTE_PLATFORM_PC_BOOT_PXE_HANDOFF_H

#define PXE_HANDOFF 0x1000     /* linear address of the block; BIOS data ends at 0x500 */
#define PXE_STACK_TOP 0x7c00   /* real-mode stack 0000:7C00 downwards, below the prefix */
#define PXE_PREFIX_BASE 0x7c00 /* where the PXE ROM loads the file: 0000:7C00 */

#define PXE_HO_E820_COUNT 0x1e8 /* u8, as in the zero page */
#define PXE_HO_CMDLINE 0x228    /* u32, 0: no command line */
#define PXE_HO_E820 0x1000      /* 128 entries of 20 bytes */
#define PXE_HO_E820_MAX 128

#define PXE_HO_MAGIC 0x1a00    /* "CARTEPXE" */
#define PXE_HO_VERSION 0x1a08  /* u32, PXE_HANDOFF_VERSION */
#define PXE_HO_FLAGS 0x1a0c    /* u32, PXE_FL_* */
#define PXE_HO_ENTRY 0x1a10    /* u16 offset, u16 segment: the PXE API entry point */
#define PXE_HO_THUNK32 0x1a14  /* u32: linear address of the thunk's 32-bit entry */
#define PXE_HO_DHCP_LEN 0x1a18 /* u16: bytes of the cached DHCPACK at PXE_HO_DHCP */
#define PXE_HO_STATUS 0x1a1a   /* u16: PXE status of the first call that failed, 0: none */
#define PXE_HO_FAILED 0x1a1c   /* u16: that call's opcode */
#define PXE_HO_OP 0x1a1e       /* u16: what the thunk runs, PXE_OP_* */

#define PXE_OP_CALL 0     /* the far call at PXE_HO_CALL */
#define PXE_OP_ISR_POLL 1 /* UNDI_ISR IN_START, then IN_PROCESS if the NIC said "ours" (undi_net.cpp) */

/* One real-mode far call (pxe_prefix.S, rm_call): the 64-bit side fills it, the thunk runs it. */
#define PXE_HO_CALL 0x1a40
#define RC_TARGET 0x00 /* u16 offset, u16 segment */
#define RC_NARGS 0x04  /* u16, at most RC_MAX_ARGS words pushed before the call */
#define RC_ARGS 0x06   /* u16[8]: args[0] ends on top of the stack */
#define RC_DS 0x16     /* u16 */
#define RC_ES 0x18     /* u16 */
#define RC_FLAGS 0x1a  /* u16: FLAGS after the call */
#define RC_EAX 0x1c    /* u32 each, in and out */
#define RC_EBX 0x20
#define RC_ECX 0x24
#define RC_EDX 0x28
#define RC_ESI 0x2c
#define RC_EDI 0x30
#define RC_EBP 0x34
#define RC_SIZE 0x38
#define RC_MAX_ARGS 8

/* The 64-bit state the thunk saves on the way down and restores on the way back (real_call.S). */
#define PXE_HO_SAVED_RSP 0x1a80 /* u64 */
#define PXE_HO_SAVED_CR3 0x1a88 /* u32: the page tables are below 4 GiB */
#define PXE_HO_RETURN 0x1a8c    /* u32 offset, u16 selector: where the thunk goes back to */
#define PXE_HO_GDTR64 0x1aa0    /* 10 bytes */
#define PXE_HO_IDTR64 0x1ab0    /* 10 bytes */

#define PXE_HO_PARAMS 0x1b00 /* 256 bytes: a PXE API parameter block */
#define PXE_HO_PARAMS_SIZE 0x100
#define PXE_HO_TBD 0x1c00  /* 16 bytes: UNDI transmit buffer descriptor */
#define PXE_HO_DEST 0x1c10 /* 16 bytes: transmit destination MAC */
#define PXE_HO_TX 0x1c20   /* 1536 bytes: the frame being transmitted */
#define PXE_HO_TX_SIZE 0x600
#define PXE_HO_DHCP 0x2300 /* the cached DHCPACK */
#define PXE_HO_DHCP_SIZE 0x600
#define PXE_HO_END 0x2900

#define PXE_FL_KEEP_UNDI 0x1  /* carte.kpxe: the UNDI driver stays loaded for us */
#define PXE_FL_FOUND 0x2      /* a PXE API entry point was found */
#define PXE_FL_STACK_ARGS 0x4 /* !PXE convention (args on the stack), else PXENV+ (BX, ES:DI) */
#define PXE_FL_DHCP 0x8       /* PXE_HO_DHCP holds the ROM's DHCPACK */

#define PXE_HANDOFF_VERSION 1

/* The prefix's own parameters, at the start of the file (offsets from its first byte); `carte
 * build` (cli/cli_pxe_image.cpp) fills in the last two. */
#define PXE_PREFIX_PARAMS 0x08  /* "CARTEPFX" */
#define PXE_PREFIX_VERSION 0x10 /* u32, PXE_PREFIX_LAYOUT_VERSION */
#define PXE_PREFIX_SIZE 0x14    /* u32: bytes of prefix; the lkrn follows */
#define PXE_PREFIX_PAYLOAD 0x18 /* u32: bytes of the lkrn after its 1 KiB real-mode setup */
#define PXE_PREFIX_FLAGS 0x1c   /* u32: PXE_FL_KEEP_UNDI for carte.kpxe */
#define PXE_PREFIX_PARAMS_END 0x20
#define PXE_PREFIX_LAYOUT_VERSION 1

#define PXE_BOOT_KIND 4 /* EDI at code32_start: ESI = PXE_HANDOFF (start32.S) */

#endif
