// SMBIOS system identification for iPXE's `smbios` settings: manufacturer, product, serial and
// uuid (type 1), asset (type 3 asset tag), board-serial (type 2). The platform finds the entry
// point ("_SM_" 32-bit or "_SM3_" 64-bit): the BIOS leaves it in 0xF0000-0xFFFFF, EFI lists it
// in the configuration table. Everything after that is shared.
#pragma once
#include "runtime/rt/str.h"

namespace carte::fw {

// Takes the structure table from an entry point (either kind; checksums checked); false when
// `entry` is not a valid one.
bool use_smbios_entry(const uint8_t* entry);
// Scans [from, to) on 16-byte boundaries for an entry point, as the BIOS leaves it.
bool find_smbios_entry(uintptr_t from, uintptr_t to);

// The named field, or an empty Str if there is no SMBIOS or no such value. Strings live in the
// firmware's tables (or, for uuid, in a static buffer) and stay valid.
Str smbios_field(Str name);

}  // namespace carte::fw
