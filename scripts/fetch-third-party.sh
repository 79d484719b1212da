#!/usr/bin/env bash
# Fetches third-party sources (lwIP, BearSSL) from Debian's source packages and a real Linux kernel for the
# end-to-end tests into third_party/ (ignored by git). Pinned by version and SHA-256; idempotent.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
tp="$here/third_party"
mkdir -p "$tp/downloads"

# deb-src entry for bookworm, so that `apt-get source` works: the URIs and Signed-By of the machine's
# own bookworm `deb` entry (scripts/apt-deb-src.sh), so sources come from the archive it already uses.
# Skipped when the machine has a deb-src entry already.
src=/etc/apt/sources.list.d/carte-src.sources
if ! grep -rqsE '^Types:.*[[:space:]]deb-src([[:space:]]|$)' /etc/apt/sources.list.d/ &&
  ! grep -qsE '^[[:space:]]*deb-src[[:space:]]' /etc/apt/sources.list; then
  entry=$("$here/scripts/apt-deb-src.sh" /etc/apt/sources.list /etc/apt/sources.list.d bookworm) || {
    echo "fetch-third-party.sh: cannot derive a bookworm deb-src entry from this machine's apt sources" >&2
    exit 1
  }
  printf '%s\n' "$entry" >"$src"
  apt-get update -q
fi

# name  debian-source-version  orig-tarball  sha256  unpacked-dir
fetch_source() {
  local pkg=$1 ver=$2 tarball=$3 sum=$4 dir=$5
  if [ -f "$tp/$dir/.carte-pinned" ] && [ "$(cat "$tp/$dir/.carte-pinned")" = "$sum" ]; then return; fi
  (cd "$tp/downloads" && [ -f "$tarball" ] || apt-get source --download-only "$pkg=$ver" >/dev/null)
  echo "$sum  $tp/downloads/$tarball" | sha256sum -c --quiet
  rm -rf "$tp/$dir" && mkdir -p "$tp/$dir"
  tar -xJf "$tp/downloads/$tarball" -C "$tp/$dir" --strip-components=1
  echo "$sum" >"$tp/$dir/.carte-pinned"
}
fetch_source lwip 2.1.3+dfsg1-2 lwip_2.1.3+dfsg1.orig.tar.xz \
  0a8276d09fc4e97bbba2f953d74af2388fc2195ea156be9d7589e297a68fde24 lwip
fetch_source bearssl 0.6+dfsg.1-3 bearssl_0.6+dfsg.1.orig.tar.xz \
  102a625bd8f6155260867a50c508df8d8c3f796985dd744df1a68e5cd1a79004 bearssl

# A real Debian kernel for the QEMU tests: the cloud flavour (serial console built in, 1/3 the size).
# apt verifies the package against the signed archive index; we keep only vmlinuz.
if [ ! -f "$tp/kernel/vmlinuz" ]; then
  rm -rf "$tp/kernel" && mkdir -p "$tp/kernel/deb"
  kpkg=$(apt-cache depends linux-image-cloud-amd64 | awk '/Depends: linux-image-/{print $2; exit}')
  (cd "$tp/kernel/deb" && apt-get download "$kpkg" >/dev/null)
  dpkg-deb -x "$tp/kernel/deb/"*.deb "$tp/kernel/root"
  cp "$tp/kernel/root/boot/"vmlinuz-* "$tp/kernel/vmlinuz"
  echo "$kpkg" >"$tp/kernel/version"
  rm -rf "$tp/kernel/root" "$tp/kernel/deb"
fi

# The Linux-guest ceiling of bench/firmware/compare.py (busybox wget in a guest on the same NIC)
# needs the NIC drivers, which the cloud flavour builds as modules: virtio-net and what it needs,
# from the very package vmlinuz came from (same ABI in the name, so the modules load). The cloud
# flavour has no e1000 driver at all, so the e1000 ceiling uses the generic flavour of the same
# ABI: its vmlinuz and e1000.ko go to kernel/generic/. Modules are listed in load order (each
# after those it depends on: virtio needs virtio_ring).
extract_modules() {  # package dest-dir module-path...
  local pkg=$1 dest=$2
  shift 2
  rm -rf "$tp/kernel/deb" && mkdir -p "$tp/kernel/deb" "$dest"
  (cd "$tp/kernel/deb" && apt-get download "$pkg" >/dev/null)
  dpkg-deb -x "$tp/kernel/deb/"*.deb "$tp/kernel/deb/root"
  local order="" m
  for m in "$@"; do
    cp "$tp/kernel/deb/root/lib/modules/"*/kernel/"$m" "$dest/"
    order="$order $(basename "$m")"
  done
  echo "${order# }" >"$dest/load-order"
  [ "$dest" = "$tp/kernel/generic" ] && cp "$tp/kernel/deb/root/boot/"vmlinuz-* "$dest/vmlinuz"
  rm -rf "$tp/kernel/deb"
}
# Only the benchmark needs them (tests don't): `scripts/fetch-third-party.sh --bench`.
[ "${1:-}" = "--bench" ] || exit 0
kpkg=$(cat "$tp/kernel/version")
if [ ! -f "$tp/kernel/modules/load-order" ]; then
  extract_modules "$kpkg" "$tp/kernel/modules" drivers/virtio/virtio_ring.ko drivers/virtio/virtio.ko \
    drivers/virtio/virtio_pci_legacy_dev.ko drivers/virtio/virtio_pci_modern_dev.ko drivers/virtio/virtio_pci.ko \
    net/core/failover.ko drivers/net/net_failover.ko drivers/net/virtio_net.ko
fi
if [ ! -f "$tp/kernel/generic/load-order" ]; then
  extract_modules "${kpkg/-cloud/}" "$tp/kernel/generic" drivers/net/ethernet/intel/e1000/e1000.ko
fi
