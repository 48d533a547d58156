#!/usr/bin/env bash
# Boots Debian's kernel under qemu (TCG) with a real cgroup v2 memory controller and runs init.sh in it, printing the
# serial console on stdout. Usage: boot-v2.sh WORK_DIR MEMMON_PUBLISH_DIR
# The kernel package is downloaded once into WORK_DIR/kernel (apt-get download, no install). Needs qemu-system-x86,
# busybox-static, cpio and gcc (scripts/install-test-deps.sh).
set -euo pipefail
work=$1 published=$2
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
mkdir -p "$work"

kernel_dir="$work/kernel"
if [ ! -f "$kernel_dir/ready" ]; then
  rm -rf "$kernel_dir" && mkdir -p "$kernel_dir"
  kernel_package() { apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/ {print $2; exit}'; }
  package=$(kernel_package)
  # A machine whose packages were all installed already may never have fetched apt's lists (install-test-deps.sh
  # updates them only to install something): fetch them once.
  [ -n "$package" ] || { apt-get update -qq && package=$(kernel_package); }
  [ -n "$package" ] || { echo "boot-v2.sh: apt knows no linux-image-amd64 kernel package to download" >&2; exit 1; }
  (cd "$kernel_dir" && apt-get download "$package" >/dev/null 2>&1 && dpkg -x ./*.deb root && rm ./*.deb)
  touch "$kernel_dir/ready"
fi
vmlinuz=$(ls "$kernel_dir"/root/boot/vmlinuz-*)
modules=$(ls -d "$kernel_dir"/root/lib/modules/*)/kernel

root="$work/initramfs"
rm -rf "$root" && mkdir -p "$root"/{bin,modules,lib64,lib/x86_64-linux-gnu,proc,sys,dev,tmp}
! ldd /bin/busybox >/dev/null 2>&1 || { echo "boot-v2.sh: /bin/busybox is not static: apt-get install busybox-static" >&2; exit 1; }
cp /bin/busybox "$root/bin/busybox"
for applet in $("$root/bin/busybox" --list); do [ "$applet" = busybox ] || ln -sf busybox "$root/bin/$applet"; done
cp "$here/init.sh" "$root/init" && chmod +x "$root/init"
for m in lib/crc16 fs/mbcache fs/jbd2/jbd2 crypto/crc32c_generic fs/ext4/ext4 drivers/block/brd; do cp "$modules/$m.ko" "$root/modules/"; done
gcc -O2 -static -o "$root/bin/memory_pattern" "$repo/tests/MemoryMonitor.Analysis.Tests/Children/memory_pattern.c" -lm
# The NativeAOT agent and what it loads: glibc (ldd) and SQLite for the baselines.
cp "$published/memmon" "$published/libe_sqlite3.so" "$root/bin/"
for lib in $(ldd "$published/memmon" | awk '/=> \// {print $3} /^[ \t]*\/lib64/ {print $1}'); do cp -L "$lib" "$root$lib"; done
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) > "$work/initramfs.gz"

# loglevel=1: kernel messages (an OOM kill's) stay in /dev/kmsg, where the agent reads them, off the serial console,
# where one landing mid-line would cut a metric line out of a scrape.
exec timeout 900 qemu-system-x86_64 -m 2048 -smp 2 -nographic -no-reboot -kernel "$vmlinuz" -initrd "$work/initramfs.gz" \
  -append "console=ttyS0 quiet loglevel=1 panic=-1 psi=1"
