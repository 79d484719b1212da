#include "platform/firmware/net/lwip_network.h"

#include "drivers/hw/hw.h"
#include "lwip/dhcp.h"
#include "lwip/init.h"
#include "lwip/netif.h"
#include "lwip/prot/dhcp.h"
#include "lwip/timeouts.h"
#include "netif/ethernet.h"
#include "platform/firmware/net/lwip_netif.h"
#include "platform/firmware/net/lwip_tcp_stream.h"
#include "platform/firmware/net/lwip_udp_socket.h"
#include "runtime/net/dns_client.h"
#include "runtime/net/ipv4_text.h"
#include "runtime/rt/allocator.h"

namespace carte::fw {

namespace {
LwipNetwork g_network;

Ipv4 to_ipv4(const ip4_addr_t* a) {
    uint32_t v = a ? ip4_addr_get_u32(a) : 0;  // network byte order in memory
    return Ipv4{{uint8_t(v), uint8_t(v >> 8), uint8_t(v >> 16), uint8_t(v >> 24)}};
}

}  // namespace

LwipNetwork& network() {
    return g_network;
}

bool LwipNetwork::add_device(net::NetDevice* dev) {
    if (!dev || count_ == kMaxInterfaces) return false;
    ifs_[count_++].dev = dev;
    return true;
}

bool LwipNetwork::preset_lease(size_t index, Bytes bootp) {
    if (index >= count_ || !ifs_[index].dhcp.store_ack(bootp)) return false;
    ifs_[index].preset = true;
    return true;
}

Lease LwipNetwork::apply_preset(size_t index) {
    Interface& itf = ifs_[index];
    itf.preset = false;  // once: a later `dhcp` asks the server again
    Lease lease;
    itf.dhcp.fill(lease);
    Bytes msg = itf.dhcp.ack();
    lease.ip = Ipv4{{msg[16], msg[17], msg[18], msg[19]}};  // yiaddr
    for (const DhcpOption& o : lease.options) {
        if (o.data.size() < 4) continue;
        Ipv4 v{{o.data[0], o.data[1], o.data[2], o.data[3]}};
        if (o.tag == 1) lease.netmask = v;
        if (o.tag == 3) lease.gateway = v;
    }
    ip4_addr_t ip, mask, gw;
    IP4_ADDR(&ip, lease.ip.b[0], lease.ip.b[1], lease.ip.b[2], lease.ip.b[3]);
    IP4_ADDR(&mask, lease.netmask.b[0], lease.netmask.b[1], lease.netmask.b[2], lease.netmask.b[3]);
    IP4_ADDR(&gw, lease.gateway.b[0], lease.gateway.b[1], lease.gateway.b[2], lease.gateway.b[3]);
    netif_set_addr(itf.nif, &ip, &mask, &gw);
    netif_set_default(itf.nif);
    return lease;
}

InterfaceInfo LwipNetwork::interface_info(size_t index) const {
    InterfaceInfo info;
    if (index >= count_) return info;
    net::NetDevice* dev = ifs_[index].dev;
    for (int i = 0; i < 6; ++i) info.mac[i] = dev->mac()[i];
    info.link_up = dev->link_up();
    info.chip = dev->chip();
    info.bus_type = dev->bus_type();
    info.bus_loc = dev->pci.busdevfn();
    return info;
}

Status LwipNetwork::attach(size_t index) {
    if (index >= count_) return Status(Errc::noent, "no such network interface");
    Interface& itf = ifs_[index];
    if (itf.open || itf.link_deadline) return {};
    if (!lwip_ready_) {
        lwip_init();
        lwip_ready_ = true;
    }
    CARTE_TRY(itf.dev->open());
    if (!itf.nif) {
        itf.nif = static_cast<::netif*>(allocator().allocate(sizeof(::netif), alignof(::netif)));
        if (!itf.nif) return Status(Errc::nomem);
        __builtin_memset(itf.nif, 0, sizeof(::netif));
        if (!netif_add(itf.nif, IP4_ADDR_ANY4, IP4_ADDR_ANY4, IP4_ADDR_ANY4, itf.dev, lwip_netif_init,
                       ethernet_input))
            return Status(Errc::io, "netif_add failed");
    }
    // Wait (bounded) for the link: a frame sent before autonegotiation ends is lost, and a lost
    // DHCPDISCOVER costs a full second of lwIP's retry timer (QEMU's e1000 needs ~0.5 s).
    itf.link_deadline = hw::now_ms() + 3000;
    return {};
}

bool LwipNetwork::bring_up(size_t index) {
    Interface& itf = ifs_[index];
    if (itf.open) return true;
    if (!itf.link_deadline) return false;
    if (!itf.dev->link_up() && hw::now_ms() < itf.link_deadline) return false;
    if (index == 0 || !netif_default) netif_set_default(itf.nif);
    netif_set_up(itf.nif);
    netif_set_link_up(itf.nif);
    itf.open = true;
    itf.link_deadline = 0;
    return true;
}

Status LwipNetwork::open(size_t index) {
    CARTE_TRY(attach(index));
    while (!bring_up(index)) __asm__ volatile("pause");
    return {};
}

void LwipNetwork::close(size_t index) {
    if (index >= count_ || !(ifs_[index].open || ifs_[index].link_deadline)) return;
    Interface& itf = ifs_[index];
    dhcp_stop(itf.nif);
    netif_set_down(itf.nif);
    itf.dev->close();
    itf.open = false;
    itf.link_deadline = 0;
    itf.dhcp_started = false;
}

void LwipNetwork::poll() {
    for (size_t i = 0; i < count_; ++i)
        if (ifs_[i].open) lwip_netif_poll(ifs_[i].nif, 32, &ifs_[i].dhcp);
    if (lwip_ready_) sys_check_timeouts();
}

void LwipNetwork::shutdown_all() {
    for (size_t i = 0; i < count_; ++i) close(i);
}

Result<Lease> LwipNetwork::dhcp(size_t index, uint32_t timeout_ms) {
    CARTE_TRY(open(index));
    CARTE_TRY(dhcp_begin(index));
    uint64_t deadline = hw::now_ms() + timeout_ms;
    Lease lease;
    for (;;) {
        auto bound = dhcp_poll(index, &lease);
        if (!bound) return bound.error();
        if (*bound) return lease;
        if (hw::now_ms() > deadline) {
            dhcp_cancel(index);
            return Error(Errc::timedout, "DHCP timed out");
        }
    }
}

Status LwipNetwork::dhcp_begin(size_t index) {
    CARTE_TRY(attach(index));
    Interface& itf = ifs_[index];
    itf.dhcp_started = false;
    if (itf.preset) return {};  // dhcp_poll applies it
    itf.dhcp.clear();
    if (itf.open) {
        if (dhcp_start(itf.nif) != ERR_OK) return Error(Errc::nomem, "dhcp_start failed");
        itf.dhcp_started = true;
    }
    return {};
}

Result<bool> LwipNetwork::dhcp_poll(size_t index, Lease* out) {
    if (index >= count_) return Error(Errc::noent, "no such network interface");
    Interface& itf = ifs_[index];
    if (itf.preset) {  // the firmware's lease: no exchange at all
        if (!bring_up(index)) return false;
        *out = apply_preset(index);
        return true;
    }
    if (!itf.dhcp_started) {
        if (!bring_up(index)) return false;  // still waiting for link
        if (dhcp_start(itf.nif) != ERR_OK) return Error(Errc::nomem, "dhcp_start failed");
        itf.dhcp_started = true;
    }
    poll();
    if (!dhcp_supplied_address(itf.nif)) return false;
    *out = take_lease(index);
    return true;
}

void LwipNetwork::dhcp_cancel(size_t index) {
    if (index >= count_ || !ifs_[index].dhcp_started) return;
    dhcp_stop(ifs_[index].nif);
    ifs_[index].dhcp_started = false;
}

Lease LwipNetwork::take_lease(size_t index) {
    ::netif* nif = ifs_[index].nif;
    netif_set_default(nif);
    Lease lease;
    lease.ip = to_ipv4(netif_ip4_addr(nif));
    lease.netmask = to_ipv4(netif_ip4_netmask(nif));
    lease.gateway = to_ipv4(netif_ip4_gw(nif));
    if (const struct ::dhcp* d = netif_dhcp_data(nif))
        lease.server_id = to_ipv4(ip_2_ip4(&d->server_ip_addr));
    ifs_[index].dhcp.fill(lease);
    return lease;
}

Result<TcpStream*> LwipNetwork::connect(Ipv4 addr, uint16_t port, uint32_t timeout_ms) {
    if (!lwip_ready_) return Error(Errc::io, "no network interface is open");
    return LwipTcpStream::connect(*this, addr, port, timeout_ms);
}

Result<UdpSocket*> LwipNetwork::udp_open() {
    if (!lwip_ready_) return Error(Errc::io, "no network interface is open");
    return LwipUdpSocket::open(*this);
}

Result<size_t> LwipNetwork::udp_exchange(Ipv4 addr, uint16_t port, Bytes request, Span<uint8_t> reply,
                                         uint16_t* reply_port, uint32_t timeout_ms) {
    auto sock = udp_open();
    if (!sock) return sock.error();
    Status sent = (*sock)->send_to(addr, port, request);
    Result<size_t> got =
        sent.ok() ? (*sock)->recv_from(reply, nullptr, reply_port, timeout_ms) : Result<size_t>(sent.error());
    (*sock)->close();
    return got;
}

Result<Ipv4> LwipNetwork::resolve(Str host, uint32_t timeout_ms) {
    Ipv4 literal;
    if (parse_ipv4(host, &literal)) return literal;
    if (host.empty()) return Error(Errc::inval, "empty host name");
    Ipv4 server;
    if (!dns_source_ || !dns_source_(dns_context_, &server) || server.is_zero())
        return Error(Errc::noent, "cannot resolve host name: no DNS server (DHCP gave none; set dns)");
    if (!lwip_ready_) return Error(Errc::io, "cannot resolve host name: no network interface is open");
    DnsOptions options;
    // The caller's budget covers every try of every query.
    if (timeout_ms) options.timeout_ms = max(timeout_ms / (options.retries + 1), uint32_t(250));
    return dns_resolve(*this, server, host, options);
}

}  // namespace carte::fw
