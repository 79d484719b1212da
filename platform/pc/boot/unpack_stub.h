/* The decompressor stub's fixed layout (unpack_stub.S), which `carte build` (cli/cli_rom_image.cpp)
 * fills in when it writes an LZ4-compressed carte.lkrn. Offsets from the stub's first byte, which
 * is loaded at 0x100000 (file offset 0x400). Plain defines: the assembler includes this too. */
#ifndef CARTE_PLATFORM_PC_BOOT_UNPACK_STUB_H
#define CARTE_PLATFORM_PC_BOOT_UNPACK_STUB_H

#define UNPACK_MULTIBOOT_HEADER 0x04 /* multiboot v1 header with the a.out kludge, 32 bytes */
#define UNPACK_PARAMS 0x24           /* "CARTELZ4", then the u32 fields below */
#define UNPACK_VERSION 0x2c          /* layout version, UNPACK_LAYOUT_VERSION */
#define UNPACK_STUB_SIZE 0x30        /* bytes of stub; the LZ4 block follows it */
#define UNPACK_COMPRESSED_SIZE 0x34  /* bytes of the LZ4 block */
#define UNPACK_IMAGE_SIZE 0x38       /* bytes it decodes to, at 0x100000 (a multiple of 16) */
#define UNPACK_IMAGE_CRC32 0x3c      /* CRC-32 (zlib's) of the decoded image */
#define UNPACK_LINUX_ENTRY 0x40      /* where to go on the Linux boot-protocol path (_start32) */
#define UNPACK_MULTIBOOT_ENTRY 0x44  /* where to go on the multiboot path (multiboot_entry) */
#define UNPACK_COPY_TO 0x48          /* where the stub moves itself and the block first */
#define UNPACK_PARAMS_END 0x4c

/* The stub builds its 1 KiB CRC table right after the moved block, at a 4-byte boundary. */
#define UNPACK_CRC_TABLE_SIZE 1024

#define UNPACK_LAYOUT_VERSION 1

#endif
