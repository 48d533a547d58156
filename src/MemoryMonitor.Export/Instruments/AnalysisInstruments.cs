using System.Diagnostics.Metrics;
using MemoryMonitor.Analysis.Judgement;

namespace MemoryMonitor.Export.Instruments;

/// <summary>The node-level judgements of the analysis: anomaly score, health and its factors, growth and time to exhaustion.</summary>
public sealed class AnalysisInstruments
{
    private volatile SystemJudgement _latest = SystemJudgement.Unknown;

    public AnalysisInstruments(Meter meter)
    {
        ArgumentNullException.ThrowIfNull(meter);
        meter.CreateObservableGauge(MetricNames.SystemAnomalyScore, () => Known(_latest.AnomalyScore), null, "Anomaly score in [0,1] of the node's used memory (streaming robust statistics with learnt seasonality).");
        meter.CreateObservableGauge(MetricNames.SystemHealthScore, () => Known(_latest.Health.Score), null, "Memory health of the node, 0 (failing) to 100 (nothing wrong); see memmon_system_memory_health_penalty for why.");
        meter.CreateObservableGauge(MetricNames.SystemHealthPenalty, ObservePenalties, null, "Points each factor takes off the health score (only factors that cost points are present).");
        meter.CreateObservableGauge(MetricNames.SystemGrowth, () => Known(_latest.GrowthBytesPerSecond), null, "Robust growth of the node's used memory (MemTotal - MemAvailable), bytes per second.");
        meter.CreateObservableGauge(MetricNames.SystemExhaustion, ObserveExhaustion, "s", "Seconds until available memory plus free swap runs out at the current growth; absent when not growing.");
    }

    public void Publish(SystemJudgement judgement) => _latest = judgement ?? SystemJudgement.Unknown;

    private static Measurement<double>[] Known(double value) => double.IsNaN(value) ? [] : [new Measurement<double>(value)];

    private Measurement<double>[] ObserveExhaustion() => _latest.ExhaustionSeconds is { } seconds ? [new Measurement<double>(seconds)] : [];

    private List<Measurement<double>> ObservePenalties()
    {
        var factors = _latest.Health.Factors;
        var result = new List<Measurement<double>>(factors.Count);
        foreach (var factor in factors)
        {
            result.Add(new Measurement<double>(factor.Penalty, new KeyValuePair<string, object?>("factor", factor.Name)));
        }

        return result;
    }
}
