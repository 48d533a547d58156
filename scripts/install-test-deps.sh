#!/usr/bin/env bash
# Installs what the test suite needs on a fresh Debian 12 machine (run as root). Idempotent: installs only
# what is missing. Each line: a command the tests run, and the Debian packages that bring it.
set -euo pipefail

missing=()
need() { command -v "$1" >/dev/null 2>&1 || missing+=("${@:2}"); }

need prometheus prometheus                        # integration tests scrape the agent with a real Prometheus
need promtool prometheus                          # alert rules: promtool check rules / test rules
need gcc gcc libc6-dev                            # tests and benchmarks compile small C children
need prometheus-alertmanager prometheus-alertmanager # end-to-end: the image's Alertmanager is Debian's binary
need clang clang zlib1g-dev                       # container tests publish the agent with NativeAOT
need podman podman                                # container tests: images built and run by rootful podman
need runc runc                                    # podman's runtime here (crun fails on hybrid cgroups)
need debootstrap debootstrap                      # the containers' Debian base image, made locally (no registry)

# One-time container setup (containers.conf, the podman API service, the Debian base image); idempotent.
setup_podman() { "$(dirname "$0")/setup-podman.sh"; }

if [ ${#missing[@]} -eq 0 ]; then
  setup_podman
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-test-deps: need root to apt-get install ${missing[*]} (run with sudo)" >&2
  exit 1
fi

echo "install-test-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
setup_podman
