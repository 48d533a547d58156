#!/usr/bin/env bash
# Leave-one-group-out cross-validation of SeriesAnomalyDetector on the NAB groups in shared/ (docs/anomaly-detection.md,
# "Cross-validated score"): per held-out group, the setting (from the grid below) and NAB's threshold are chosen on the
# other groups only, then the held-out group is scored. Prints each fold, the mean over the folds with windows, the
# pooled figure and the in-sample all-groups figures; then the same at the agent's window (AnalysisSettings.AnomalyWindow).
# Usage: tests/MemoryMonitor.Benchmarks/run-nab-cv.sh [NAB_DIR=../shared/datasets/nab] [Setting=v1,v2,... ...]
# Extra arguments replace the grid. NEVER point it at NAB's realKnownCause or realTweets: they are the independent check.
set -euo pipefail
cd "$(dirname "$0")/../.."
export MSBUILDDISABLENODEREUSE=1
root="${1:-../shared/datasets/nab}"
shift || true
# The knobs the defaults were tuned on (raw-score scale, window, refractory period, moving average), a few values each.
grid=("$@")
if [ ${#grid[@]} -eq 0 ]; then
  grid=(RawScoreScale=4,6,8 AlertRefractoryPeriod=0,50,100 LikelihoodAveragingWindow=5,10)
fi
flock -o /tmp/memmon-build.lock dotnet build tests/MemoryMonitor.Benchmarks -c Release -v q -nologo >/dev/null
run() { flock -o /tmp/memmon-build.lock dotnet run -c Release --no-build --project tests/MemoryMonitor.Benchmarks -- nab-cv "$root" "$@"; }
echo "## Replay defaults (window 640 and the grid; --replay uses new SeriesAnomalyDetector())"
run WindowLength=512,640,1024 "${grid[@]}"
echo
echo "## Agent (window = AnalysisSettings.AnomalyWindow, 64)"
run WindowLength=64 "${grid[@]}"
