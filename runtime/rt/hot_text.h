/* Placement for the few loops every downloaded byte runs through (frame copy and checksum, bulk
 * copies). Under QEMU's TCG a loop whose code straddles a 4 KiB page boundary is split into two
 * translation blocks, and a jump to another page is not chained directly, so the same loop runs
 * at about half speed: an unrelated change that shifted copy_frame's loop across a page halved
 * the ROM's download rate. Functions marked CARTE_HOT_TEXT go to .text.hot.*, which the ROM's
 * linker script (platform/pc/boot/carte.ld) packs into the first page of code and asserts fits
 * there. Elsewhere (host builds) the attribute only names a section. PE images (carte.efi) allow
 * no long section names: there they go to .text$hot_*, which lld-link merges into .text, kept
 * together. C and C++. */
#pragma once

#if defined(_WIN32)
#define CARTE_HOT_TEXT(name) __attribute__((section(".text$hot_" name)))
#else
#define CARTE_HOT_TEXT(name) __attribute__((section(".text.hot." name)))
#endif
