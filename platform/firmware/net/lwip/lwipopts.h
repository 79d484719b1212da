/* lwIP configuration for the PC firmware: the raw API without an OS (NO_SYS), IPv4 with DHCP,
 * TCP tuned for bulk downloads (scaled 128-segment window), polled from the firmware main loop. */
#ifndef CARTE_LWIPOPTS_H
#define CARTE_LWIPOPTS_H

#define NO_SYS 1
#define SYS_LIGHTWEIGHT_PROT 0
#define LWIP_SOCKET 0
#define LWIP_NETCONN 0
#define LWIP_NETIF_API 0

#define LWIP_IPV4 1
#define LWIP_IPV6 0
#define LWIP_ARP 1
#define LWIP_ETHERNET 1
#define LWIP_ICMP 1
#define LWIP_UDP 1
#define LWIP_TCP 1
#define LWIP_DHCP 1
#define LWIP_DNS 0
#define LWIP_RAW 0
#define LWIP_AUTOIP 0
#define LWIP_IGMP 0
#define LWIP_STATS 0
#define LWIP_NETIF_STATUS_CALLBACK 0
#define LWIP_NETIF_LINK_CALLBACK 0
#define LWIP_DHCP_DOES_ACD_CHECK 0
#define DHCP_DOES_ARP_CHECK 0 /* saves a second of ARP probing before the lease is used */

#define MEM_ALIGNMENT 8
#define MEM_SIZE (256 * 1024)
#define PBUF_POOL_SIZE 256 /* room for a full window queued behind a slow reader */
#define MEMP_NUM_PBUF 32
#define MEMP_NUM_TCP_PCB 8
#define MEMP_NUM_TCP_SEG 128
#define MEMP_NUM_UDP_PCB 4

#define TCP_MSS 1460
#define LWIP_WND_SCALE 1
#define TCP_RCV_SCALE 3
#define TCP_WND (128 * TCP_MSS)
// lwIP's default (4 MSS) sends a window-update ACK for nearly every 8 KiB the HTTP client reads,
// on top of the ACK every second segment, which already carries the window: with a 187 KB window,
// a quarter of it is plenty of notice, and every packet not sent is a NIC doorbell saved. Both
// this and the 128-segment window measured faster on virtio-net in same-run A/B (docs/firmware.md).
#define TCP_WND_UPDATE_THRESHOLD (TCP_WND / 4)
#define TCP_SND_BUF (8 * TCP_MSS)
#define TCP_SND_QUEUELEN (4 * TCP_SND_BUF / TCP_MSS)
#define TCP_QUEUE_OOSEQ 1
#define LWIP_TCP_SACK_OUT 0

/* Keep every queued packet while ARP resolves: with the default, only the newest survives. */
#define ARP_QUEUEING 1
#define MEMP_NUM_ARP_QUEUE 16

/* Room for the iPXE-style request options (vendor/user class, 93/94, 175, a long request list). */
#define DHCP_OPTIONS_LEN 312
#define LWIP_HOOK_FILENAME "carte_lwip_hooks.h"

/* lwip_netif.cpp verifies TCP checksums while copying frames out of the NIC's buffers and turns
 * lwIP's own TCP check off per frame when it did (see docs/net.md, receive path). */
#define LWIP_CHECKSUM_CTRL_PER_NETIF 1

#define LWIP_RAND() carte_rand()
#define LWIP_CHKSUM_ALGORITHM 3

#ifdef __cplusplus
extern "C" {
#endif
unsigned int carte_rand(void);
#ifdef __cplusplus
}
#endif

#endif
