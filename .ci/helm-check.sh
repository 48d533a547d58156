#!/usr/bin/env bash
# Lints, renders and validates the Helm chart with a real helm, by hand (the test suite runs the same steps in
# tests/MemoryMonitor.Operations.Tests/Helm/HelmRenderTests.cs). Needs what scripts/install-test-deps.sh installs:
# helm/tests/node_modules (npm ci) and helm/tests/.tools/helm (helm 4 from the kubectl layer's zip).
#   helm lint --strict   chart structure, values.schema.json against values.yaml and each combination below
#   helm template        every template rendered, per combination (the optional parts on in some)
#   validate-manifests   each rendered object against the Kubernetes and prometheus-operator schemas
#                        (kubernetes-models; offline: no API server)
# Rendered manifests are left in artifacts/helm/<combination>.yaml.
set -euo pipefail
cd "$(dirname "$0")/.."
helm=helm/tests/.tools/helm
[ -x "$helm" ] && [ -d helm/tests/node_modules ] \
  || { echo "helm-check: $helm or helm/tests/node_modules is missing: run scripts/install-test-deps.sh" >&2; exit 1; }

scripts/sync-chart.sh --check

declare -A combinations=(
  [defaults]=""
  [monitoring]="--set prometheus.monitor.enabled=true --set prometheusRule.enabled=true --set dashboards.enabled=true
                --set prometheusRule.additionalLabels.release=kube-prometheus-stack"
  [hostpath-state]="--set stateDir.type=hostPath"
  [otlp]="--set otlp.endpoint=http://otel-collector:4318 --set otlp.protocol=grpc"
  [no-kubelet-logs]="--set kubeletLogs.enabled=false"
  [kmsg]="--set oomKills.kmsg.enabled=true"
  [all-on]="--set prometheus.monitor.enabled=true --set prometheusRule.enabled=true --set dashboards.enabled=true
            --set stateDir.type=hostPath --set otlp.endpoint=http://otel-collector:4318 --set oomKills.kmsg.enabled=true"
)
mkdir -p artifacts/helm
for name in $(printf '%s\n' "${!combinations[@]}" | sort); do
  # shellcheck disable=SC2086 # the combination is a list of words
  set -- ${combinations[$name]}
  echo "helm-check: $name $*"
  "$helm" lint --strict helm/memmon "$@" >/dev/null
  "$helm" template memmon helm/memmon --namespace monitoring "$@" >"artifacts/helm/$name.yaml"
  node helm/tests/validate-manifests.mjs "artifacts/helm/$name.yaml" | tail -n 1
done
