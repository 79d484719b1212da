// SMBIOS system identification for iPXE's `smbios` settings: manufacturer, product, serial and
// uuid (type 1), asset (type 3 asset tag), board-serial (type 2). Found through the entry point
// the BIOS leaves in 0xF0000-0xFFFFF ("_SM_" 32-bit or "_SM3_" 64-bit).
#pragma once
#include "runtime/rt/str.h"

namespace carte::pc {

// The named field, or an empty Str if there is no SMBIOS or no such value. Strings live in the
// firmware's tables (or, for uuid, in a static buffer) and stay valid.
Str smbios_field(Str name);

}  // namespace carte::pc
