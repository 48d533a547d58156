#!/usr/bin/env bash
# One-time setup for the container tests (tests/MemoryMonitor.Operations.Tests/Container), run as root by
# install-test-deps.sh after podman, runc and debootstrap are installed. Idempotent: each step checks first.
#   1. /etc/containers/containers.conf: runc (crun fails on hybrid cgroup v1/v2 hosts) and default ulimits the
#      podman service may set (it cannot raise its own limits, so a higher default fails every container start).
#   2. The Docker-compatible API that Testcontainers talks to: `podman system service` on /run/podman/podman.sock.
#   3. A local Debian base image (no image registry is reachable): debootstrap --variant=minbase, imported once as
#      localhost/memmon-debian-base:bookworm; the root file system tarball is cached under /var/cache/memmon-images
#      so that a pruned image store re-imports in seconds instead of re-running debootstrap (~1-2 min).
# The tests read DOCKER_HOST (default unix:///run/podman/podman.sock) and disable Ryuk themselves.
set -euo pipefail

SOCKET=/run/podman/podman.sock
BASE_IMAGE=localhost/memmon-debian-base:bookworm
CACHE=/var/cache/memmon-images
ROOTFS_TAR=$CACHE/debian-bookworm-minbase.tar

log() { echo "setup-podman: $*" >&2; }

if [ "$(id -u)" -ne 0 ]; then
  log "needs root (rootful podman, debootstrap)"
  exit 1
fi

# 1. containers.conf
conf=/etc/containers/containers.conf
if ! grep -qs '^runtime = "runc"' "$conf"; then
  nofile=$(ulimit -Hn)
  nproc=$(ulimit -Hu)
  if [ "$nproc" = unlimited ] || [ "$nproc" -gt 32768 ]; then nproc=32768; fi
  mkdir -p /etc/containers
  [ -f "$conf" ] && cp "$conf" "$conf.before-memmon"
  cat >"$conf" <<EOF
# Written by MemoryMonitor scripts/setup-podman.sh (a copy of any earlier file is in containers.conf.before-memmon).
[containers]
default_ulimits = ["nofile=${nofile}:${nofile}", "nproc=${nproc}:${nproc}"]

[engine]
runtime = "runc"
EOF
  log "wrote $conf (runc, nofile=$nofile, nproc=$nproc)"
fi

# 2. The API service
if ! podman --url "unix://$SOCKET" version >/dev/null 2>&1; then
  mkdir -p "$(dirname "$SOCKET")"
  rm -f "$SOCKET"
  # From /: conmon inherits the service's working directory and fails every start once that directory is gone
  # (a deleted checkout).
  # All three standard streams redirected, so the service never holds the caller's pipes open.
  (cd / && exec nohup podman system service --time=0 "unix://$SOCKET") </dev/null >/var/log/memmon-podman-service.log 2>&1 &
  for _ in $(seq 1 50); do
    podman --url "unix://$SOCKET" version >/dev/null 2>&1 && break
    sleep 0.2
  done
  podman --url "unix://$SOCKET" version >/dev/null 2>&1 || { log "podman service did not start (see /var/log/memmon-podman-service.log)"; exit 1; }
  log "podman API on $SOCKET"
fi

# 3. The Debian base image
if ! podman image exists "$BASE_IMAGE"; then
  if [ ! -s "$ROOTFS_TAR" ]; then
    mirror=$(sed -n 's/^URIs: *\([^ ]*debian\)$/\1/p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n1)
    mirror=${mirror:-$(awk '$1 == "deb" && $3 == "bookworm" { print $2; exit }' /etc/apt/sources.list 2>/dev/null)}
    mirror=${mirror:-http://deb.debian.org/debian}
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    log "debootstrap --variant=minbase bookworm from $mirror"
    debootstrap --variant=minbase bookworm "$work/rootfs" "$mirror" >/var/log/memmon-debootstrap.log 2>&1 \
      || { log "debootstrap failed (see /var/log/memmon-debootstrap.log)"; exit 1; }
    # Nothing in the tests needs apt inside the image: drop its lists and caches to keep the base small.
    rm -rf "$work/rootfs/var/cache/apt/"* "$work/rootfs/var/lib/apt/lists/"* "$work/rootfs/usr/share/doc" "$work/rootfs/usr/share/man"
    mkdir -p "$CACHE"
    tar -C "$work/rootfs" -cf "$ROOTFS_TAR.tmp" . && mv "$ROOTFS_TAR.tmp" "$ROOTFS_TAR"
  fi
  podman import --change 'CMD ["/bin/bash"]' "$ROOTFS_TAR" "$BASE_IMAGE" >/dev/null
  log "imported $BASE_IMAGE"
fi
