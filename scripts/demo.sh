#!/usr/bin/env bash
# The main job: set up, build, turn the bundled catalogue into a bootable ROM and boot it in QEMU
# on this terminal, with a local demo mirror, so that choosing "QEMU demo kernel" (the default)
# boots a real Debian kernel with a busybox initramfs.
#
#   scripts/demo.sh              interactive: the serial console is this terminal (Ctrl-A X quits)
#   CI=true scripts/demo.sh      (or no TTY) unattended: ends when the kernel is up, or after a timeout
#   DEMO_SKIP_SETUP=1            skip scripts/setup.sh (packages already installed)
#   DEMO_BUILD_DIR=dir           use an existing build (skips scripts/build.sh)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build="${DEMO_BUILD_DIR:-$here/build}"

if [[ -z "${DEMO_SKIP_SETUP:-}" ]]; then "$here/scripts/setup.sh"; fi
if [[ -z "${DEMO_BUILD_DIR:-}" ]]; then "$here/scripts/build.sh"; fi

# 1. The catalogue → bytecode → ROM.
menu="$here/menus/catalogue.carte"
[[ -f "$menu" ]] || menu="$here/menus/catalogue.yaml"
[[ -f "$menu" ]] || menu="$here/menus/catalogue.json"
rom="$build/catalogue.lkrn"
"$build/carte" build "$menu" -o "$rom"

# 2. The demo mirror: Debian's kernel and a busybox initramfs, served on 127.0.0.1 and reached by
#    the guest as 10.0.2.100 through QEMU's guestfwd (nothing else of the host is reachable).
mirror=$(mktemp -d /tmp/carte-demo.XXXXXX)
cleanup() {
  [[ -n "${server_pid:-}" ]] && kill "$server_pid" 2>/dev/null || true
  [[ -n "${qemu_pid:-}" ]] && kill "$qemu_pid" 2>/dev/null || true
  rm -rf "$mirror"
}
trap cleanup EXIT
cp "$here/third_party/kernel/vmlinuz" "$mirror/vmlinuz"
root="$mirror/root"
mkdir -p "$root/bin" "$root/dev" "$root/proc" "$root/sys"
cp /bin/busybox "$root/bin/busybox"
cat > "$root/init" <<'EOF'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null || true
echo
echo "CARTE-DEMO-BOOTED: Linux $(uname -r) started from the Carte catalogue over HTTP."
echo "This is a busybox shell; 'poweroff -f' (or Ctrl-A X) ends the demo."
setsid cttyhack sh
poweroff -f
EOF
chmod 755 "$root/init"
(cd "$root" && find . | cpio -o -H newc --quiet) > "$mirror/initrd.cpio"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server --bind 127.0.0.1 --directory "$mirror" "$port" >/dev/null 2>&1 &
server_pid=$!

qemu=(qemu-system-x86_64 -accel tcg -m 512 -kernel "$rom" -display none -no-reboot
      -netdev "user,id=n0,restrict=on,guestfwd=tcp:10.0.2.100:80-cmd:/bin/busybox nc 127.0.0.1 $port"
      -device virtio-net-pci,netdev=n0,romfile=)

# 3. Boot it.
if [[ -t 0 && -t 1 && "${CI:-}" != "true" ]]; then
  echo "Booting $rom in QEMU. The menu's default boots the demo kernel; Ctrl-A X quits QEMU."
  "${qemu[@]}" -serial mon:stdio
else
  # Unattended: never hang. Stop at the kernel's marker or after a timeout.
  log="$mirror/serial.log"
  "${qemu[@]}" -serial "file:$log" -monitor none </dev/null &
  qemu_pid=$!
  touch "$log"
  tail -n +1 -f --pid="$qemu_pid" "$log" &
  tail_pid=$!
  status=1
  for _ in $(seq 1 "${DEMO_TIMEOUT:-240}"); do
    if grep -q "CARTE-DEMO-BOOTED" "$log"; then status=0; break; fi
    kill -0 "$qemu_pid" 2>/dev/null || break
    sleep 1
  done
  kill "$qemu_pid" 2>/dev/null || true
  wait "$qemu_pid" 2>/dev/null || true
  kill "$tail_pid" 2>/dev/null || true
  echo
  if ((status == 0)); then echo "demo: the catalogue's demo entry booted Linux."; else echo "demo: Linux did not boot (see above)."; fi
  exit "$status"
fi
