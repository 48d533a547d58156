#!/usr/bin/env bash
# Renders and validates the Helm chart where helm and kubeconform exist (a hosted CI runner; neither is installable on
# the project's own machines, so .ci/run does not call this). The C# tests cover what needs no helm: values.yaml
# against values.schema.json, embedded rules/dashboards equal their sources, .Values paths used by the templates exist.
#   helm lint          chart structure, values.schema.json against values.yaml and each --set below
#   helm template      every template rendered with the optional parts on (ServiceMonitor, PrometheusRule, dashboards)
#   kubeconform        each rendered object against the Kubernetes OpenAPI schemas (CRDs skipped unless a
#                      catalogue is given with KUBECONFORM_CRD_SCHEMAS)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v helm >/dev/null || { echo "helm-check: helm is not installed" >&2; exit 1; }
command -v kubeconform >/dev/null || { echo "helm-check: kubeconform is not installed" >&2; exit 1; }

scripts/sync-chart.sh --check
all_on=(--set prometheus.monitor.enabled=true --set prometheusRule.enabled=true --set dashboards.enabled=true
        --set otlp.endpoint=http://otel-collector:4318 --set stateDir.type=hostPath)
helm lint --strict helm/memmon
helm lint --strict helm/memmon "${all_on[@]}"
schemas=(-schema-location default)
[ -n "${KUBECONFORM_CRD_SCHEMAS:-}" ] && schemas+=(-schema-location "$KUBECONFORM_CRD_SCHEMAS")
helm template memmon helm/memmon --namespace monitoring | kubeconform -strict -summary "${schemas[@]}"
helm template memmon helm/memmon --namespace monitoring "${all_on[@]}" \
  | kubeconform -strict -summary -ignore-missing-schemas "${schemas[@]}"
