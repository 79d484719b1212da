/* lwIP hooks (LWIP_HOOK_FILENAME): Carte's DHCP request options, implemented in
 * platform/firmware/net/dhcp_request_options.cpp (declared here too, so lwIP needs no platform include path).
 */
#ifndef CARTE_LWIP_HOOKS_H
#define CARTE_LWIP_HOOKS_H

int carte_dhcp_append_options(u8_t* options, u16_t* used, size_t capacity, u8_t msg_type);

#define LWIP_HOOK_DHCP_APPEND_OPTIONS(netif, dhcp, state, msg, msg_type, options_len_ptr) \
    (void)carte_dhcp_append_options((msg)->options, (options_len_ptr), DHCP_OPTIONS_LEN, (msg_type))

#endif
