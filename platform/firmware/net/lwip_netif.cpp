#include "platform/firmware/net/lwip_netif.h"

#include "lwip/etharp.h"
#include "lwip/netif.h"
#include "lwip/pbuf.h"
#include "netif/ethernet.h"
#include "platform/firmware/net/dhcp_capture.h"
#include "platform/firmware/net/frame_copy.h"
#include "platform/firmware/tsc_clock.h"
#include "runtime/crypto/random_pool.h"

namespace carte::fw {

namespace {
uint8_t g_frame[net::kMaxFrame];  // transmit bounce buffer: lwIP is single-threaded here

net::NetDevice* device_of(::netif* nif) {
    return static_cast<net::NetDevice*>(nif->state);
}

err_t link_output(::netif* nif, pbuf* p) {
    if (p->tot_len > sizeof(g_frame)) return ERR_BUF;
    u16_t n = pbuf_copy_partial(p, g_frame, p->tot_len, 0);
    return device_of(nif)->transmit(Bytes(g_frame, n)).ok() ? ERR_OK : ERR_IF;
}
}  // namespace

extern "C" signed char lwip_netif_init(::netif* nif) {
    net::NetDevice* dev = device_of(nif);
    nif->hwaddr_len = ETH_HWADDR_LEN;
    for (int i = 0; i < ETH_HWADDR_LEN; ++i) nif->hwaddr[i] = dev->mac()[i];
    nif->mtu = 1500;
    nif->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP | NETIF_FLAG_ETHERNET;
    nif->name[0] = 'e', nif->name[1] = 'n';
    nif->output = etharp_output;
    nif->linkoutput = link_output;
    return ERR_OK;
}

// Receive path, one copy per frame: the driver hands out the frame in its DMA buffer, and
// copy_frame moves it into a pool pbuf while summing the TCP segment, so lwIP need not read the
// payload again: for a frame already verified, the netif's TCP check is switched off around the
// synchronous input() call (NO_SYS: the frame is fully processed before input() returns).
int lwip_netif_poll(::netif* nif, int budget, DhcpCapture* observer) {
    net::NetDevice* dev = device_of(nif);
    int delivered = 0;
    dev->begin_tx_batch();  // ACKs sent while this burst goes up leave with one doorbell
    for (; delivered < budget; ++delivered) {
        Bytes frame = dev->receive();
        if (frame.empty()) break;
        if (observer) observer->inspect(frame);
        pbuf* p =
            frame.size() <= net::kMaxFrame ? pbuf_alloc(PBUF_RAW, u16_t(frame.size()), PBUF_POOL) : nullptr;
        if (p && p->next) {  // a frame larger than one pool buffer (not with the default sizes)
            pbuf_take(p, frame.data(), p->tot_len);
            dev->release();
        } else if (p) {
            FrameCheck check = copy_frame(static_cast<uint8_t*>(p->payload), frame);
            dev->release();
            if (check == FrameCheck::tcp_bad) {
                pbuf_free(p);
                continue;
            }
            if (check == FrameCheck::tcp_ok) {
                NETIF_SET_CHECKSUM_CTRL(nif, NETIF_CHECKSUM_ENABLE_ALL & ~NETIF_CHECKSUM_CHECK_TCP);
                if (nif->input(p, nif) != ERR_OK) pbuf_free(p);
                NETIF_SET_CHECKSUM_CTRL(nif, NETIF_CHECKSUM_ENABLE_ALL);
                continue;
            }
        } else {
            dev->release();
            if (frame.size() <= net::kMaxFrame) break;  // pool exhausted: drop, TCP retransmits
            continue;                                   // oversized: drop
        }
        if (nif->input(p, nif) != ERR_OK) pbuf_free(p);
    }
    dev->end_tx_batch();
    // Network timings feed the entropy pool (uncredited): when each burst of frames arrived.
    if (delivered) crypto::random_pool().mix_event(read_tsc() ^ uint64_t(delivered) << 56);
    return delivered;
}

}  // namespace carte::fw
