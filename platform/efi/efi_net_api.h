// UEFI network declarations (UEFI 2.10 chapter 24.1 Simple Network Protocol, 24.3 PXE Base Code
// Protocol): what the SNP netdev and the cached-lease reuse need. Layouts pinned as in efi_api.h.
#pragma once
#include "platform/efi/efi_api.h"

namespace carte::efi {

struct MacAddress {
    uint8_t addr[32];
};
union IpAddress {
    uint32_t addr[4];
    uint8_t v4[4];
    uint8_t v6[16];
};

struct SimpleNetworkMode {
    uint32_t state;  // 0 stopped, 1 started, 2 initialized
    uint32_t hw_address_size, media_header_size, max_packet_size, nv_ram_size, nv_ram_access_size;
    uint32_t receive_filter_mask, receive_filter_setting, max_mcast_filter_count, mcast_filter_count;
    MacAddress mcast_filter[16];
    MacAddress current_address, broadcast_address, permanent_address;
    uint8_t if_type;
    bool mac_address_changeable, multiple_tx_supported, media_present_supported, media_present;
};
static_assert(offsetof(SimpleNetworkMode, current_address) == 552);
static_assert(offsetof(SimpleNetworkMode, media_present) == 652);

constexpr uint32_t kSnpStopped = 0, kSnpStarted = 1, kSnpInitialized = 2;
constexpr uint32_t kReceiveUnicast = 0x01, kReceiveMulticast = 0x02, kReceiveBroadcast = 0x04,
                   kReceivePromiscuous = 0x08, kReceivePromiscuousMulticast = 0x10;

struct SimpleNetwork {
    uint64_t revision;
    EfiStatus (*start)(SimpleNetwork*);
    EfiStatus (*stop)(SimpleNetwork*);
    EfiStatus (*initialize)(SimpleNetwork*, uint64_t extra_rx, uint64_t extra_tx);
    EfiStatus (*reset)(SimpleNetwork*, bool extended);
    EfiStatus (*shutdown)(SimpleNetwork*);
    EfiStatus (*receive_filters)(SimpleNetwork*, uint32_t enable, uint32_t disable, bool reset_mcast,
                                 uint64_t mcast_count, MacAddress* mcast);
    void* station_address;
    void* statistics;
    void* mcast_ip_to_mac;
    void* nv_data;
    EfiStatus (*get_status)(SimpleNetwork*, uint32_t* interrupt_status, void** tx_buf);
    EfiStatus (*transmit)(SimpleNetwork*, uint64_t header_size, uint64_t buffer_size, void* buffer,
                          MacAddress* src, MacAddress* dest, uint16_t* protocol);
    EfiStatus (*receive)(SimpleNetwork*, uint64_t* header_size, uint64_t* buffer_size, void* buffer,
                         MacAddress* src, MacAddress* dest, uint16_t* protocol);
    Event wait_for_packet;
    SimpleNetworkMode* mode;
};
static_assert(offsetof(SimpleNetwork, get_status) == 88);
static_assert(offsetof(SimpleNetwork, mode) == 120);

// The PXE base code's mode data: where the firmware's PXE keeps the DHCP packets of the boot
// that loaded us. Each packet is a raw BOOTP/DHCP message (from the op byte), 1472 bytes.
struct PxePacket {
    uint8_t raw[1472];
};
struct PxeBaseCodeMode {
    bool started, ipv6_available, ipv6_supported, using_ipv6, bis_supported, bis_detected, auto_arp,
        send_guid;
    bool dhcp_discover_valid, dhcp_ack_received, proxy_offer_received, pxe_discover_valid, pxe_reply_received,
        pxe_bis_reply_received, icmp_error_received, tftp_error_received, make_callbacks;
    uint8_t ttl, tos;
    IpAddress station_ip, subnet_mask;
    PxePacket dhcp_discover, dhcp_ack, proxy_offer, pxe_discover, pxe_reply, pxe_bis_reply;
};
static_assert(offsetof(PxeBaseCodeMode, station_ip) == 20);
static_assert(offsetof(PxeBaseCodeMode, dhcp_ack) == 1524);
static_assert(offsetof(PxeBaseCodeMode, proxy_offer) == 2996);

struct PxeBaseCode {
    uint64_t revision;
    void* start;
    void* stop;
    void* dhcp;
    void* discover;
    void* mtftp;
    void* udp_write;
    void* udp_read;
    void* set_ip_filter;
    void* arp;
    void* set_parameters;
    void* set_station_ip;
    void* set_packets;
    PxeBaseCodeMode* mode;
};
static_assert(offsetof(PxeBaseCode, mode) == 104);

constexpr Guid kSimpleNetworkGuid = {
    0xa19832b9, 0xac25, 0x11d3, {0x9a, 0x2d, 0x00, 0x90, 0x27, 0x3f, 0xc1, 0x4d}};
constexpr Guid kPxeBaseCodeGuid = {
    0x03c4e603, 0xac28, 0x11d3, {0x9a, 0x2d, 0x00, 0x90, 0x27, 0x3f, 0xc1, 0x4d}};

}  // namespace carte::efi
