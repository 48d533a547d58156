#!/usr/bin/env bash
# Installs what the test suite needs on a fresh Debian 12 machine (run as root): the real Prometheus
# (integration tests scrape the agent with it) and gcc (tests and the benchmark compile small C programs).
# Idempotent: does nothing when everything is already there.
set -euo pipefail

missing=()
command -v prometheus >/dev/null 2>&1 || missing+=(prometheus)
command -v gcc >/dev/null 2>&1 || missing+=(gcc libc6-dev)
if [ ${#missing[@]} -eq 0 ]; then
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
