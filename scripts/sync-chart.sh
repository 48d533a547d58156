#!/usr/bin/env bash
# Embeds the repository's alert rules and dashboards in the Helm chart, so that alerting-rules/ and dashboards/
# stay the one source of truth: helm/memmon/rules/ and helm/memmon/dashboards/ are copies, never edited by hand.
#   scripts/sync-chart.sh          copy (and delete copies whose source is gone)
#   scripts/sync-chart.sh --check  exit 1 and list the differences if the chart is out of date (CI; the test
#                                  ChartEmbedsTheRepositoryRulesAndDashboards asserts the same)
# Rule files are the top-level alerting-rules/*.yaml|*.yml that are Prometheus rule files (a top-level `groups:`);
# promtool test files beside them are not copied.
set -euo pipefail
cd "$(dirname "$0")/.."

check=false
[ "${1:-}" = "--check" ] && check=true
status=0

sync_dir() {
  local source_dir=$1 target_dir=$2 kind=$3
  shift 3
  local wanted=()
  if [ -d "$source_dir" ]; then
    while IFS= read -r -d '' file; do
      case $kind in
        rules) grep -q '^groups:' "$file" || continue ;;
      esac
      wanted+=("$(basename "$file")")
      if ! cmp -s "$file" "$target_dir/$(basename "$file")"; then
        if $check; then echo "sync-chart: $target_dir/$(basename "$file") differs from $file" >&2; status=1
        else mkdir -p "$target_dir"; cp "$file" "$target_dir/"; echo "sync-chart: copied $file"; fi
      fi
    done < <(find "$source_dir" -maxdepth 1 -type f \( "$@" \) -print0 | sort -z)
  fi
  [ -d "$target_dir" ] || return 0
  while IFS= read -r -d '' copy; do
    local name
    name=$(basename "$copy")
    if [[ ! " ${wanted[*]-} " == *" $name "* ]]; then
      if $check; then echo "sync-chart: $copy has no source in $source_dir" >&2; status=1
      else rm "$copy"; echo "sync-chart: removed $copy"; fi
    fi
  done < <(find "$target_dir" -maxdepth 1 -type f ! -name .gitkeep -print0)
}

sync_dir alerting-rules helm/memmon/rules rules -name '*.yaml' -o -name '*.yml'
sync_dir dashboards helm/memmon/dashboards dashboards -name '*.json'
exit $status
