#include "platform/pc/lwip_netif.h"

#include "lwip/etharp.h"
#include "lwip/netif.h"
#include "lwip/pbuf.h"
#include "netif/ethernet.h"
#include "platform/pc/dhcp_capture.h"

namespace carte::pc {

namespace {
uint8_t g_frame[net::kMaxFrame];  // one bounce buffer: lwIP is single-threaded here

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

int lwip_netif_poll(::netif* nif, int budget, DhcpCapture* observer) {
    int delivered = 0;
    for (; delivered < budget; ++delivered) {
        size_t n = device_of(nif)->poll(Span<uint8_t>(g_frame, sizeof(g_frame)));
        if (n == 0) break;
        if (observer) observer->inspect(Bytes(g_frame, n));
        pbuf* p = pbuf_alloc(PBUF_RAW, u16_t(n), PBUF_POOL);
        if (!p) break;  // pool exhausted: drop, TCP retransmits
        pbuf_take(p, g_frame, u16_t(n));
        if (nif->input(p, nif) != ERR_OK) pbuf_free(p);
    }
    return delivered;
}

}  // namespace carte::pc
