// The options Carte adds to its DHCP DISCOVER/REQUEST/INFORM messages so servers treat it as
// iPXE would be treated (docs/net.md "DHCP"): the parameter request list is replaced by iPXE's
// (lwIP's own asks only for netmask, router and broadcast; not even DNS), and vendor class 60
// "PXEClient:Arch:00000:UNDI:002001", user class 77 "iPXE", client architecture 93 (0: BIOS),
// client NDI 94 (UNDI 2.1) and encapsulated option 175 with the features this ROM has are added.
// A UEFI build says what iPXE's says instead: architecture 7 (x86-64 UEFI), UNDI 3.16.
// Called from lwIP through LWIP_HOOK_DHCP_APPEND_OPTIONS (lwip/carte_lwip_hooks.h).
#pragma once
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

// `options` holds `*used` bytes of options (no end option yet) in a buffer of `capacity` bytes;
// `msg_type` is the DHCP message type (1 discover, 3 request, 8 inform get the options; others
// are left alone). Returns 0, or -1 (options unchanged) if the additions do not fit.
int carte_dhcp_append_options(uint8_t* options, uint16_t* used, size_t capacity, uint8_t msg_type);

// The client architecture (RFC 4578 option 93) and UNDI version (option 94) the requests carry,
// and the vendor class made from them. Default: 0 and 2.1 (BIOS); platforms set theirs at start.
void carte_dhcp_set_client_arch(uint16_t arch, uint8_t undi_major, uint8_t undi_minor);

#ifdef __cplusplus
}
#endif
