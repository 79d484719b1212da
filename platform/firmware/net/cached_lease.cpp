#include "platform/firmware/net/cached_lease.h"

#include "platform/firmware/kprint.h"

namespace carte::fw {

bool use_cached_lease(LwipNetwork& network, Bytes bootp, const char* source) {
    constexpr size_t kChaddr = 28;
    if (bootp.size() < kChaddr + 6) return false;
    for (size_t i = 0; i < network.interface_count(); ++i) {
        InterfaceInfo info = network.interface_info(i);
        if (__builtin_memcmp(info.mac, bootp.data() + kChaddr, 6) != 0) continue;
        if (!network.preset_lease(i, bootp)) return false;
        carte_printf("net%u: using the lease %s got\n", unsigned(i), source);
        return true;
    }
    return false;
}

}  // namespace carte::fw
