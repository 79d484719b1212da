// EFI_STATUS names, from UEFI 2.10 appendix D, so a failing StartImage or a refusing driver is
// reported by the name users search for.
#include "platform/efi/efi_system.h"

namespace carte::efi {

namespace {
struct StatusName {
    EfiStatus code;
    const char* name;
};
constexpr StatusName kNames[] = {
    {kSuccess, "EFI_SUCCESS"},
    {err(1), "EFI_LOAD_ERROR"},
    {err(2), "EFI_INVALID_PARAMETER"},
    {err(3), "EFI_UNSUPPORTED"},
    {err(4), "EFI_BAD_BUFFER_SIZE"},
    {err(5), "EFI_BUFFER_TOO_SMALL"},
    {err(6), "EFI_NOT_READY"},
    {err(7), "EFI_DEVICE_ERROR"},
    {err(8), "EFI_WRITE_PROTECTED"},
    {err(9), "EFI_OUT_OF_RESOURCES"},
    {err(10), "EFI_VOLUME_CORRUPTED"},
    {err(11), "EFI_VOLUME_FULL"},
    {err(12), "EFI_NO_MEDIA"},
    {err(13), "EFI_MEDIA_CHANGED"},
    {err(14), "EFI_NOT_FOUND"},
    {err(15), "EFI_ACCESS_DENIED"},
    {err(16), "EFI_NO_RESPONSE"},
    {err(17), "EFI_NO_MAPPING"},
    {err(18), "EFI_TIMEOUT"},
    {err(19), "EFI_NOT_STARTED"},
    {err(20), "EFI_ALREADY_STARTED"},
    {err(21), "EFI_ABORTED"},
    {err(22), "EFI_ICMP_ERROR"},
    {err(23), "EFI_TFTP_ERROR"},
    {err(24), "EFI_PROTOCOL_ERROR"},
    {err(25), "EFI_INCOMPATIBLE_VERSION"},
    {err(26), "EFI_SECURITY_VIOLATION"},
    {err(27), "EFI_CRC_ERROR"},
    {err(28), "EFI_END_OF_MEDIA"},
    {err(31), "EFI_END_OF_FILE"},
    {err(32), "EFI_INVALID_LANGUAGE"},
    {err(33), "EFI_COMPROMISED_DATA"},
    {err(35), "EFI_HTTP_ERROR"},
    {1, "EFI_WARN_UNKNOWN_GLYPH"},
    {2, "EFI_WARN_DELETE_FAILURE"},
    {3, "EFI_WARN_WRITE_FAILURE"},
    {4, "EFI_WARN_BUFFER_TOO_SMALL"},
};
}  // namespace

Str status_name(EfiStatus s, char (&scratch)[32]) {
    for (const StatusName& n : kNames)
        if (n.code == s) return Str(n.name, __builtin_strlen(n.name));
    const char* prefix = "EFI status 0x";
    size_t i = 0;
    for (; prefix[i]; ++i) scratch[i] = prefix[i];
    for (int shift = 60; shift >= 0; shift -= 4) scratch[i++] = "0123456789abcdef"[(s >> shift) & 15];
    return Str(scratch, i);
}

}  // namespace carte::efi
