# What every firmware platform compiles besides its own folder, with its own flags: the shared
# start-up and services (platform/firmware/*.cpp), the lwIP glue (net/), the small libc, and the
# lwIP sources themselves. Included by platform/pc and platform/efi.
set(FW_DIR ${CMAKE_SOURCE_DIR}/platform/firmware)
set(FW_LWIP_DIR ${CARTE_THIRD_PARTY}/lwip)
file(GLOB FW_SOURCES CONFIGURE_DEPENDS ${FW_DIR}/*.cpp ${FW_DIR}/net/*.cpp)
set(FW_LIBC_SOURCES ${FW_DIR}/libc/string.c)
set(FW_LIBC_INCLUDE ${FW_DIR}/libc/include)
# lwIP's configuration (lwipopts.h, arch/cc.h) and its own headers.
set(FW_LWIP_INCLUDES ${FW_DIR}/net/lwip ${FW_LWIP_DIR}/src/include)
set(FW_LWIP_SOURCES)
foreach(f init def dns inet_chksum ip mem memp netif pbuf stats sys tcp tcp_in tcp_out timeouts udp
          ipv4/dhcp ipv4/etharp ipv4/icmp ipv4/ip4 ipv4/ip4_addr ipv4/ip4_frag)
  list(APPEND FW_LWIP_SOURCES ${FW_LWIP_DIR}/src/core/${f}.c)
endforeach()
list(APPEND FW_LWIP_SOURCES ${FW_LWIP_DIR}/src/netif/ethernet.c)
