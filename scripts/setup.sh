#!/usr/bin/env bash
# Installs everything Carte needs on a fresh Debian 12 (bookworm) machine, as root.
# Idempotent: re-running it only installs what is missing and re-fetches nothing that is already pinned.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)

packages=(
  # build
  build-essential cmake ninja-build pkg-config git ca-certificates xz-utils dpkg-dev
  # compiler front-end and host libraries
  antlr4 libantlr4-runtime-dev libyaml-cpp-dev nlohmann-json3-dev libfmt-dev libcli11-dev
  libgtest-dev libgmock-dev libssl-dev openssl
  # LZ4 HC for the compressed carte.lkrn (`carte build`)
  liblz4-dev
  # the UEFI target (carte.efi: clang for x86_64-unknown-windows, lld-link) and formatting
  clang lld clang-format
  # UEFI tests: OVMF, QEMU's NIC option ROMs (efi-e1000.rom), sbverify for the PE check
  ovmf ipxe-qemu sbsigntool
  # end-to-end tests: QEMU, a static busybox for guestfwd relays and the test initrd, a real kernel
  qemu-system-x86 busybox-static cpio python3
  # HTTPS tests: the test PKI made at test time (tests/support/tls_test_server.py)
  python3-cryptography
  # the reference firmware the benchmarks compare against (also a loader in the boot-loader tests)
  ipxe
  # boot-loader tests (tests/qemu/bootloader_test.py): GRUB 2's BIOS modules and grub-mkimage (not
  # grub-pc, which would install GRUB as this machine's boot loader), SYSLINUX with mtools to
  # make a bootable floppy image without root
  grub-pc-bin grub-common syslinux syslinux-common mtools
  # `carte build --format iso` (and its tests): xorriso writes the hybrid ISO, isolinux holds
  # ISOLINUX and the isohybrid MBR; --format usb needs only syslinux and mtools, above
  xorriso isolinux
  # deployment test (tests/qemu/deploy_dnsmasq_test.py, docs/deploy.md): dnsmasq's binary without
  # the system service (nothing starts on this machine), and `ip` for the test's network namespace
  dnsmasq-base iproute2
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# Third-party sources and the test kernel live in third_party/ (ignored by git), pinned by version and checksum.
"$here/scripts/fetch-third-party.sh"
